// Manual entry: an operator's value goes through ingestion (checks, corrections, rescoring) with
// source manual:<username>, is audited with who, when and why, and shows on the scorecard as
// manual, lowering the agency's share of values from systems.
import { DataSource } from 'typeorm';
import { IngestionService } from '../../server/src/ingestion/ingestion.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

describe('manual entry', () => {
  let server: TestServer;
  let db: DataSource;
  let operator: string;
  const recent = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const manual = (json: Record<string, unknown>, token: string | null = operator) =>
    server.request('/api/observations/manual', { method: 'POST', json, token });
  const card = async () => (await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`)).body;
  const row = (c: { indicators: { indicator: string }[] }, code: string) =>
    c.indicators.find((r) => r.indicator === `${PLAN}/${code}`) as Record<string, unknown>;

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    operator = await server.login('operator', 'demo');
    // one value from a system (a connector)
    await server.app
      .get(IngestionService)
      .ingest([{ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26b`, at: recent(3), value: 91 }], 'vneid-sync', null);
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores the value as manual, audits who and why, rescores, and reports the share from systems', async () => {
    const before = await card();
    expect(before.systemShare).toBe(1);
    const at = recent(2);
    const res = await manual({
      agency: 'vinh-tuy-ca',
      indicator: `${PLAN}/26a`,
      at,
      value: 96,
      reason: 'VNeID sync down',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, corrections: 0, rejected: [] });

    const stored = await db.query(
      `SELECT o.value, o.source FROM observation o JOIN assignment a ON a.id = o.assignment_id
        WHERE a.agency_code = 'vinh-tuy-ca' AND a.indicator_code = $1`,
      [`${PLAN}/26a`],
    );
    expect(stored).toEqual([{ value: 96, source: 'manual:operator' }]);
    const [audit] = await db.query(
      `SELECT actor, action, subject, after, at FROM audit_log WHERE action LIKE 'observation.manual%'`,
    );
    expect(audit).toMatchObject({
      actor: 'operator',
      action: 'observation.manual',
      subject: `vinh-tuy-ca|${PLAN}/26a`,
      after: { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at, value: 96, reason: 'VNeID sync down' },
    });
    expect(Date.now() - new Date(audit.at).getTime()).toBeLessThan(60_000);

    // rescored like any ingest: the scorecard shows the value, flagged manual
    const after = await card();
    expect(row(after, '26a')).toMatchObject({ value: 96, source: 'manual', status: 'achieved' });
    expect(row(after, '26b')).toMatchObject({ value: 91, source: 'vneid-sync' });
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.systemShare).toBe(0.5);

    // the same value again is a duplicate (not audited twice); another value a correction
    expect(
      (await manual({ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at, value: 96, reason: 'again' })).body,
    ).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    const corrected = await manual({ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at, value: 94, reason: 'typo' });
    expect(corrected.body).toMatchObject({ accepted: 1, corrections: 1 });
    const audits = await db.query(
      `SELECT action, after FROM audit_log WHERE action LIKE 'observation.manual%' ORDER BY id`,
    );
    expect(audits.map((a: { action: string }) => a.action)).toEqual([
      'observation.manual',
      'observation.manual.correct',
    ]);
    expect(audits[1].after.reason).toBe('typo');
    expect(row(await card(), '26a')).toMatchObject({ value: 94, source: 'manual' });
  });

  it('needs a reason, rejects bad values as ingestion does, and is for operators and admins only', async () => {
    const value = { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26c`, at: recent(1), value: 50 };
    for (const reason of [undefined, '', '   ', 42]) {
      const res = await manual({ ...value, reason });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('reason');
    }
    const outOfRange = await manual({ ...value, value: 140, reason: 'from the paper report' });
    expect(outOfRange.status).toBe(200);
    expect(outOfRange.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, field: 'value' }] });
    const unknown = await manual({ ...value, agency: 'nobody', reason: 'x' });
    expect(unknown.body.rejected[0]).toMatchObject({ field: 'agency' });
    const future = await manual({ ...value, at: recent(-2), reason: 'x' });
    expect(future.body.rejected[0]).toMatchObject({ field: 'at' });
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'observation.manual%'`))[0].n,
    ).toBe(2);

    // admins may, leaders and agency accounts may not, nobody without a token
    const admin = await server.login('test-admin', 'test-admin-password');
    expect((await manual({ ...value, reason: 'admin fix' }, admin)).status).toBe(200);
    const leader = await server.login('leader', 'demo');
    expect((await manual({ ...value, reason: 'x' }, leader)).status).toBe(403);
    const own = await server.login('vinh-tuy-ca', 'demo');
    expect((await manual({ ...value, reason: 'x' }, own)).status).toBe(403);
    expect((await manual({ ...value, reason: 'x' }, null)).status).toBe(401);
  });
});
