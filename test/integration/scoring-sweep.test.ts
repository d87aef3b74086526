// The staleness sweep: a value that goes stale changes its score when it goes stale, not only
// when new data arrives, and a tick is swept once however many instances run the schedule.
import { DataSource } from 'typeorm';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { ScoreEvents, type ScoreChange } from '../../server/src/scoring/score-events.js';
import { StalenessSweep } from '../../server/src/scoring/staleness-sweep.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';
const DAY = 86_400_000;

describe('staleness sweep', () => {
  let server: TestServer;
  let db: DataSource;
  let sweep: StalenessSweep;
  const changes: ScoreChange[] = [];
  let observedAt: number;
  let maxAgeDays: number;

  const police = async () =>
    (await server.request(`/api/rankings?plan=${PLAN}`)).body.agencies.find(
      (a: { code: string }) => a.code === 'vinh-tuy-ca',
    ) as { score: number };
  const card = async () =>
    (await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`)).body.indicators.find(
      (r: { indicator: string }) => r.indicator === `${PLAN}/26a`,
    ) as { status: string; score: number };

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    sweep = server.app.get(StalenessSweep);
    server.app.get(ScoreEvents).subscribe((c) => {
      changes.push(c);
    });
    maxAgeDays = Number(
      (await db.query(`SELECT max_age_days FROM indicator WHERE code = $1`, [`${PLAN}/26a`]))[0].max_age_days,
    );
    observedAt = Date.parse('2026-06-01T00:00:00Z');
    await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, $2, 96, 'test' FROM assignment WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = $1`,
      [`${PLAN}/26a`, new Date(observedAt)],
    );
    await server.app.get(ScoringService).rescore(PLAN, new Date(observedAt + DAY));
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves fresh values alone and rescores an agency once its value crosses the max data age', async () => {
    expect((await card()).status).toBe('achieved');
    const before = (await police()).score;
    expect(before).toBeGreaterThan(0);

    // exactly maxAgeDays old is still fresh (DESIGN §5.1: "older than")
    changes.length = 0;
    const fresh = await sweep.sweep(new Date(observedAt + maxAgeDays * DAY));
    expect(fresh).toEqual({ ran: true, plans: 0, agencies: 0 });
    expect((await card()).status).toBe('achieved');

    const stale = await sweep.sweep(new Date(observedAt + maxAgeDays * DAY + 60_000));
    expect(stale).toEqual({ ran: true, plans: 1, agencies: 1 });
    expect(await card()).toMatchObject({ status: 'no_data', score: 0 });
    expect((await police()).score).toBeLessThan(before);
    // the rescoring was announced (live pushes and alerts listen to this)
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toEqual([
      expect.objectContaining({
        plan: PLAN,
        agencies: ['vinh-tuy-ca'],
        asOf: new Date(observedAt + maxAgeDays * DAY + 60_000).toISOString(),
      }),
    ]);
    // with the rows that moved, as written: a live ranking updates from them without a query
    const moved = changes[0].moved!.find((m) => m.code === 'vinh-tuy-ca');
    expect(moved).toEqual(expect.objectContaining({ score: (await police()).score, rank: expect.any(Number) }));
    // its history shows the drop at the sweep's time
    const history = (await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}`)).body.points;
    const at = new Date(observedAt + maxAgeDays * DAY + 60_000).toISOString();
    expect(history.find((p: { at: string }) => p.at === at)).toMatchObject({ score: (await police()).score });

    // nothing left to sweep on the next tick
    expect(await sweep.sweep(new Date(observedAt + (maxAgeDays + 1) * DAY))).toEqual({
      ran: true,
      plans: 0,
      agencies: 0,
    });
  });

  it('sweeps a tick once, however many callers (instances) claim it', async () => {
    const tick = new Date(observedAt + 200 * DAY);
    const results = await Promise.all([sweep.sweep(tick), sweep.sweep(tick), sweep.sweep(tick)]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    const rows = await db.query(`SELECT finished_at FROM scoring_sweep WHERE tick_at = $1`, [tick]);
    expect(rows).toHaveLength(1);
    expect(rows[0].finished_at).not.toBeNull();
  });
});
