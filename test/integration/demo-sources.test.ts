// The demo's simulated DHIS2 and the `dhis2` connector that reads it through the real pull path:
// the source speaks DHIS2 (basic authentication, dataValueSets, UIDs, monthly periods), the
// connector maps it with code maps, and plan 139's ranking fills in from it; a second pull of the
// same periods changes nothing (idempotent ingestion).
import { dhis2Uid } from '../../server/src/demo/dhis2-source.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'hanoi-139-2025';

describe('demo DHIS2 source', () => {
  let server: TestServer;
  let operator: string;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const source = (query: string, authorization = basic('demo', 'demo')) =>
    server.request(`/api/demo/dhis2/api/dataValueSets?${query}`, { token: null, headers: { authorization } });

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    operator = await server.login('operator', 'demo');
  });
  afterAll(async () => {
    await server.close();
  });

  it('is configured as a dhis2 connector pointing at this server, its password never shown', async () => {
    const dhis2 = (await server.request('/api/connectors/demo-dhis2', { token: operator })).body;
    expect(dhis2).toMatchObject({ kind: 'dhis2', schedule: '0 6 * * *' });
    expect(dhis2.config).toMatchObject({
      url: `${server.url}/api/demo/dhis2`,
      dataSet: dhis2Uid('dataSet', PLAN),
      orgUnit: dhis2Uid('orgUnit', 'hanoi'),
      children: true,
      username: 'demo',
      password: '********',
    });
    expect(dhis2Uid('orgUnit', 'phuong-ba-dinh')).toMatch(/^[a-zA-Z][a-zA-Z0-9]{10}$/);
  });

  it('answers in DHIS2 shape, closed months only, and refuses bad credentials and queries by name', async () => {
    const dataSet = dhis2Uid('dataSet', PLAN);
    const hanoi = dhis2Uid('orgUnit', 'hanoi');
    expect((await source(`dataSet=${dataSet}&period=202506&orgUnit=${hanoi}`, basic('demo', 'wrong'))).status).toBe(
      401,
    );
    expect((await source(`dataSet=${dataSet}&period=202506&orgUnit=${hanoi}`, '')).status).toBe(401);
    const missing = await source(`period=202506&orgUnit=${hanoi}`);
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual([{ field: 'dataSet', reason: 'is required' }]);
    expect((await source(`dataSet=${dataSet}&period=2025Q2&orgUnit=${hanoi}`)).body.fields[0].field).toBe('period');
    expect((await source(`dataSet=${dataSet}&period=202506`)).body.fields[0].field).toBe('orgUnit');
    const impossible = await source(`dataSet=${dataSet}&startDate=2025-13-45&endDate=2025-12-31&orgUnit=${hanoi}`);
    expect(impossible.status).toBe(400);
    expect(impossible.body.fields[0].field).toBe('startDate');
    expect((await source(`dataSet=nope&period=202506&orgUnit=${hanoi}`)).body.fields[0].field).toBe('dataSet');

    // one month: every value is in that period; the org unit alone (no children) holds none
    const june = await source(`dataSet=${dataSet}&period=202506&orgUnit=${hanoi}&children=true`);
    expect(june.status).toBe(200);
    const values = june.body.dataValues as { period: string; value: string; orgUnit: string; dataElement: string }[];
    expect(values.length).toBeGreaterThan(100);
    expect(new Set(values.map((v) => v.period))).toEqual(new Set(['202506']));
    expect(values.every((v) => Number.isFinite(Number(v.value)))).toBe(true);
    expect((await source(`dataSet=${dataSet}&period=202506&orgUnit=${hanoi}`)).body.dataValues).toEqual([]);
    // one ward: only its own values
    const ward = values[0].orgUnit;
    const own = (await source(`dataSet=${dataSet}&period=202506&orgUnit=${ward}`)).body.dataValues as typeof values;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((v) => v.orgUnit === ward)).toBe(true);
    // a month that has not closed is not reported
    const now = new Date();
    const open = `${now.getUTCFullYear() + 1}01`;
    expect((await source(`dataSet=${dataSet}&period=${open}&orgUnit=${hanoi}&children=true`)).body.dataValues).toEqual(
      [],
    );
  });

  it('fills plan 139 through the connector, and a second pull of the same periods is all duplicates', async () => {
    const before = (await server.request(`/api/rankings?plan=${PLAN}`)).body.agencies as { score: number }[];
    expect(before.every((a) => a.score === 0)).toBe(true);
    const run = await server.request('/api/connectors/demo-dhis2/run', { method: 'POST', token: operator });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'ok', rejected: 0, error: null, duplicates: 0 });
    expect(run.body.accepted).toBeGreaterThan(1000);
    const after = (await server.request(`/api/rankings?plan=${PLAN}`)).body.agencies as {
      code: string;
      score: number;
    }[];
    expect(Math.max(...after.map((a) => a.score))).toBeGreaterThan(10);
    const card = (await server.request(`/api/agencies/${after[0].code}/scorecard?plan=${PLAN}`)).body;
    const withData = card.indicators.filter((i: { value: number | null }) => i.value !== null);
    expect(withData.length).toBeGreaterThan(0);
    // a monthly value is stamped at its month's last day, from the connector
    for (const i of withData) {
      expect(i.source).toBe('demo-dhis2');
      const at = new Date(i.observedAt);
      expect(new Date(at.getTime() + 86_400_000).getUTCDate()).toBe(1);
    }

    const again = await server.request('/api/connectors/demo-dhis2/run', { method: 'POST', token: operator });
    expect(again.body).toMatchObject({ status: 'ok', accepted: 0, duplicates: run.body.accepted });
  });
});
