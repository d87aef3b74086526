// Pulling from (simulated) source systems: run now, the run log, and one run per scheduled tick
// across two instances sharing the database.
import { loadConfig } from '../../server/src/config/app-config.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { ConnectorRunner } from '../../server/src/connectors/connector-runner.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('connectors', () => {
  let server: TestServer;
  let second: RunningServer;
  let operator: string;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    // a second instance on the same database, as in docker-compose
    second = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: server.database.url,
        DATABASE_POOL_SIZE: '1',
        LOG_LEVEL: 'warn',
        DEMO: '0',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        SCHEDULER: '0',
      }),
    );
    operator = await server.login('operator', 'demo');
  });
  afterAll(async () => {
    await second.close();
    await server.close();
  });

  it('backfills the simulated systems on demand and the rankings fill in', async () => {
    const before = await server.request('/api/rankings?plan=vinh-tuy-2026');
    expect(before.body.agencies.every((a: { score: number }) => a.score === 0)).toBe(true);
    const run = await server.request('/api/connectors/demo-simulator/run?mode=backfill', {
      method: 'POST',
      token: operator,
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'ok', rejected: 0, error: null });
    // Vĩnh Tuy's history since its plan started (plan 139 comes from the demo's DHIS2 instead)
    expect(run.body.accepted).toBeGreaterThan(500);
    const after = await server.request('/api/rankings?plan=vinh-tuy-2026');
    const scores = after.body.agencies.map((a: { score: number }) => a.score);
    expect(Math.max(...scores)).toBeGreaterThan(50);
    expect(new Set(scores).size).toBeGreaterThan(3); // agencies differ
    const communes = await server.request('/api/rankings?plan=hanoi-139-2025');
    expect(
      communes.body.agencies.filter((a: { kind: string }) => a.kind === 'ward' || a.kind === 'commune'),
    ).toHaveLength(126);

    const runs = await server.request('/api/connectors/demo-simulator/runs', { token: operator });
    expect(runs.body[0]).toMatchObject({ trigger: 'backfill', status: 'ok', accepted: run.body.accepted });
  });

  it('runs one tick once, whichever instance gets there first', async () => {
    const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const results = await Promise.all([
      server.app.get(ConnectorRunner).runTick('demo-simulator', tick),
      second.app.get(ConnectorRunner).runTick('demo-simulator', tick),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toMatchObject({ status: 'ok' });
    expect(await second.app.get(ConnectorRunner).runTick('demo-simulator', tick)).toBeNull();
    const runs = await server.request('/api/connectors/demo-simulator/runs', { token: operator });
    expect(runs.body.filter((r: { trigger: string }) => r.trigger === 'schedule')).toHaveLength(1);
  });

  it('names bad requests and keeps connectors to operators', async () => {
    const badMode = await server.request('/api/connectors/demo-simulator/run?mode=all', {
      method: 'POST',
      token: operator,
    });
    expect(badMode.status).toBe(400);
    expect(badMode.body.fields[0].field).toBe('mode');
    expect((await server.request('/api/connectors/nope/run', { method: 'POST', token: operator })).status).toBe(404);
    const push = await server.request('/api/connectors/demo-push/run', { method: 'POST', token: operator });
    expect(push.status).toBe(400);
    const leader = await server.login('leader', 'demo');
    expect((await server.request('/api/connectors/demo-simulator/run', { method: 'POST', token: leader })).status).toBe(
      403,
    );
  });
});
