// The `kpi` command as users run it: the compiled CLI in a child process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce } from '../support/build.js';
import { createTestDatabase } from '../support/test-database.js';

const CLI = 'server/dist/cli/main.js';

/**
 * Runs the CLI without blocking: with the embedded test database, Jest runs in band and the
 * database is served from this very process, so a synchronous spawn would deadlock.
 */
function kpi(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

beforeAll(() => buildOnce(), 180_000);

describe('kpi', () => {
  it('prints help listing its subcommands, and its version', async () => {
    const help = await kpi(['--help']);
    expect(help.code).toBe(0);
    for (const sub of ['version', 'target', 'score', 'forecast', 'import']) expect(help.stdout).toContain(sub);
    const version = await kpi(['version']);
    expect(JSON.parse(version.stdout)).toMatchObject({
      name: 'kpi',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
  });

  it('rejects an unknown subcommand with a non-zero exit', async () => {
    const r = await kpi(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command/);
  });

  it('target: one JSON line per text, from arguments and from --stdin', async () => {
    const r = await kpi(['target', 'đạt ≥ 98%', 'xếp hạng từ thứ 10 trở lên']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { text: 'đạt ≥ 98%', targets: [{ op: '>=', value: 98, min: null, max: null, unit: '%', approximate: false }] },
      {
        text: 'xếp hạng từ thứ 10 trở lên',
        targets: [{ op: '<=', value: 10, min: null, max: null, unit: 'rank', approximate: false }],
      },
    ]);
    const texts = Array.from({ length: 100 }, (_, i) => `Tỷ lệ ${i} đạt tối thiểu ${50 + (i % 50)},5%`);
    const piped = await kpi(['target', '--stdin'], { input: texts.join('\n') + '\n' });
    const out = piped.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(100);
    expect(out[3].targets[0]).toMatchObject({ op: '>=', value: 53.5, unit: '%' });
  });

  it('target: text without a target prints no targets and says why on stderr', async () => {
    const r = await kpi(['target', 'Nghị định số 42/2022/NĐ-CP']);
    expect(JSON.parse(r.stdout)).toEqual({ text: 'Nghị định số 42/2022/NĐ-CP', targets: [] });
    expect(r.stderr).toContain('no target');
  });

  it('score: DESIGN §5 shapes, from a file or standard input; bad input names the field', async () => {
    const input = {
      asOf: '2026-06-30',
      indicators: [
        { code: 'vt/12', pillar: 'government', target: 'đạt ≥ 98%' },
        { code: 'vt/13', pillar: 'government', target: '< 5%' },
      ],
      agencies: [
        { code: 'a', name: 'A' },
        { code: 'b', name: 'B' },
      ],
      assignments: [
        { agency: 'a', indicator: 'vt/12' },
        { agency: 'a', indicator: 'vt/13' },
        { agency: 'b', indicator: 'vt/12' },
      ],
      observations: [
        { agency: 'a', indicator: 'vt/12', at: '2026-06-01', value: 99 },
        { agency: 'a', indicator: 'vt/13', at: '2026-06-01', value: 10 },
        { agency: 'b', indicator: 'vt/12', at: '2026-06-01', value: 49 },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'kpi-cli-'));
    try {
      const file = join(dir, 'in.json');
      writeFileSync(file, JSON.stringify(input));
      const r = await kpi(['score', '--input', file]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.asOf).toMatch(/^2026-06-30T00:00:00/);
      expect(out.agencies.map((a: { code: string; rank: number }) => [a.code, a.rank])).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      expect(out.agencies[0]).toMatchObject({ score: 75, pillars: { government: 75 } });
      expect(out.agencies[0].indicators).toEqual([
        { indicator: 'vt/12', value: 99, targetInForce: 98, score: 100, status: 'achieved' },
        { indicator: 'vt/13', value: 10, targetInForce: 5, score: 50, status: 'behind' },
      ]);
      expect(out.agencies[1]).toMatchObject({ score: 50, rank: 2 });
      const piped = await kpi(['score', '--input', '-'], { input: JSON.stringify(input) });
      expect(JSON.parse(piped.stdout)).toEqual(out);

      const bad = await kpi(['score', '--input', '-'], {
        input: JSON.stringify({ ...input, indicators: [{ ...input.indicators[0], deadline: 'soon' }] }),
      });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('indicators[0].deadline');
      const notJson = await kpi(['score', '--input', '-'], { input: '{oops' });
      expect(notJson.code).toBe(2);
      expect(notJson.stderr).toContain('not valid JSON');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forecast: DESIGN §6 shapes; a plateau below target is flagged, a finished target is achieved', async () => {
    const months = (values: number[]) =>
      values.map((value, i) => ({ at: `2026-${String(i + 1).padStart(2, '0')}-28`, value }));
    const input = {
      asOf: '2026-10-31',
      series: [
        {
          id: 'plateau',
          target: 'đạt ≥ 95%',
          deadline: '2026-12-31',
          observations: months([60, 66, 70, 72, 72, 73, 72, 73, 72, 72]),
        },
        {
          id: 'done',
          target: '≥ 90%',
          deadline: '2026-12-31',
          observations: months([91, 93, 94, 95, 96, 96, 97, 97, 98, 98]),
        },
        { id: 'empty', target: '≥ 90%', deadline: '2026-12-31', observations: [] },
      ],
    };
    const r = await kpi(['forecast', '--input', '-'], { input: JSON.stringify(input) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.asOf).toMatch(/^2026-10-31T00:00:00/);
    const byId = Object.fromEntries(out.series.map((s: { id: string }) => [s.id, s]));
    expect(byId.plateau).toMatchObject({ level: 'off_track' });
    expect(byId.plateau.forecast).toBeLessThan(95);
    expect(byId.plateau.low).toBeLessThanOrEqual(byId.plateau.forecast);
    expect(byId.plateau.high).toBeGreaterThanOrEqual(byId.plateau.forecast);
    expect(byId.plateau.probabilityOfMiss).toBeGreaterThan(0.8);
    expect(byId.done.level).toBe('achieved');
    expect(byId.empty).toMatchObject({ level: 'no_data', forecast: null });
    const bad = await kpi(['forecast', '--input', '-'], { input: JSON.stringify({ asOf: 'x', series: [] }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('asOf');
  });

  it('import: reports what changed, and nothing on a second run', async () => {
    const db = await createTestDatabase();
    try {
      const env = { DATABASE_URL: db.url, DATABASE_POOL_SIZE: '1' };
      const files = [
        'seeds/agencies/hanoi-city.json',
        'seeds/agencies/hanoi-communes.json',
        'seeds/agencies/vinh-tuy.json',
      ];
      const first = await kpi(['import', ...files, 'seeds/catalogs/vinh-tuy-2026.json'], { env });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const reports = first.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(reports[3]).toMatchObject({
        file: 'seeds/catalogs/vinh-tuy-2026.json',
        kind: 'catalog',
        plan: 'vinh-tuy-2026',
      });
      expect(reports[3].indicators.added.length).toBeGreaterThan(40);
      const second = await kpi(['import', 'seeds/catalogs/vinh-tuy-2026.json'], { env });
      const again = JSON.parse(second.stdout);
      expect(again.indicators).toMatchObject({ added: [], changed: [], retired: [] });
      // a catalog whose agencies are not loaded yet: refused, the fields named, nothing stored
      const early = await kpi(['import', 'seeds/catalogs/dong-da-2025.json'], { env });
      expect(early.code).toBe(1);
      const refused = JSON.parse(early.stdout);
      expect(refused.fields[0]).toMatchObject({ field: expect.stringMatching(/^indicators\.\d+\.assignees$/) });
      expect(refused.fields[0].reason).toContain('unknown agency');
    } finally {
      await db.drop();
    }
  });
});
