// Target overrides (DESIGN §3, §8): a leader or admin gives one agency its own target, in the
// plans' wording; it is checked like a catalog target, audited with who, why and before/after,
// scored at once, and can be restored to the plan's.
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';
const INDICATOR = `${PLAN}/26a`; // "đạt ≥ 95%", assigned to the ward police (vinh-tuy-ca)
const PATH = `/api/agencies/vinh-tuy-ca/assignments/${encodeURIComponent(INDICATOR)}/target`;

describe('target overrides', () => {
  let server: TestServer;
  let leader: string;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    leader = await server.login('leader', 'demo');
  });
  afterAll(async () => {
    await server.close();
  });
  const put = (json: unknown, token = leader, path = PATH) => server.request(path, { method: 'PUT', json, token });
  const assignment = async () =>
    (
      (await server.request(`/api/agencies/vinh-tuy-ca/assignments?plan=${PLAN}`)).body as {
        indicator: { code: string };
        targetOverride: unknown;
      }[]
    ).find((a) => a.indicator.code === INDICATOR)!;

  it('sets an agency its own target, audited with who and why, and restores the plan target', async () => {
    const set = await put({ target: '≥ 90%', reason: 'Quyết định điều chỉnh chỉ tiêu của UBND phường' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      agency: 'vinh-tuy-ca',
      indicator: INDICATOR,
      planTarget: 'đạt ≥ 95%',
      override: { text: '≥ 90%', targets: [{ op: '>=', value: 90, unit: '%' }] },
    });
    expect((await assignment()).targetOverride).toEqual(set.body.override);

    const restored = await put({ target: null, reason: 'Trở lại chỉ tiêu của kế hoạch' });
    expect(restored.status).toBe(200);
    expect(restored.body.override).toBeNull();
    expect((await assignment()).targetOverride).toBeNull();

    const audit = await server.app
      .get(DataSource)
      .query(
        `SELECT actor, action, subject, before, after FROM audit_log WHERE action LIKE 'assignment.target%' ORDER BY id`,
      );
    expect(audit).toEqual([
      {
        actor: 'leader',
        action: 'assignment.target.override',
        subject: `vinh-tuy-ca|${INDICATOR}`,
        before: { target: null },
        after: { target: '≥ 90%', reason: 'Quyết định điều chỉnh chỉ tiêu của UBND phường' },
      },
      {
        actor: 'leader',
        action: 'assignment.target.restore',
        subject: `vinh-tuy-ca|${INDICATOR}`,
        before: { target: '≥ 90%' },
        after: { target: null, reason: 'Trở lại chỉ tiêu của kế hoạch' },
      },
    ]);
  });

  it('scores the agency on its own target at once, and on the plan target again once restored', async () => {
    // 92% misses the plan's ≥ 95% at its deadline and meets an own target of ≥ 90%
    const ingest = await server.request('/api/observations/manual', {
      method: 'POST',
      token: await server.login('operator', 'demo'),
      json: { agency: 'vinh-tuy-ca', indicator: INDICATOR, at: '2026-11-20', value: 92, reason: 'test' },
    });
    expect(ingest.body.accepted).toBe(1);
    // scored at the server's "now" (30/11, where an override rescores too): ingestion scores at the
    // real time, at which a value of 20/11 goes stale from 30/12
    await server.app.get(ScoringService).rescore(PLAN, new Date(server.clock.now()), ['vinh-tuy-ca']);
    const row = async () =>
      (
        (await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`)).body.indicators as {
          indicator: string;
        }[]
      ).find((r) => r.indicator === INDICATOR);
    const plain = await row();
    expect(plain).toMatchObject({ finalTarget: 95, targetText: 'đạt ≥ 95%', targetOverride: null });
    expect((await put({ target: '≥ 90%', reason: 'điều chỉnh' })).status).toBe(200);
    expect(await row()).toMatchObject({
      finalTarget: 90,
      targetText: '≥ 90%',
      targetOverride: '≥ 90%',
      planTargetText: 'đạt ≥ 95%',
      status: 'achieved',
      score: 100,
    });
    expect((await put({ target: null, reason: 'trở lại' })).status).toBe(200);
    expect(await row()).toMatchObject({
      finalTarget: 95,
      targetOverride: null,
      score: (plain as { score: number }).score,
    });
  });

  it('names what is wrong with a bad override, and keeps it to leaders and admins', async () => {
    const field = async (json: unknown, path = PATH) => {
      const res = await put(json, leader, path);
      return { status: res.status, field: res.body.fields?.[0]?.field, reason: res.body.fields?.[0]?.reason };
    };
    expect(await field({ target: 'cao hơn năm trước', reason: 'x' })).toMatchObject({ status: 400, field: 'target' });
    // a rank is not a percentage
    expect(await field({ target: 'Top 10', reason: 'x' })).toMatchObject({ status: 400, field: 'target' });
    expect(await field({ target: '≥ 90%' })).toMatchObject({ status: 400, field: 'reason' });
    expect(await field({ target: '≥ 90%', reason: '   ' })).toMatchObject({ status: 400, field: 'reason' });
    expect(await field({ target: 42, reason: 'x' })).toMatchObject({ status: 400, field: 'target' });
    expect(
      (await put({ target: '≥ 90%', reason: 'x' }, leader, PATH.replace('vinh-tuy-ca', 'no-such-agency'))).status,
    ).toBe(404);
    // an indicator the agency is not assigned
    expect(
      (await put({ target: '≥ 90%', reason: 'x' }, leader, PATH.replace('vinh-tuy-ca', 'vinh-tuy-vp'))).status,
    ).toBe(404);
    expect((await assignment()).targetOverride).toBeNull();

    for (const username of ['operator', 'vinh-tuy-ca']) {
      const token = await server.login(username, 'demo');
      expect((await put({ target: '≥ 90%', reason: 'x' }, token)).status).toBe(403);
    }
    // the plan's own wording for an indicator whose unit says more than its target ("%/năm")
    const growth = `/api/agencies/vinh-tuy-vhxh/assignments/${encodeURIComponent(`${PLAN}/23`)}/target`;
    expect((await put({ target: 'tối thiểu 8%/năm', reason: 'x' }, leader, growth)).status).toBe(200);
    expect((await put({ target: null, reason: 'x' }, leader, growth)).status).toBe(200);

    const admin = await server.login('admin', 'demo');
    expect((await put({ target: '≥ 92%', reason: 'x' }, admin)).status).toBe(200);
    expect((await put({ target: null, reason: 'x' }, admin)).status).toBe(200);
  });
});
