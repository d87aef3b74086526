// Pull connectors against real sources: a local HTTP server answering well, slowly, with 500s,
// with malformed JSON and bad values, page by page, in DHIS2's shape; a CSV file; a real
// PostgreSQL source database. Values land with their provenance (connector, run), rejected ones
// in the run log, and a source that keeps failing opens the circuit breaker.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ConnectorRunner } from '../../server/src/connectors/connector-runner.js';
import { createDatabaseOn } from '../support/test-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';
const AGENCY = 'vinh-tuy-ca';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('pull connectors', () => {
  let server: TestServer;
  let db: DataSource;
  let operator: string;
  let source: Server;
  let base: string;
  let filesDir: string;
  const routes = new Map<string, Handler>();
  const requests: { path: string; query: string; authorization?: string }[] = [];
  const hits = (path: string) => requests.filter((r) => r.path === path).length;

  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'kpi-imports-'));
    server = await startTestServer({ DEMO: '1', CONNECTOR_FILES_DIR: filesDir });
    db = server.app.get(DataSource);
    operator = await server.login('operator', 'demo');
    source = createServer((req, res) => {
      const url = new URL(req.url!, 'http://source');
      requests.push({ path: url.pathname, query: url.search, authorization: req.headers.authorization });
      const handler = routes.get(url.pathname);
      if (handler) handler(req, res, url);
      else json(res, 404, { error: 'no such path' });
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    source.closeAllConnections();
    await new Promise((resolve) => source.close(resolve));
    await server.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await server.request('/api/connectors', { method: 'POST', token: operator, json: body });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const runNow = async (id: string) => {
    const res = await server.request(`/api/connectors/${id}/run`, { method: 'POST', token: operator });
    expect(res.status).toBe(200);
    return res.body;
  };
  const lastRun = async (id: string) =>
    (await server.request(`/api/connectors/${id}/runs`, { token: operator })).body[0];
  const stored = (id: string): Promise<{ at: string; value: number; run: string; indicator: string }[]> =>
    db.query(
      `SELECT to_char(o.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS at, o.value, o.run_id AS run,
              a.indicator_code AS indicator
         FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE o.source = $1 AND o.superseded_at IS NULL ORDER BY o.observed_at, a.indicator_code`,
      [id],
    );
  const mapping = { recordsPath: '$.data.items', fields: { agency: 'unit', indicator: 'kpi', at: 'date', value: 'v' } };

  it('validates the config per kind, naming the field, masks secrets and audits', async () => {
    const bad = await server.request('/api/connectors', {
      method: 'POST',
      token: operator,
      json: { id: 'bad-one', kind: 'http-json', name: 'x', schedule: '61 * * * *', config: { url: 'ftp://x' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ field: 'schedule', reason: expect.stringContaining('minute') }]);
    const badConfig = await server.request('/api/connectors', {
      method: 'POST',
      token: operator,
      json: {
        id: 'bad-one',
        kind: 'http-json',
        name: 'x',
        config: { url: 'ftp://x', fields: { at: 'd', value: 'v' } },
      },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'config.url',
      'config.fields.agency',
      'config.fields.indicator',
    ]);
    const push = await server.request('/api/connectors', {
      method: 'POST',
      token: operator,
      json: { id: 'bad-one', kind: 'push', name: 'x', config: {} },
    });
    expect(push.status).toBe(400);
    expect(push.body.fields[0].field).toBe('kind');
    const leader = await server.login('leader', 'demo');
    expect(
      (await server.request('/api/connectors', { method: 'POST', token: leader, json: { id: 'x1' } })).status,
    ).toBe(403);

    routes.set('/secured', (req, res) =>
      req.headers.authorization === 'Bearer s3cret-token'
        ? json(res, 200, { data: { items: [{ unit: AGENCY, kpi: `${PLAN}/26a`, date: daysAgo(9), v: 90 }] } })
        : json(res, 401, { error: 'bad token' }),
    );
    const created = await create({
      id: 'secured',
      kind: 'http-json',
      name: 'Nguồn có mã truy cập',
      schedule: '0 */5 * * * *',
      config: { url: `${base}/secured`, token: 's3cret-token', ...mapping },
    });
    expect(created.config.token).toBe('********');
    expect(
      (
        await server.request('/api/connectors', {
          method: 'POST',
          token: operator,
          json: { id: 'secured', kind: 'http-json', name: 'again', config: { url: `${base}/x`, ...mapping } },
        })
      ).status,
    ).toBe(409);
    const list = await server.request('/api/connectors', { token: operator });
    expect(JSON.stringify(list.body)).not.toContain('s3cret-token');
    const item = list.body.find((c: { id: string }) => c.id === 'secured');
    expect(item.breaker).toEqual({ state: 'closed', consecutiveFailures: 0, retryAt: null });
    const next = Date.parse(item.nextRunAt) - Date.now();
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThanOrEqual(5 * 60_000);

    // an edit that sends the masked token back keeps the real one: the source still accepts it
    const edited = await server.request('/api/connectors/secured', {
      method: 'PATCH',
      token: operator,
      json: { name: 'Nguồn đã sửa', config: { ...created.config, maxPages: 2 } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Nguồn đã sửa', config: { token: '********', maxPages: 2 } });
    expect(await runNow('secured')).toMatchObject({ status: 'ok', accepted: 1 });
    expect(requests.at(-1)!.authorization).toBe('Bearer s3cret-token');
    const badPatch = await server.request('/api/connectors/secured', {
      method: 'PATCH',
      token: operator,
      json: { config: { ...created.config, timeoutMs: -1 } },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.fields).toEqual([{ field: 'config.timeoutMs', reason: expect.any(String) }]);

    const audit = await db.query(`SELECT action, actor, after FROM audit_log WHERE subject = 'secured' ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['connector.create', 'connector.update']);
    expect(audit[0].actor).toBe('operator');
    expect(JSON.stringify(audit)).not.toContain('s3cret-token');
  });

  it('stores good values with their provenance and rejects bad ones with reasons (http-json)', async () => {
    routes.set('/mixed', (_req, res) =>
      json(res, 200, {
        data: {
          items: [
            { unit: AGENCY, kpi: 'DVC-ONTIME', date: daysAgo(3), v: '93.5' },
            { unit: AGENCY, kpi: 'DVC-ONLINE', date: daysAgo(3), v: 0 },
            { unit: AGENCY, kpi: 'DVC-ONTIME', date: daysAgo(4), v: 'không rõ' },
            { unit: AGENCY, kpi: 'DVC-ONTIME', date: daysAgo(5), v: 120 },
            { unit: AGENCY, kpi: 'UNKNOWN', date: daysAgo(5), v: 50 },
            { unit: 'nobody', kpi: 'DVC-ONTIME', date: daysAgo(5), v: 50 },
            { unit: AGENCY, kpi: 'DVC-ONTIME', date: true, v: 50 },
            { unit: AGENCY, kpi: 'DVC-ONTIME', v: 50 },
          ],
        },
      }),
    );
    await create({
      id: 'mixed',
      kind: 'http-json',
      name: 'Dịch vụ công',
      config: {
        url: `${base}/mixed`,
        ...mapping,
        codeMap: { indicator: { 'DVC-ONTIME': `${PLAN}/26a`, 'DVC-ONLINE': `${PLAN}/26b` } },
      },
    });
    const run = await runNow('mixed');
    expect(run).toMatchObject({ status: 'partial', accepted: 2, rejected: 6, error: null });
    expect(await stored('mixed')).toEqual([
      { at: daysAgo(3), value: 93.5, run: String(run.run), indicator: `${PLAN}/26a` },
      { at: daysAgo(3), value: 0, run: String(run.run), indicator: `${PLAN}/26b` },
    ]);
    const log = await lastRun('mixed');
    expect(log).toMatchObject({ id: String(run.run), status: 'partial', accepted: 2 });
    expect(log.rejected).toEqual([
      { index: 2, field: 'value', reason: 'not a number: "không rõ"' },
      { index: 3, field: 'value', reason: expect.stringContaining('0–100') },
      { index: 4, field: 'indicator', reason: 'source code "UNKNOWN" is not in the code map' },
      { index: 5, field: 'agency', reason: 'unknown agency "nobody"' },
      { index: 6, field: 'at', reason: 'not a time: true' },
      { index: 7, field: 'at', reason: 'missing' },
    ]);
    // the same source again: duplicates, nothing new
    expect(await runNow('mixed')).toMatchObject({ accepted: 0, duplicates: 2 });
    const health = (await server.request('/api/connectors', { token: operator })).body.find(
      (c: { id: string }) => c.id === 'mixed',
    );
    expect(health.lastRun).toMatchObject({ status: 'partial', duplicates: 2, rejected: 6 });
    expect(health.lastRun.durationMs).toBeGreaterThanOrEqual(0);
    expect(health.nextRunAt).toBeNull(); // no schedule
  });

  it('follows pagination: page numbers with a cap, and next links', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({
      unit: AGENCY,
      kpi: `${PLAN}/26a`,
      date: daysAgo(20 + i),
      v: 50 + i,
    }));
    routes.set('/paged', (_req, res, url) => {
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('per_page'));
      json(res, 200, { data: { items: rows.slice((page - 1) * size, page * size) } });
    });
    await create({
      id: 'paged',
      kind: 'http-json',
      name: 'Trang',
      config: {
        url: `${base}/paged`,
        ...mapping,
        pagination: { style: 'page', param: 'page', sizeParam: 'per_page', size: 3 },
      },
    });
    expect(await runNow('paged')).toMatchObject({ status: 'ok', accepted: 7 });
    expect(requests.filter((r) => r.path === '/paged').map((r) => r.query)).toEqual([
      '?page=1&per_page=3',
      '?page=2&per_page=3',
      '?page=3&per_page=3',
    ]);

    routes.set('/linked', (_req, res, url) => {
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      json(res, 200, {
        data: { items: rows.slice(cursor, cursor + 2).map((r) => ({ ...r, v: r.v + 1 })) },
        links: { next: cursor + 2 < rows.length ? `/linked?cursor=${cursor + 2}` : null },
      });
    });
    await create({
      id: 'linked',
      kind: 'http-json',
      name: 'Liên kết',
      config: {
        url: `${base}/linked`,
        ...mapping,
        pagination: { style: 'next-link', nextPath: '$.links.next' },
        maxPages: 3,
      },
    });
    const run = await runNow('linked');
    expect(run).toMatchObject({ status: 'partial', accepted: 6, rejected: 1 });
    expect((await lastRun('linked')).rejected).toEqual([
      { index: 6, field: 'pagination', reason: 'stopped after maxPages=3 pages; the source has more' },
    ]);
    expect(hits('/linked')).toBe(3);
  });

  it('retries a slow source after the timeout, and 500s until it recovers', async () => {
    let slowCalls = 0;
    routes.set('/slow', (_req, res) => {
      const delay = ++slowCalls === 1 ? 1500 : 0;
      setTimeout(() => {
        if (!res.destroyed)
          json(res, 200, { data: { items: [{ unit: AGENCY, kpi: `${PLAN}/26a`, date: daysAgo(30), v: 70 }] } });
      }, delay);
    });
    await create({
      id: 'slow',
      kind: 'http-json',
      name: 'Chậm',
      config: { url: `${base}/slow`, ...mapping, timeoutMs: 300, retries: 2, retryBaseMs: 10, retryMaxMs: 50 },
    });
    const started = Date.now();
    expect(await runNow('slow')).toMatchObject({ status: 'ok', accepted: 1 });
    expect(hits('/slow')).toBe(2);
    expect(Date.now() - started).toBeLessThan(1500); // it did not wait for the slow answer

    let flakyCalls = 0;
    routes.set('/flaky', (_req, res) => {
      flakyCalls++;
      if (flakyCalls === 1) return json(res, 503, { error: 'busy' });
      if (flakyCalls === 2) return json(res, 429, { error: 'slow down' }, { 'retry-after': '0' });
      if (flakyCalls === 3) return json(res, 500, { error: 'oops' });
      json(res, 200, { data: { items: [{ unit: AGENCY, kpi: `${PLAN}/26a`, date: daysAgo(31), v: 71 }] } });
    });
    await create({
      id: 'flaky',
      kind: 'http-json',
      name: 'Chập chờn',
      config: { url: `${base}/flaky`, ...mapping, retries: 3, retryBaseMs: 10, retryMaxMs: 50 },
    });
    expect(await runNow('flaky')).toMatchObject({ status: 'ok', accepted: 1 });
    expect(hits('/flaky')).toBe(4);
    expect(await stored('flaky')).toEqual([expect.objectContaining({ at: daysAgo(31), value: 71 })]);
  });

  it('fails a run on malformed JSON or a 4xx at once, without retrying', async () => {
    routes.set('/malformed', (_req, res) => json(res, 200, '{"data": {"items": [ {"unit": '));
    await create({
      id: 'malformed',
      kind: 'http-json',
      name: 'Hỏng',
      config: { url: `${base}/malformed`, ...mapping, retryBaseMs: 10 },
    });
    const run = await runNow('malformed');
    expect(run).toMatchObject({ status: 'failed', accepted: 0, error: expect.stringContaining('malformed JSON') });
    expect(hits('/malformed')).toBe(1);
    await create({
      id: 'missing',
      kind: 'http-json',
      name: 'Không có',
      config: { url: `${base}/nothing-here`, ...mapping },
    });
    expect(await runNow('missing')).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 404') });
    expect(hits('/nothing-here')).toBe(1);
  });

  it('opens the breaker after repeated failures, skips ticks, then probes once and closes', async () => {
    let healthy = false;
    routes.set('/down', (_req, res) =>
      healthy
        ? json(res, 200, { data: { items: [{ unit: AGENCY, kpi: `${PLAN}/26a`, date: daysAgo(40), v: 60 }] } })
        : json(res, 500, { error: 'down' }),
    );
    await create({
      id: 'down',
      kind: 'http-json',
      name: 'Hỏng hẳn',
      schedule: '* * * * *',
      config: {
        url: `${base}/down`,
        ...mapping,
        retries: 1,
        retryBaseMs: 5,
        retryMaxMs: 10,
        breakerThreshold: 2,
        breakerCooldownMs: 1500, // short for the test, long enough that a loaded machine still sees it open
      },
    });
    const runner = server.app.get(ConnectorRunner);
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const tick = (n: number) => runner.runTick('down', new Date(t0 + n * 60_000));
    const breaker = async () =>
      (await server.request('/api/connectors', { token: operator })).body.find((c: { id: string }) => c.id === 'down')
        .breaker;

    expect(await tick(1)).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 500') });
    expect(hits('/down')).toBe(2); // one retry
    expect(await breaker()).toEqual({ state: 'closed', consecutiveFailures: 1, retryAt: null });
    expect(await tick(2)).toMatchObject({ status: 'failed' });
    const open = await breaker();
    expect(open).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    expect(Date.parse(open.retryAt)).toBeGreaterThan(Date.now());

    // open: the tick is recorded as skipped and the source is left alone
    expect(await tick(3)).toMatchObject({ status: 'skipped', error: expect.stringContaining('circuit breaker open') });
    expect(hits('/down')).toBe(4);
    expect(await lastRun('down')).toMatchObject({ status: 'skipped', trigger: 'schedule' });

    // after the cool-down one probe runs; it fails, so the breaker opens again
    await sleep(1600);
    expect(await tick(4)).toMatchObject({ status: 'failed' });
    expect(hits('/down')).toBe(6);
    expect(await breaker()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    expect(await tick(5)).toMatchObject({ status: 'skipped' });

    // the source recovers: the next probe closes the breaker
    healthy = true;
    await sleep(1600);
    expect(await tick(6)).toMatchObject({ status: 'ok', accepted: 1 });
    expect(await breaker()).toEqual({ state: 'closed', consecutiveFailures: 0, retryAt: null });
    const runs = (await server.request('/api/connectors/down/runs', { token: operator })).body;
    expect(runs.map((r: { status: string }) => r.status)).toEqual([
      'ok',
      'skipped',
      'failed',
      'skipped',
      'failed',
      'failed',
    ]);
  });

  it('reads a DHIS2 dataValueSets source, mapping codes and periods', async () => {
    routes.set('/dhis/api/dataValueSets', (req, res, url) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('admin:district').toString('base64')}`)
        return json(res, 401, { httpStatus: 'Unauthorized' });
      json(res, 200, {
        dataSet: url.searchParams.get('dataSet'),
        dataValues: [
          {
            dataElement: 'deOnTime',
            period: '202609',
            orgUnit: 'ouVinhTuy',
            categoryOptionCombo: 'HllvX50cXC0',
            value: '88.2',
          },
          { dataElement: 'deOnline', period: '2026Q3', orgUnit: 'ouVinhTuy', value: '64' },
          { dataElement: 'deOnTime', period: '2026W40', orgUnit: 'ouVinhTuy', value: '87' },
          { dataElement: 'deOnTime', period: '2026Q9', orgUnit: 'ouVinhTuy', value: '1' },
          { dataElement: 'deOnTime', period: '202608', orgUnit: 'ouOther', value: '80' },
          { dataElement: 'deUnmapped', period: '202608', orgUnit: 'ouVinhTuy', value: '80' },
          { dataElement: 'deOnTime', period: '202607', orgUnit: 'ouVinhTuy', value: 'true' },
          { dataElement: 'deOnTime', period: '202606', orgUnit: 'ouVinhTuy', value: '50', deleted: true },
        ],
      });
    });
    await create({
      id: 'dhis2',
      kind: 'dhis2',
      name: 'DHIS2',
      config: {
        url: `${base}/dhis/`,
        dataSet: 'dsDigital',
        startDate: '2026-06-01',
        endDate: '2026-10-31',
        orgUnit: ['ouVinhTuy', 'ouOther'],
        username: 'admin',
        password: 'district',
        codeMap: {
          agency: { ouVinhTuy: AGENCY },
          indicator: { deOnTime: `${PLAN}/26a`, deOnline: `${PLAN}/26b` },
        },
      },
    });
    const run = await runNow('dhis2');
    expect(run).toMatchObject({ status: 'partial', accepted: 3, rejected: 4 });
    expect(requests.at(-1)!.query).toBe(
      '?dataSet=dsDigital&startDate=2026-06-01&endDate=2026-10-31&orgUnit=ouVinhTuy&orgUnit=ouOther',
    );
    expect((await stored('dhis2')).map(({ at, value, indicator }) => ({ at, value, indicator }))).toEqual([
      { at: '2026-09-30', value: 88.2, indicator: `${PLAN}/26a` },
      { at: '2026-09-30', value: 64, indicator: `${PLAN}/26b` },
      { at: '2026-10-04', value: 87, indicator: `${PLAN}/26a` },
    ]);
    expect((await lastRun('dhis2')).rejected).toEqual([
      { index: 3, field: 'at', reason: 'unsupported DHIS2 period "2026Q9"' },
      { index: 4, field: 'agency', reason: 'source code "ouOther" is not in the code map' },
      { index: 5, field: 'indicator', reason: 'source code "deUnmapped" is not in the code map' },
      { index: 6, field: 'value', reason: 'not a number: "true"' },
    ]);
    const shown = await server.request('/api/connectors/dhis2', { token: operator });
    expect(shown.body.config.password).toBe('********');
    // wrong credentials: a 401 is not retried
    await server.request('/api/connectors/dhis2', {
      method: 'PATCH',
      token: operator,
      json: { config: { ...shown.body.config, password: 'wrong' } },
    });
    const before = hits('/dhis/api/dataValueSets');
    expect(await runNow('dhis2')).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 401') });
    expect(hits('/dhis/api/dataValueSets')).toBe(before + 1);
  });

  it('takes a DHIS2 value broken down by category option combos only as the connector says', async () => {
    routes.set('/dhis-combos/api/dataValueSets', (_req, res) =>
      json(res, 200, {
        dataValues: [
          {
            dataElement: 'deOnTime',
            period: '202605',
            orgUnit: 'ouVinhTuy',
            categoryOptionCombo: 'cocMale',
            value: '40',
          },
          {
            dataElement: 'deOnTime',
            period: '202605',
            orgUnit: 'ouVinhTuy',
            categoryOptionCombo: 'cocFemale',
            value: '45',
          },
          {
            dataElement: 'deOnline',
            period: '202605',
            orgUnit: 'ouVinhTuy',
            categoryOptionCombo: 'HllvX50cXC0',
            value: '70',
          },
        ],
      }),
    );
    const config = {
      url: `${base}/dhis-combos`,
      dataSet: 'dsDigital',
      period: '202605',
      orgUnit: 'ouVinhTuy',
      token: 'd2pat_x',
      codeMap: { agency: { ouVinhTuy: AGENCY }, indicator: { deOnTime: `${PLAN}/26a`, deOnline: `${PLAN}/26b` } },
    };
    await create({ id: 'dhis2-combos', kind: 'dhis2', name: 'DHIS2 by sex', config });
    // not told which breakdown is the indicator: neither is taken, and the run log says why
    expect(await runNow('dhis2-combos')).toMatchObject({ status: 'partial', accepted: 1, rejected: 2 });
    expect((await lastRun('dhis2-combos')).rejected.map((r: { field: string }) => r.field)).toEqual([
      'categoryOptionCombo',
      'categoryOptionCombo',
    ]);
    await server.request('/api/connectors/dhis2-combos', {
      method: 'PATCH',
      token: operator,
      json: { config: { ...config, categoryOptionCombo: 'cocFemale' } },
    });
    expect(await runNow('dhis2-combos')).toMatchObject({ status: 'ok', accepted: 1, rejected: 0 });
    expect((await stored('dhis2-combos')).map(({ at, value, indicator }) => ({ at, value, indicator }))).toEqual([
      { at: '2026-05-31', value: 45, indicator: `${PLAN}/26a` },
      { at: '2026-05-31', value: 70, indicator: `${PLAN}/26b` },
    ]);
  });

  it('reads a CSV file under CONNECTOR_FILES_DIR, and nothing outside it', async () => {
    await writeFile(
      join(filesDir, 'dvc.csv'),
      '\ufeffMã đơn vị;Chỉ tiêu;Ngày;Giá trị\r\n' +
        `${AGENCY};26a;${daysAgo(50)};"91,5"\r\n` +
        `${AGENCY};26a;${daysAgo(51)};91.5\r\n` +
        `${AGENCY};26b;${daysAgo(51)};\r\n` +
        `"${AGENCY}";26b;${daysAgo(52)};-3\r\n`,
    );
    await create({
      id: 'csv',
      kind: 'csv',
      name: 'Tệp CSV',
      config: {
        path: 'dvc.csv',
        delimiter: ';',
        fields: { agency: 'Mã đơn vị', indicator: 'Chỉ tiêu', at: 'Ngày', value: 'Giá trị' },
        codeMap: { indicator: { '26a': `${PLAN}/26a`, '26b': `${PLAN}/26b` } },
      },
    });
    expect(await runNow('csv')).toMatchObject({ status: 'partial', accepted: 1, rejected: 3 });
    expect(await stored('csv')).toEqual([expect.objectContaining({ at: daysAgo(51), value: 91.5 })]);
    expect((await lastRun('csv')).rejected).toEqual([
      { index: 0, field: 'value', reason: 'not a number: "91,5"' },
      { index: 2, field: 'value', reason: 'missing (blank)' },
      { index: 3, field: 'value', reason: 'a percentage must be within 0–100, got -3' },
    ]);
    await create({ id: 'csv-escape', kind: 'csv', name: 'Ra ngoài', config: { path: '../../etc/passwd' } });
    expect(await runNow('csv-escape')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('CONNECTOR_FILES_DIR'),
    });
    await create({ id: 'csv-columns', kind: 'csv', name: 'Thiếu cột', config: { path: 'dvc.csv', delimiter: ';' } });
    expect(await runNow('csv-columns')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('no column "agency"'),
    });
  });

  // The embedded test database (PGlite) serves one session at a time and cannot create a second
  // database, so a separate source database needs a real PostgreSQL server.
  const external = process.env.KPI_TEST_DB_KIND === 'external' ? it : it.skip;
  external('reads a PostgreSQL source read-only: a write is refused and the source is unchanged', async () => {
    const sourceDb = await createDatabaseOn(process.env.KPI_TEST_ADMIN_URL!);
    try {
      const client = new pg.Client({ connectionString: sourceDb.url });
      await client.connect();
      await client.query(`CREATE TABLE bao_cao (don_vi text, chi_tieu text, ngay date, gia_tri numeric)`);
      await client.query(
        `INSERT INTO bao_cao VALUES ($1, $2, $3, 77.25), ($1, $2, $4, 78), ($1, 'x', $4, 1), ($1, $2, $5, NULL)`,
        [AGENCY, `${PLAN}/26a`, daysAgo(60), daysAgo(61), daysAgo(62)],
      );
      await client.end();
      const query = `SELECT don_vi AS agency, chi_tieu AS indicator, ngay::timestamptz AS at, gia_tri AS value FROM bao_cao ORDER BY ngay DESC`;
      await create({ id: 'sql', kind: 'sql', name: 'CSDL nguồn', config: { url: sourceDb.url, query } });
      expect(await runNow('sql')).toMatchObject({ status: 'partial', accepted: 2, rejected: 2 });
      expect((await stored('sql')).map((r) => [r.at, r.value])).toEqual([
        [daysAgo(61), 78],
        [daysAgo(60), 77.25],
      ]);
      expect((await lastRun('sql')).rejected).toEqual([
        { index: 2, field: 'indicator', reason: 'unknown indicator "x"' },
        { index: 3, field: 'value', reason: 'missing' },
      ]);

      const write = `WITH gone AS (DELETE FROM bao_cao RETURNING *) SELECT don_vi AS agency, chi_tieu AS indicator, ngay AS at, gia_tri AS value FROM gone`;
      await create({ id: 'sql-write', kind: 'sql', name: 'Ghi', config: { url: sourceDb.url, query: write } });
      expect(await runNow('sql-write')).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('read-only transaction'),
      });
      const sneaky = `SELECT 1 AS agency; DELETE FROM bao_cao`;
      await create({ id: 'sql-sneaky', kind: 'sql', name: 'Hai câu', config: { url: sourceDb.url, query: sneaky } });
      expect(await runNow('sql-sneaky')).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('multiple commands'),
      });
      const check = new pg.Client({ connectionString: sourceDb.url });
      await check.connect();
      expect((await check.query('SELECT count(*)::int AS n FROM bao_cao')).rows[0].n).toBe(4);
      await check.end();

      // the shown URL hides the password of a source that has one
      const withPassword = new URL(sourceDb.url);
      withPassword.password = 'p4ss';
      await server.request('/api/connectors/sql', {
        method: 'PATCH',
        token: operator,
        json: { config: { url: withPassword.toString(), query } },
      });
      const shown = await server.request('/api/connectors/sql', { token: operator });
      expect(shown.body.config.url).not.toContain('p4ss');
    } finally {
      await sourceDb.drop();
    }
  });
});

describe('scheduled pull connectors', () => {
  let server: TestServer;
  let source: Server;
  let calls = 0;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '0', SCHEDULER: '1' });
    source = createServer((_req, res) => {
      calls++;
      json(res, 200, []);
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    source.closeAllConnections();
    await new Promise((resolve) => source.close(resolve));
    await server.close();
  });

  it('schedules a connector as soon as it is created, and stops when it is disabled', async () => {
    const url = `http://127.0.0.1:${(source.address() as AddressInfo).port}/`;
    const created = await server.request('/api/connectors', {
      method: 'POST',
      json: {
        id: 'every-second',
        kind: 'http-json',
        name: 'Mỗi giây',
        schedule: '* * * * * *',
        config: { url, fields: { agency: 'a', indicator: 'i', at: 't', value: 'v' } },
      },
    });
    expect(created.status).toBe(201);
    expect(Date.parse(created.body.nextRunAt) - Date.now()).toBeLessThanOrEqual(1000);
    const deadline = Date.now() + 10_000;
    let runs: { trigger: string; status: string }[] = [];
    while (Date.now() < deadline) {
      runs = (await server.request('/api/connectors/every-second/runs')).body;
      if (runs.filter((r) => r.status === 'ok').length >= 2) break;
      await sleep(200);
    }
    expect(runs.filter((r) => r.trigger === 'schedule' && r.status === 'ok').length).toBeGreaterThanOrEqual(2);
    const disabled = await server.request('/api/connectors/every-second', {
      method: 'PATCH',
      json: { enabled: false },
    });
    expect(disabled.body).toMatchObject({ enabled: false, nextRunAt: null });
    await sleep(300); // a tick already under way may finish
    const after = calls;
    await sleep(1500);
    expect(calls).toBe(after);
  });
});
