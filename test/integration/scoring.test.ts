// Scoring in the server: observations in PostgreSQL → persisted scores → rankings and scorecards.
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

describe('scoring in the server', () => {
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

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    scoring = server.app.get(ScoringService);
  });
  afterAll(async () => {
    await server.close();
  });

  it('ranks agencies by their weighted scores and shows each scorecard row', async () => {
    // Trung tâm Phục vụ hành chính công carries 19 (100% via iHanoi) and 30 (≥ 90% cashless)
    await observe('vinh-tuy-ttpvhcc', '19', '2026-06-01', 100);
    await observe('vinh-tuy-ttpvhcc', '30', '2026-06-01', 45);
    // Công an phường: VNeID ≥ 95% reached
    await observe('vinh-tuy-ca', '26a', '2026-06-01', 96);
    await scoring.rescore(PLAN, new Date('2026-06-30T00:00:00Z'));

    const { status, body } = await server.request(`/api/rankings?plan=${PLAN}`);
    expect(status).toBe(200);
    expect(body.asOf).toBe('2026-06-30T00:00:00.000Z');
    const codes = body.agencies.map((a: { code: string }) => a.code);
    expect(codes.indexOf('vinh-tuy-ttpvhcc')).toBeLessThan(codes.indexOf('vinh-tuy-vp'));
    const vp = body.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-vp');
    expect(vp.score).toBe(0); // assigned, no data yet: 0, not absent

    const card = await server.request(`/api/agencies/vinh-tuy-ttpvhcc/scorecard?plan=${PLAN}`);
    expect(card.status).toBe(200);
    const row19 = card.body.indicators.find((r: { indicator: string }) => r.indicator === `${PLAN}/19`);
    expect(row19).toMatchObject({
      value: 100,
      targetInForce: 100,
      finalTarget: 100,
      score: 100,
      status: 'achieved',
      source: 'test',
    });
    const row30 = card.body.indicators.find((r: { indicator: string }) => r.indicator === `${PLAN}/30`);
    expect(row30).toMatchObject({ value: 45, score: 50, status: 'behind' });
    const inRanking = body.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-ttpvhcc');
    expect(card.body).toMatchObject({ rank: inRanking.rank, score: inRanking.score, asOf: body.asOf });
  });

  it('rescoring only the agencies whose data changed moves the ranking and keeps the previous rank', async () => {
    const before = (await server.request(`/api/rankings?plan=${PLAN}`)).body;
    const vpBefore = before.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-vp');
    const vpIndicators = (await server.request(`/api/plans/${PLAN}/indicators?agency=vinh-tuy-vp`)).body as {
      code: string;
      targets: { value: number }[];
    }[];
    for (const ind of vpIndicators) {
      if (ind.targets[0]?.value) await observe('vinh-tuy-vp', ind.code.split('/')[1], '2026-07-01', 100);
    }
    await scoring.rescore(PLAN, new Date('2026-07-10T00:00:00Z'), ['vinh-tuy-vp']);
    const after = (await server.request(`/api/rankings?plan=${PLAN}`)).body;
    const vpAfter = after.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-vp');
    expect(vpAfter.score).toBeGreaterThan(vpBefore.score);
    expect(vpAfter.rank).toBeLessThan(vpBefore.rank);
    expect(vpAfter.previousRank).toBe(vpBefore.rank); // as it stood a week before 10/07
    // untouched agencies keep their scores
    const ttBefore = before.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-ttpvhcc');
    expect(after.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-ttpvhcc').score).toBe(ttBefore.score);
  });

  it('ranks by one pillar, and names bad parameters', async () => {
    const society = await server.request(`/api/rankings?plan=${PLAN}&pillar=society`);
    expect(society.status).toBe(200);
    expect(society.body.agencies.every((a: { pillars: Record<string, number> }) => 'society' in a.pillars)).toBe(true);
    expect((await server.request('/api/rankings')).body.fields[0].field).toBe('plan');
    const badKind = await server.request(`/api/rankings?plan=${PLAN}&kind=castle`);
    expect(badKind.status).toBe(400);
    expect(badKind.body.fields[0].field).toBe('kind');
    expect((await server.request(`/api/rankings?plan=${PLAN}&pillar=space`)).status).toBe(400);
    expect((await server.request('/api/rankings?plan=nope')).status).toBe(404);
    expect((await server.request(`/api/agencies/nobody/scorecard?plan=${PLAN}`)).status).toBe(404);
    expect((await server.request('/api/agencies/vinh-tuy-vp/scorecard?plan=nope')).status).toBe(404);
    expect((await server.request('/api/agencies/vinh-tuy-vp/scorecard')).body.fields[0].field).toBe('plan');
  });

  it('ranks among agencies of chosen kinds, counting ranks within the selection', async () => {
    const all = (await server.request(`/api/rankings?plan=${PLAN}`)).body.agencies as {
      code: string;
      kind: string;
      rank: number;
    }[];
    const schools = await server.request(`/api/rankings?plan=${PLAN}&kind=school`);
    expect(schools.status).toBe(200);
    expect(schools.body.agencies.length).toBe(all.filter((a) => a.kind === 'school').length);
    expect(schools.body.agencies.every((a: { kind: string }) => a.kind === 'school')).toBe(true);
    expect(schools.body.agencies[0]).toMatchObject({ rank: 1, previousRank: null });
    const mixed = await server.request(`/api/rankings?plan=${PLAN}&kind=school,police`);
    expect(mixed.body.agencies.map((a: { kind: string }) => a.kind).sort()).toEqual(
      all
        .filter((a) => a.kind === 'school' || a.kind === 'police')
        .map((a) => a.kind)
        .sort(),
    );
  });
});
