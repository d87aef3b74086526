// The scorecard matrix (agencies × indicators, as DHIS2's scorecard view), read from the stored
// scores and the forecast levels the alerts evaluation keeps next to them.
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

interface Matrix {
  plan: string;
  asOf: string;
  indicators: { code: string; name: string; pillar: string; unit: string | null }[];
  agencies: { code: string; kind: string; score: number; rank: number; cells: Record<string, any> }[];
}

describe('scorecard matrix', () => {
  let server: TestServer;
  let db: DataSource;

  async function observe(agency: string, indicator: string, at: string, value: number) {
    await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, $3, $4, 'test' FROM assignment WHERE agency_code = $1 AND indicator_code = $2`,
      [agency, `${PLAN}/${indicator}`, at, value],
    );
  }

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    const now = Date.now();
    const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
    await observe('vinh-tuy-ttpvhcc', '19', daysAgo(10), 100);
    await observe('vinh-tuy-ttpvhcc', '30', daysAgo(10), 45);
    await observe('vinh-tuy-ca', '26a', daysAgo(5), 96);
    await server.app.get(ScoringService).rescore(PLAN, new Date(now));
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists every agency in rank order with a cell per assigned indicator, null where not assigned', async () => {
    const { status, body } = (await server.request(`/api/scorecard-matrix?plan=${PLAN}`)) as {
      status: number;
      body: Matrix;
    };
    expect(status).toBe(200);
    expect(body.plan).toBe(PLAN);
    const ranking = (await server.request(`/api/rankings?plan=${PLAN}`)).body;
    expect(body.agencies.map((a) => [a.code, a.score, a.rank])).toEqual(
      ranking.agencies.map((a: { code: string; score: number; rank: number }) => [a.code, a.score, a.rank]),
    );
    const columns = body.indicators.map((i) => i.code);
    expect(columns).toContain(`${PLAN}/19`);
    const centre = body.agencies.find((a) => a.code === 'vinh-tuy-ttpvhcc')!;
    expect(Object.keys(centre.cells).sort()).toEqual([...columns].sort());
    expect(centre.cells[`${PLAN}/19`]).toMatchObject({
      value: 100,
      score: 100,
      status: 'achieved',
      targetInForce: 100,
    });
    expect(centre.cells[`${PLAN}/30`]).toMatchObject({ value: 45, score: 50, status: 'behind' });
    // 26a (VNeID) is the police unit's, not the service centre's
    expect(centre.cells[`${PLAN}/26a`]).toBeNull();
    const police = body.agencies.find((a) => a.code === 'vinh-tuy-ca')!;
    expect(police.cells[`${PLAN}/26a`]).toMatchObject({ value: 96, status: 'achieved' });
    // the cells agree with the agency's scorecard
    const card = (await server.request(`/api/agencies/vinh-tuy-ttpvhcc/scorecard?plan=${PLAN}`)).body;
    for (const row of card.indicators)
      expect(centre.cells[row.indicator]).toMatchObject({ score: row.score, status: row.status, value: row.value });
  });

  it("shows each cell's early-warning level once the alerts evaluation has forecast it", async () => {
    let cell: { level: string | null } | null = null;
    for (let i = 0; i < 50 && !cell?.level; i++) {
      const body = (await server.request(`/api/scorecard-matrix?plan=${PLAN}`)).body as Matrix;
      cell = body.agencies.find((a) => a.code === 'vinh-tuy-ttpvhcc')!.cells[`${PLAN}/30`];
      if (!cell?.level) await new Promise((r) => setTimeout(r, 100));
    }
    expect(['achieved', 'on_track', 'watch', 'at_risk', 'off_track', 'no_data']).toContain(cell!.level);
    const card = (await server.request(`/api/agencies/vinh-tuy-ttpvhcc/scorecard?plan=${PLAN}`)).body;
    expect(card.indicators.find((r: { indicator: string }) => r.indicator === `${PLAN}/30`).level).toBe(cell!.level);
  });

  it('filters by pillar and kind, and gives an agency account only its own row', async () => {
    const society = (await server.request(`/api/scorecard-matrix?plan=${PLAN}&pillar=society`)).body as Matrix;
    expect(society.indicators.length).toBeGreaterThan(0);
    expect(society.indicators.every((i) => i.pillar === 'society')).toBe(true);
    const all = (await server.request(`/api/scorecard-matrix?plan=${PLAN}`)).body as Matrix;
    expect(society.indicators.length).toBeLessThan(all.indicators.length);

    const schools = (await server.request(`/api/scorecard-matrix?plan=${PLAN}&kind=school`)).body as Matrix;
    expect(schools.agencies.length).toBeGreaterThan(0);
    expect(schools.agencies.every((a) => a.kind === 'school')).toBe(true);
    expect(schools.agencies[0].rank).toBe(1);

    const token = await server.login('vinh-tuy-ca', 'demo');
    const own = (await server.request(`/api/scorecard-matrix?plan=${PLAN}`, { token })).body as Matrix;
    expect(own.agencies.map((a) => a.code)).toEqual(['vinh-tuy-ca']);
    expect(own.indicators.map((i) => i.code)).toEqual(Object.keys(own.agencies[0].cells));

    expect((await server.request('/api/scorecard-matrix')).body.fields[0].field).toBe('plan');
    expect((await server.request(`/api/scorecard-matrix?plan=${PLAN}&kind=castle`)).body.fields[0].field).toBe('kind');
    expect((await server.request(`/api/scorecard-matrix?plan=${PLAN}&pillar=space`)).status).toBe(400);
    expect((await server.request('/api/scorecard-matrix?plan=nope')).status).toBe(404);
  });
});
