// The catalog through the real HTTP API and the real importer, on a real PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogImportService } from '../../server/src/catalog/catalog-import.service.js';
import { SEEDS_DIR, validateSeed, type CatalogFile } from '../../server/src/catalog/seed-files.js';
import { DomainError } from '../../server/src/common/domain-error.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const vinhTuy = () => JSON.parse(readFileSync(join(SEEDS_DIR, 'catalogs/vinh-tuy-2026.json'), 'utf8')) as CatalogFile;

describe('catalog', () => {
  let server: TestServer;
  let importer: CatalogImportService;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    importer = server.app.get(CatalogImportService);
  });
  afterAll(async () => {
    await server.close();
  });

  it('loads the five plans of the demo on first start', async () => {
    const { status, body } = await server.request('/api/plans');
    expect(status).toBe(200);
    expect(body.map((p: { code: string }) => p.code).sort()).toEqual([
      'dong-da-2025',
      'hai-phong-2024',
      'hanoi-139-2025',
      'hanoi-402-2025',
      'vinh-tuy-2026',
    ]);
    const vt = body.find((p: { code: string }) => p.code === 'vinh-tuy-2026');
    expect(vt).toMatchObject({ rowCount: 47, indicatorCount: vinhTuy().indicators.length });
    expect(vt.pillars.map((p: { code: string }) => p.code)).toEqual(['economy', 'government', 'society']);
  });

  it('loads the demo only into an empty database', async () => {
    expect(await importer.importManifestIfEmpty()).toBeNull();
  });

  it("lists a plan's indicators with verbatim and parsed targets, filtered by pillar and agency", async () => {
    const all = await server.request('/api/plans/vinh-tuy-2026/indicators');
    expect(all.status).toBe(200);
    const on12 = all.body.find((i: { code: string }) => i.code === 'vinh-tuy-2026/12');
    expect(on12.text).toContain('Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn');
    expect(on12.targets[0]).toMatchObject({ op: '>=', value: 98, unit: '%' });
    // data older than the reporting cadence allows counts as missing (monthly 40, quarterly 100, yearly 400 days)
    const maxAge = { monthly: 40, quarterly: 100, yearly: 400 } as Record<string, number>;
    const seeded = new Map(vinhTuy().indicators.map((i) => [i.code, i]));
    for (const i of all.body as { code: string; cadence: string; maxAgeDays: number }[]) {
      expect(i.maxAgeDays).toBe(seeded.get(i.code)!.maxAgeDays ?? maxAge[i.cadence]);
    }
    const society = await server.request('/api/plans/vinh-tuy-2026/indicators?pillar=society');
    expect(society.body.length).toBeGreaterThan(0);
    expect(society.body.every((i: { pillar: string }) => i.pillar === 'society')).toBe(true);
    const police = await server.request('/api/plans/vinh-tuy-2026/indicators?agency=vinh-tuy-ca');
    expect(police.body.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['vinh-tuy-2026/26a']));
  });

  it('names the field of a bad filter and 404s an unknown plan or indicator', async () => {
    const badPillar = await server.request('/api/plans/vinh-tuy-2026/indicators?pillar=space');
    expect(badPillar.status).toBe(400);
    expect(badPillar.body.fields).toEqual([{ field: 'pillar', reason: expect.stringContaining('government') }]);
    const badSyntax = await server.request('/api/plans/vinh-tuy-2026/indicators?agency=NOT%20A%20CODE');
    expect(badSyntax.status).toBe(400);
    expect(badSyntax.body.fields[0].field).toBe('agency');
    const unknownAgency = await server.request('/api/plans/vinh-tuy-2026/indicators?agency=nobody');
    expect(unknownAgency.status).toBe(400);
    const unknownParam = await server.request('/api/plans/vinh-tuy-2026/indicators?colour=red');
    expect(unknownParam.status).toBe(400);
    expect(unknownParam.body.fields[0].field).toBe('colour');
    expect((await server.request('/api/plans/nope/indicators')).status).toBe(404);
    expect((await server.request('/api/plans/vinh-tuy-2026/indicators/999')).status).toBe(404);
  });

  it('returns one indicator with its assignees; city-wide indicators go to all 126 wards and communes', async () => {
    const { status, body } = await server.request('/api/plans/hanoi-402-2025/indicators');
    expect(status).toBe(200);
    const perCommune = await Promise.all(
      body
        .slice(0, 60)
        .map((i: { plan: string; row: string; code: string }) =>
          server.request(`/api/plans/${i.plan}/indicators/${i.code.split('/')[1]}`),
        ),
    );
    const communeWide = perCommune.find((r) => r.body.assignees.length === 126);
    expect(communeWide).toBeDefined();
    expect(communeWide!.body.assignees).toContain('phuong-vinh-tuy');
  });

  it('serves the agency tree: Hà Nội → wards → ward units', async () => {
    const { body } = await server.request('/api/agencies');
    const hanoi = body.find((a: { code: string }) => a.code === 'hanoi');
    const vt = hanoi.children.find((a: { code: string }) => a.code === 'phuong-vinh-tuy');
    expect(vt.officialCode).toBe('00283');
    expect(vt.children.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['vinh-tuy-ca', 'vinh-tuy-vp']),
    );
    expect(hanoi.children.filter((a: { kind: string }) => a.kind === 'ward' || a.kind === 'commune')).toHaveLength(126);
  });

  it("lists an agency's assignments", async () => {
    const { status, body } = await server.request('/api/agencies/vinh-tuy-ca/assignments?plan=vinh-tuy-2026');
    expect(status).toBe(200);
    expect(body.map((a: { indicator: { code: string } }) => a.indicator.code)).toEqual(
      expect.arrayContaining(['vinh-tuy-2026/26a', 'vinh-tuy-2026/26b', 'vinh-tuy-2026/40']),
    );
    expect((await server.request('/api/agencies/nobody/assignments')).status).toBe(404);
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const report = await importer.importSeed(validateSeed(vinhTuy()));
    expect(report.indicators).toMatchObject({ added: [], changed: [], retired: [] });
    expect(report.indicators!.unchanged).toBe(vinhTuy().indicators.length);
    expect(report.assignments).toMatchObject({ added: 0, retired: 0 });
    expect(report.milestones).toMatchObject({ added: [], changed: [], retired: [] });
  });

  it('reports changed fields, retires vanished indicators, and a dry run changes nothing', async () => {
    const edited = vinhTuy();
    const i12 = edited.indicators.find((i) => i.code === 'vinh-tuy-2026/12')!;
    i12.targetText = '≥ 99%';
    edited.indicators = edited.indicators.filter((i) => i.code !== 'vinh-tuy-2026/13');

    const dry = await importer.importSeed(validateSeed(edited), { dryRun: true });
    expect(dry.indicators!.changed).toEqual([{ code: 'vinh-tuy-2026/12', fields: ['targetText', 'targets'] }]);
    expect((await server.request('/api/plans/vinh-tuy-2026/indicators/12')).body.targetText).not.toBe('≥ 99%');

    const real = await importer.importSeed(validateSeed(edited));
    expect(real.indicators!.retired).toEqual(['vinh-tuy-2026/13']);
    expect(real.assignments!.retired).toBeGreaterThan(0);
    const after = await server.request('/api/plans/vinh-tuy-2026/indicators/12');
    expect(after.body.targets[0]).toMatchObject({ op: '>=', value: 99 });
    const retired = await server.request('/api/plans/vinh-tuy-2026/indicators/13');
    expect(retired.body.retired).toBe(true);

    // putting the row back revives it and its assignments
    const back = await importer.importSeed(validateSeed(vinhTuy()));
    expect(back.indicators!.changed.map((c) => c.code).sort()).toEqual(['vinh-tuy-2026/12', 'vinh-tuy-2026/13']);
    expect(back.assignments!.added).toBe(real.assignments!.retired);
  });

  it('rejects a bad file with the fields named and stores nothing', async () => {
    const bad = vinhTuy();
    bad.indicators[0].assignees = ['no-such-agency'];
    bad.indicators[1].pillar = 'space';
    expect.assertions(3);
    try {
      await importer.importSeed(validateSeed(bad));
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).fields).toEqual(
        expect.arrayContaining([
          { field: 'indicators.0.assignees', reason: 'unknown agency "no-such-agency"' },
          { field: 'indicators.1.pillar', reason: "not among the plan's pillars" },
        ]),
      );
    }
    expect(() => validateSeed({ plan: { code: 'X' } })).toThrow(/invalid catalog file/);
  });
});
