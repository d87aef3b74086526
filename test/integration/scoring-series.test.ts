// An assignment's chart series: observations, the target trajectory the engine scores against,
// and the forecast at the deadline.
import { DataSource } from 'typeorm';
import { startTestServer, TEST_NOW, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';
// recent values at the test servers' "now", inside the plan (the forecaster treats values older
// than its max age as no data, and once the deadline has passed it reads only values up to it:
// values stamped days before the real date would all fall after 31/12/2026 from March 2027)
const dayStart = (daysAgo: number) =>
  new Date(Math.floor(Date.parse(TEST_NOW) / 86_400_000 - daysAgo) * 86_400_000).toISOString();
const [A, B, C] = [dayStart(60), dayStart(30), dayStart(10)];

describe('indicator series for charts', () => {
  let server: TestServer;
  let db: DataSource;

  async function observe(agency: string, indicator: string, at: string, value: number, source = 'test') {
    await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, $3, $4, $5 FROM assignment WHERE agency_code = $1 AND indicator_code = $2`,
      [agency, `${PLAN}/${indicator}`, at, value, source],
    );
  }

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    // VNeID (26a, ≥ 95% by 31/12, linear from 1/4): give it a baseline so the trajectory climbs
    await db.query(`UPDATE indicator SET baseline = 50 WHERE code = $1`, [`${PLAN}/26a`]);
    await observe('vinh-tuy-ca', '26a', A, 70);
    await observe('vinh-tuy-ca', '26a', B, 80, 'manual:operator');
    await observe('vinh-tuy-ca', '26a', C, 88);
    // a corrected value: the superseded row is not part of the series
    await db.query(
      `UPDATE observation SET superseded_at = now()
        WHERE observed_at = $2 AND assignment_id = (SELECT id FROM assignment
              WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = $1)`,
      [`${PLAN}/26a`, C],
    );
    await observe('vinh-tuy-ca', '26a', C, 89);
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives the current observations, the linear target trajectory and the forecast', async () => {
    const { status, body } = await server.request(`/api/agencies/vinh-tuy-ca/indicators/26a/series?plan=${PLAN}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      agency: 'vinh-tuy-ca',
      plan: PLAN,
      indicator: `${PLAN}/26a`,
      unit: '%',
      direction: 'higher',
      finalTarget: 95,
      deadline: '2026-12-31',
    });
    expect(typeof body.name).toBe('string');
    expect(body.observations).toEqual([
      { at: A, value: 70, source: 'test' },
      { at: B, value: 80, source: 'manual' },
      { at: C, value: 89, source: 'test' },
    ]);
    // T(t) = b + (T − b)·(t − start)/(deadline − start), DESIGN §5.2
    const start = Date.parse('2026-04-01T00:00:00Z');
    const deadline = Date.parse('2026-12-31T00:00:00Z');
    const expected = (ms: number) => 50 + 45 * ((ms - start) / (deadline - start));
    expect(body.trajectory[0]).toEqual({ at: '2026-04-01T00:00:00.000Z', target: 50 });
    expect(body.trajectory[body.trajectory.length - 1]).toEqual({ at: '2026-12-31T00:00:00.000Z', target: 95 });
    const july = body.trajectory.find((p: { at: string }) => p.at === '2026-07-01T00:00:00.000Z');
    expect(july.target).toBeCloseTo(expected(Date.parse(july.at)), 9);
    expect(body.trajectory).toHaveLength(10); // 1/4, the first of May … December, 31/12
    // the forecast at the deadline, with its band
    expect(body.forecast.level).toMatch(/^(achieved|on_track|watch|at_risk|off_track)$/);
    expect(body.forecast.low).toBeLessThanOrEqual(body.forecast.forecast);
    expect(body.forecast.high).toBeGreaterThanOrEqual(body.forecast.forecast);
    expect(body.forecast.probabilityOfMiss).toBeGreaterThanOrEqual(0);
    expect(body.forecast.probabilityOfMiss).toBeLessThanOrEqual(1);
    // the full code works too (slash encoded)
    const full = await server.request(
      `/api/agencies/vinh-tuy-ca/indicators/${encodeURIComponent(`${PLAN}/26a`)}/series?plan=${PLAN}`,
    );
    expect(full.body.observations).toEqual(body.observations);
  });

  it('gives a flat trajectory and a no-data forecast to an assignment without values', async () => {
    await db.query(`UPDATE indicator SET baseline = NULL WHERE code = $1`, [`${PLAN}/26b`]);
    const { body } = await server.request(`/api/agencies/vinh-tuy-ca/indicators/26b/series?plan=${PLAN}`);
    expect(body.observations).toEqual([]);
    expect(new Set(body.trajectory.map((p: { target: number }) => p.target))).toEqual(new Set([body.finalTarget]));
    expect(body.forecast.level).toBe('no_data');
  });

  it('answers unknown codes with 404 and keeps agency accounts to their own agency', async () => {
    const q = `?plan=${PLAN}`;
    expect((await server.request(`/api/agencies/nobody/indicators/26a/series${q}`)).status).toBe(404);
    expect((await server.request(`/api/agencies/vinh-tuy-ca/indicators/999/series${q}`)).status).toBe(404);
    // assigned to another agency, not to this one
    expect((await server.request(`/api/agencies/vinh-tuy-vp/indicators/26a/series${q}`)).status).toBe(404);
    expect((await server.request(`/api/agencies/vinh-tuy-ca/indicators/26a/series`)).body.fields[0].field).toBe('plan');
    const own = await server.login('vinh-tuy-ca', 'demo');
    const other = await server.login('vinh-tuy-vp', 'demo');
    expect((await server.request(`/api/agencies/vinh-tuy-ca/indicators/26a/series${q}`, { token: own })).status).toBe(
      200,
    );
    expect((await server.request(`/api/agencies/vinh-tuy-ca/indicators/26a/series${q}`, { token: other })).status).toBe(
      403,
    );
  });
});
