// POST /api/ingest end to end: a real HTTP server, the demo push connector, PostgreSQL.
import { DataSource } from 'typeorm';
import { startTestServer, type TestServer } from '../support/test-server.js';

const KEY = 'test-ingest-key-0123456789';
const PLAN = 'vinh-tuy-2026';
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('POST /api/ingest', () => {
  let server: TestServer;
  let db: DataSource;
  const push = (observations: unknown, key: string | null = KEY) =>
    server.request('/api/ingest', {
      method: 'POST',
      json: { observations },
      headers: key === null ? {} : { 'x-api-key': key },
    });

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1', DEMO_INGEST_KEY: KEY });
    db = server.app.get(DataSource);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a missing or unknown key with 401, and a malformed body with 400', async () => {
    expect((await push([], null)).status).toBe(401);
    expect((await push([], 'wrong')).status).toBe(401);
    const notArray = await server.request('/api/ingest', {
      method: 'POST',
      json: { observations: 'x' },
      headers: { 'x-api-key': KEY },
    });
    expect(notArray.status).toBe(400);
    expect(notArray.body.fields[0].field).toBe('observations');
    const extra = await server.request('/api/ingest', {
      method: 'POST',
      json: { observations: [], source: 'x' },
      headers: { 'x-api-key': KEY },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.fields).toEqual([{ field: 'source', reason: 'property source should not exist' }]);
  });

  it('stores good values, rejects bad ones with the field and reason, and logs the run', async () => {
    const res = await push([
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: daysAgo(2), value: 91.5 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26b`, at: daysAgo(2), value: 0 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: daysAgo(2), value: 120 },
      { agency: 'nobody', indicator: `${PLAN}/26a`, at: daysAgo(2), value: 50 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/999`, at: daysAgo(2), value: 50 },
      { agency: 'vinh-tuy-vp', indicator: `${PLAN}/26a`, at: daysAgo(2), value: 50 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: '2999-01-01', value: 50 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: 'hôm qua', value: 50 },
      { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: daysAgo(2), value: '91' },
      'not an object',
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(res.body.rejected).toEqual([
      { index: 2, field: 'value', reason: expect.stringContaining('0–100') },
      { index: 3, field: 'agency', reason: 'unknown agency "nobody"' },
      { index: 4, field: 'indicator', reason: `unknown indicator "${PLAN}/999"` },
      { index: 5, field: 'indicator', reason: `"${PLAN}/26a" is not assigned to "vinh-tuy-vp"` },
      { index: 6, field: 'at', reason: 'is in the future' },
      { index: 7, field: 'at', reason: expect.stringContaining('ISO 8601') },
      { index: 8, field: 'value', reason: 'must be a finite number' },
      { index: 9, field: '(item)', reason: expect.any(String) },
    ]);
    // a 0 is a value, not a missing one
    const zero = await db.query(
      `SELECT o.value, o.source, o.run_id, o.payload_hash FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE a.agency_code = 'vinh-tuy-ca' AND a.indicator_code = $1`,
      [`${PLAN}/26b`],
    );
    expect(zero).toEqual([
      {
        value: 0,
        source: 'demo-push',
        run_id: String(res.body.run),
        payload_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);

    const runs = await server.request('/api/connectors/demo-push/runs');
    expect(runs.body[0]).toMatchObject({ id: String(res.body.run), status: 'partial', accepted: 2, trigger: 'push' });
    expect(runs.body[0].rejected).toHaveLength(8);
    const list = await server.request('/api/connectors');
    expect(list.body.find((c: { id: string }) => c.id === 'demo-push')).toMatchObject({
      kind: 'push',
      lastRun: { status: 'partial', accepted: 2, rejected: 8 },
    });
    expect((await server.request('/api/connectors/nope/runs')).status).toBe(404);
  });

  it('is idempotent, and a changed value supersedes the earlier one, which stays in the history', async () => {
    const value = { agency: 'vinh-tuy-ca', indicator: `${PLAN}/40`, at: daysAgo(1), value: 60 };
    expect((await push([value])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await push([value, value])).body).toMatchObject({ accepted: 0, duplicates: 2, corrections: 0 });
    expect((await push([{ ...value, value: 65 }])).body).toMatchObject({ accepted: 1, corrections: 1 });
    const rows = await db.query(
      `SELECT o.value, o.superseded_at IS NOT NULL AS superseded FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE a.agency_code = 'vinh-tuy-ca' AND a.indicator_code = $1 ORDER BY o.id`,
      [`${PLAN}/40`],
    );
    expect(rows).toEqual([
      { value: 60, superseded: true },
      { value: 65, superseded: false },
    ]);
  });

  it('keeps the last value sent for a key within a batch, whatever comes between, over several statements', async () => {
    // more values than one insert statement takes (10,000), the repeated keys far apart, the
    // assignments out of order: the last one sent for each key is stored, the others are duplicates
    // a percentage indicator assigned to two agencies
    const [{ indicator, agencies }] = await db.query(
      `SELECT i.code AS indicator, (array_agg(a.agency_code ORDER BY a.agency_code))[1:2] AS agencies
         FROM indicator i JOIN assignment a ON a.indicator_code = i.code AND a.retired_at IS NULL
        WHERE i.plan_code = $1 AND i.retired_at IS NULL AND COALESCE(i.targets -> 0 ->> 'unit', i.unit) = '%'
        GROUP BY i.code HAVING count(*) >= 2 ORDER BY i.code LIMIT 1`,
      [PLAN],
    );
    const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
    const batch = Array.from({ length: 12_000 }, (_, n) => ({
      agency: agencies[(n + 1) % 2],
      indicator,
      at: at(Math.floor(n / 2)),
      value: 10,
    }));
    // key (agency 0, minute 0) three times: first, middle, last; key (agency 1, minute 5) twice
    batch.push({ agency: agencies[1], indicator, at: at(0), value: 20 });
    batch.push({ agency: agencies[0], indicator, at: at(5), value: 55 });
    batch.push({ agency: agencies[1], indicator, at: at(0), value: 30 });
    const res = await push(batch);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 12_000, duplicates: 3, corrections: 0, rejected: [] });
    const stored = await db.query(
      `SELECT a.agency_code AS agency, o.value FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE a.indicator_code = $1 AND o.observed_at IN ($2, $3) AND o.superseded_at IS NULL
        ORDER BY o.observed_at, a.agency_code`,
      [indicator, at(0), at(5)],
    );
    expect(stored).toEqual([
      { agency: agencies[0], value: 10 },
      { agency: agencies[1], value: 30 },
      { agency: agencies[0], value: 55 },
      { agency: agencies[1], value: 10 },
    ]);
  });
  it('rescores the agency so its score and ranking move without any other step', async () => {
    const before = await server.request(`/api/agencies/vinh-tuy-tyt/scorecard?plan=${PLAN}`);
    const rows = (await server.request(`/api/plans/${PLAN}/indicators?agency=vinh-tuy-tyt`)).body as { code: string }[];
    const res = await push(rows.map((r) => ({ agency: 'vinh-tuy-tyt', indicator: r.code, at: today(), value: 100 })));
    expect(res.body.accepted).toBe(rows.length);
    const after = await server.request(`/api/agencies/vinh-tuy-tyt/scorecard?plan=${PLAN}`);
    expect(after.body.score).toBe(100);
    expect(after.body.score).toBeGreaterThan(before.body.score ?? 0);
    expect(
      after.body.indicators.every(
        (i: { source: string; status: string }) => i.source === 'demo-push' && i.status === 'achieved',
      ),
    ).toBe(true);
    const ranking = await server.request(`/api/rankings?plan=${PLAN}`);
    expect(ranking.body.agencies[0]).toMatchObject({ code: 'vinh-tuy-tyt', rank: 1, score: 100 });
  });

  it('answers each of several sources pushing at once only when its values are stored and scored', async () => {
    const agencies = ['vinh-tuy-ca', 'vinh-tuy-vp', 'vinh-tuy-ttpvhcc'];
    const scored = await Promise.all(
      agencies.map(async (agency, n) => {
        const rows = (await server.request(`/api/plans/${PLAN}/indicators?agency=${agency}`)).body as {
          code: string;
        }[];
        const res = await push(rows.map((r) => ({ agency, indicator: r.code, at: today(), value: 100 - n })));
        expect(res.status).toBe(200);
        expect(res.body.accepted).toBe(rows.length);
        // read as soon as this answer arrives, while the other batches may still be scoring
        const card = await server.request(`/api/agencies/${agency}/scorecard?plan=${PLAN}`);
        return card.body.indicators.map((i: { value: number }) => i.value);
      }),
    );
    scored.forEach((values, n) => expect(values.every((v: number) => v === 100 - n)).toBe(true));
  });

  it('takes two batches correcting the same value at once: one stored, the other supersedes it', async () => {
    const value = { agency: 'vinh-tuy-ca', indicator: `${PLAN}/40`, at: daysAgo(3) };
    const answers = await Promise.all([push([{ ...value, value: 10 }]), push([{ ...value, value: 20 }])]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.accepted)).toEqual([1, 1]);
    expect(answers.reduce((n, a) => n + a.body.corrections, 0)).toBe(1);
    const rows = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE o.superseded_at IS NULL)::int AS current
         FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE a.agency_code = 'vinh-tuy-ca' AND a.indicator_code = $1 AND o.observed_at = $2`,
      [`${PLAN}/40`, daysAgo(3)],
    );
    expect(rows).toEqual([{ n: 2, current: 1 }]);
  });
});
