// Score history in the server: an agency's score and rank over time, and the ranking as it stood
// at a past instant, both answered from the stored history.
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

describe('score history and rankings as of a time', () => {
  let server: TestServer;
  let db: DataSource;
  let scoring: ScoringService;

  async function observe(agency: string, indicator: string, at: string, value: number) {
    await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, $3, $4, 'test' FROM assignment WHERE agency_code = $1 AND indicator_code = $2`,
      [agency, `${PLAN}/${indicator}`, at, value],
    );
  }
  const ranking = async (query = '') => (await server.request(`/api/rankings?plan=${PLAN}${query}`)).body;
  const entry = (body: { agencies: { code: string }[] }, code: string) =>
    body.agencies.find((a) => a.code === code) as { code: string; score: number; rank: number; previousRank: number };

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    scoring = server.app.get(ScoringService);
    // three moments: June (only the police ward unit has data), July (the service centre
    // overtakes it), August (the police unit's value goes stale after 40 days and drops to 0)
    await observe('vinh-tuy-ca', '26a', '2026-06-01', 96);
    await scoring.rescore(PLAN, new Date('2026-06-10T00:00:00Z'));
    await observe('vinh-tuy-ttpvhcc', '19', '2026-07-01', 100);
    await observe('vinh-tuy-ttpvhcc', '30', '2026-07-01', 95);
    await scoring.rescore(PLAN, new Date('2026-07-10T00:00:00Z'), ['vinh-tuy-ttpvhcc']);
    await scoring.rescore(PLAN, new Date('2026-08-20T00:00:00Z'));
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists an agency's score and rank each time either moved, within from/to", async () => {
    const all = await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ agency: 'vinh-tuy-ca', plan: PLAN });
    const june = all.body.points.find((p: { at: string }) => p.at === '2026-06-10T00:00:00.000Z');
    expect(june.score).toBeGreaterThan(0);
    expect(june.rank).toBe(1);
    const july = all.body.points.find((p: { at: string }) => p.at === '2026-07-10T00:00:00.000Z');
    expect(july).toMatchObject({ score: june.score }); // same score, rank moved: a new point
    expect(july.rank).toBeGreaterThan(1);
    const august = all.body.points.find((p: { at: string }) => p.at === '2026-08-20T00:00:00.000Z');
    expect(august.score).toBeLessThan(june.score); // stale value scores 0
    // points are in time order
    const times = all.body.points.map((p: { at: string }) => p.at);
    expect([...times].sort()).toEqual(times);

    const window = await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}&from=2026-07-01&to=2026-07-31`);
    expect(window.body.points).toEqual([{ at: '2026-07-10T00:00:00.000Z', score: july.score, rank: july.rank }]);
  });

  it('answers the ranking as it stood at a past instant, with the rank a week before it', async () => {
    const inJune = await ranking('&asOf=2026-06-20');
    expect(inJune.asOf).toBe('2026-06-20T00:00:00.000Z');
    expect(entry(inJune, 'vinh-tuy-ca').rank).toBe(1);
    const inJuly = await ranking('&asOf=2026-07-15T00:00:00Z');
    expect(entry(inJuly, 'vinh-tuy-ttpvhcc').rank).toBe(1);
    expect(entry(inJuly, 'vinh-tuy-ttpvhcc').previousRank).toBeGreaterThan(1); // a week earlier: 8 July
    expect(entry(inJuly, 'vinh-tuy-ca')).toMatchObject({ rank: 2, previousRank: 1 });
    // after the August rescoring both values are stale: everyone with data is back to 0
    const inAugust = await ranking('&asOf=2026-08-25');
    expect(entry(inAugust, 'vinh-tuy-ca').score).toBe(0);
    expect(entry(inAugust, 'vinh-tuy-ttpvhcc').score).toBe(0);
    expect(entry(inAugust, 'vinh-tuy-ttpvhcc').previousRank).toBe(1); // 18 August: still July's state
    // before any score existed: an empty ranking, not an error
    expect((await ranking('&asOf=2020-01-01')).agencies).toEqual([]);
  });

  it('names a bad asOf, from or to, and keeps agency accounts to their own history', async () => {
    const bad = await server.request(`/api/rankings?plan=${PLAN}&asOf=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('asOf');
    const badFrom = await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}&from=2026-13-01`);
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.fields[0].field).toBe('from');
    const reversed = await server.request(
      `/api/agencies/vinh-tuy-ca/history?plan=${PLAN}&from=2026-08-01&to=2026-07-01`,
    );
    expect(reversed.body.fields[0].field).toBe('to');
    expect((await server.request(`/api/agencies/nobody/history?plan=${PLAN}`)).status).toBe(404);
    expect((await server.request(`/api/agencies/vinh-tuy-ca/history`)).body.fields[0].field).toBe('plan');

    const own = await server.login('vinh-tuy-ca', 'demo');
    expect((await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}`, { token: own })).status).toBe(200);
    expect((await server.request(`/api/agencies/vinh-tuy-vp/history?plan=${PLAN}`, { token: own })).status).toBe(403);
  });
});
