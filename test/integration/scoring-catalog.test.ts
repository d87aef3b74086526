// A catalog change is followed by a full rescoring: `kpi import` (a process of its own) rescores
// the changed plans, and the running server hears of it (pg NOTIFY) and announces the new scores.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { CatalogChanges } from '../../server/src/scoring/catalog-changes.service.js';
import { ScoreEvents, type ScoreChange } from '../../server/src/scoring/score-events.js';
import { buildOnce } from '../support/build.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

/** The CLI, without blocking (the embedded test database is served from this process). */
function kpi(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/dist/cli/main.js', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => process.stderr.write(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('full rescoring after a catalog change', () => {
  let server: TestServer;
  let db: DataSource;
  let dir: string;
  const changes: ScoreChange[] = [];

  const row26a = async () =>
    (await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`)).body.indicators.find(
      (r: { indicator: string }) => r.indicator === `${PLAN}/26a`,
    ) as { finalTarget: number; status: string; score: number };

  beforeAll(async () => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'kpi-catalog-'));
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    server.app.get(ScoreEvents).subscribe((c) => {
      changes.push(c);
    });
    await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, now() - interval '2 days', 96, 'test' FROM assignment
        WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = $1`,
      [`${PLAN}/26a`],
    );
    await server.app.get(ScoringService).rescore(PLAN, new Date());
  }, 240_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rescores the plan when `kpi import` raises a target, and the server announces it', async () => {
    expect(await row26a()).toMatchObject({ finalTarget: 95, status: 'achieved', score: 100 });
    const seed = JSON.parse(readFileSync('seeds/catalogs/vinh-tuy-2026.json', 'utf8'));
    const vneid = seed.indicators.find((i: { code: string }) => i.code === `${PLAN}/26a`);
    vneid.targetText = 'đạt ≥ 98%';
    vneid.targets[0].value = 98;
    const file = join(dir, 'vinh-tuy-2026.json');
    writeFileSync(file, JSON.stringify(seed));
    changes.length = 0;

    const env = { DATABASE_URL: server.database.url, DATABASE_POOL_SIZE: '1' };
    const run = await kpi(['import', file], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).indicators.changed).toEqual([{ code: `${PLAN}/26a`, fields: expect.any(Array) }]);

    // rescored by the CLI: 96 against 98 is behind, 96/98 of the points
    const after = await row26a();
    expect(after).toMatchObject({ finalTarget: 98, status: 'behind' });
    expect(after.score).toBeCloseTo((96 / 98) * 100, 6);
    const ranking = (await server.request(`/api/rankings?plan=${PLAN}`)).body;
    const card = (await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`)).body;
    expect(ranking.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-ca').score).toBe(card.score);

    // the server hears of it (pg NOTIFY) and announces every agency of the plan, once. PGlite,
    // the embedded test database, does not deliver notifications between connections (the
    // server never listens on an embedded database: nothing else can import while it runs), so
    // there the announcement is made by hand, through the same claim
    const [recorded] = await db.query(`SELECT id, plans FROM catalog_change`);
    expect(recorded.plans).toEqual([PLAN]);
    const catalogChanges = server.app.get(CatalogChanges);
    if (server.database.kind === 'external') {
      for (let i = 0; i < 50 && !changes.length; i++) await new Promise((r) => setTimeout(r, 100));
    } else {
      expect(await catalogChanges.announce(Number(recorded.id))).toBe(true);
    }
    expect(changes).toHaveLength(1);
    expect(changes[0].plan).toBe(PLAN);
    expect(changes[0].agencies).toEqual(expect.arrayContaining(['vinh-tuy-ca', 'vinh-tuy-vp']));
    expect(changes[0].agencies).toHaveLength(ranking.agencies.length);
    // a second instance hearing the same notification does not announce it again
    expect(await catalogChanges.announce(Number(recorded.id))).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(changes).toHaveLength(1);
    const [announced] = await db.query(`SELECT announced_at FROM catalog_change`);
    expect(announced.announced_at).not.toBeNull();
  }, 60_000);

  it('does not rescore when an import changes nothing', async () => {
    const env = { DATABASE_URL: server.database.url, DATABASE_POOL_SIZE: '1' };
    const run = await kpi(['import', join(dir, 'vinh-tuy-2026.json')], env);
    expect(run.code).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM catalog_change`))[0].n).toBe(1);
    // a dry run changes nothing either
    const dry = await kpi(['import', '--dry-run', 'seeds/catalogs/vinh-tuy-2026.json'], env);
    expect(JSON.parse(dry.stdout).indicators.changed).toHaveLength(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM catalog_change`))[0].n).toBe(1);
    expect((await row26a()).finalTarget).toBe(98);
  }, 60_000);
});
