// The score state a server keeps per plan: incremental rescorings re-rank from memory, stay right
// when another instance (or `kpi import`) rescored in between, say which assignment scores
// changed (alerts re-forecast only those), and honour an assignment's own target override.
import { DataSource } from 'typeorm';
import { rankAgencies } from '../../shared/src/scoring/index.js';
import { CatalogRepository } from '../../server/src/catalog/catalog.repository.js';
import { ScoreEvents, type ScoreChange } from '../../server/src/scoring/score-events.js';
import { ScoringRepository } from '../../server/src/scoring/scoring.repository.js';
import { ScoringService } from '../../server/src/scoring/scoring.service.js';
import { IngestionService } from '../../server/src/ingestion/ingestion.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

describe('scoring state across rescorings and instances', () => {
  let server: TestServer;
  let db: DataSource;
  let scoring: ScoringService;
  const published: ScoreChange[] = [];

  async function observe(agency: string, indicator: string, at: string, value: number) {
    const rows: { id: number }[] = await db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source)
       SELECT id, $3, $4, 'test' FROM assignment WHERE agency_code = $1 AND indicator_code = $2 RETURNING assignment_id AS id`,
      [agency, `${PLAN}/${indicator}`, at, value],
    );
    return Number(rows[0].id);
  }
  // ranks that moved only because another agency scored are written a moment later: write them now
  const storedRanks = async (...instances: ScoringService[]) => {
    for (const instance of [scoring, ...instances]) await instance.flushRanks();
    return Object.fromEntries(
      (
        (await db.query(`SELECT agency_code, score, rank FROM agency_score WHERE plan_code = $1`, [PLAN])) as {
          agency_code: string;
          score: number;
          rank: number;
        }[]
      ).map((r) => [r.agency_code, { score: r.score, rank: r.rank }]),
    );
  };

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    scoring = server.app.get(ScoringService);
    server.app.get(ScoreEvents).subscribe((change) => {
      published.push(change);
    });
    await scoring.rescore(PLAN, new Date('2026-06-30T00:00:00Z'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('says which assignment scores changed, and writes nothing when nothing did', async () => {
    const id = await observe('vinh-tuy-ca', '26a', '2026-06-01', 96);
    published.length = 0;
    await scoring.rescore(PLAN, new Date('2026-06-30T00:00:00Z'), ['vinh-tuy-ca']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toHaveLength(1);
    expect(published[0].changed).toEqual([{ agency: 'vinh-tuy-ca', assignments: [id] }]);
    expect(published[0].moved!.some((m) => m.code === 'vinh-tuy-ca')).toBe(true);

    // the same inputs again: no score changed, no agency moved, nothing written
    const [{ n: historyBefore }] = await db.query(`SELECT count(*)::int AS n FROM agency_score_history`);
    published.length = 0;
    await scoring.rescore(PLAN, new Date('2026-06-30T00:00:00Z'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(published[0]).toMatchObject({ changed: [], moved: [] });
    const [{ n: historyAfter }] = await db.query(`SELECT count(*)::int AS n FROM agency_score_history`);
    expect(historyAfter).toBe(historyBefore);
  });

  it('re-ranks right when another instance rescored the plan in between', async () => {
    // a second instance: its own in-memory state over the same database
    const other = new ScoringService(
      server.app.get(ScoringRepository),
      server.app.get(CatalogRepository),
      new ScoreEvents(),
    );
    const asOf = new Date('2026-07-10T00:00:00Z');
    // this instance knows the plan's state (it rescored it last)
    await observe('vinh-tuy-ca', '26a', '2026-07-01', 80);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ca']);
    // the other instance lifts the service centre to the top
    await observe('vinh-tuy-ttpvhcc', '19', '2026-07-01', 100);
    await observe('vinh-tuy-ttpvhcc', '30', '2026-07-01', 95);
    await other.rescore(PLAN, asOf, ['vinh-tuy-ttpvhcc']);
    const centre = (await storedRanks(other))['vinh-tuy-ttpvhcc'];
    expect(centre.rank).toBe(1);
    // this instance rescores another agency: it must rank it among the centre's new score, not
    // the one it remembered
    await observe('vinh-tuy-ca', '26a', '2026-07-02', 85);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ca']);
    const incremental = await storedRanks();
    expect(incremental['vinh-tuy-ttpvhcc']).toEqual(centre);
    expect(incremental['vinh-tuy-ca'].rank).toBeGreaterThan(1);
    // and what is stored is what a full rescoring from scratch computes: it moves nothing
    published.length = 0;
    await scoring.rescore(PLAN, asOf);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published[0]).toMatchObject({ changed: [], moved: [] });
    expect(await storedRanks()).toEqual(incremental);
  });

  it('writes ranks that moved only because another agency scored: with their history, before a read or a stop', async () => {
    const asOf = new Date('2026-07-11T00:00:00Z');
    const rankedFromScores = async () => {
      const stored = await storedRanks();
      return Object.fromEntries(
        rankAgencies(Object.entries(stored).map(([code, r]) => ({ code, score: r.score }))).map((r) => [
          r.code,
          r.rank,
        ]),
      );
    };
    // an instance of its own, so that no other rescoring in this file writes its ranks for it
    const other = new ScoringService(
      server.app.get(ScoringRepository),
      server.app.get(CatalogRepository),
      new ScoreEvents(),
    );
    await other.rescore(PLAN, asOf);
    await other.flushRanks();
    const before = await storedRanks();
    // a large rise of one agency: everyone it overtakes moves one place without a score change
    await observe('vinh-tuy-tyt', '31', '2026-07-10', 100);
    await observe('vinh-tuy-tyt', '32', '2026-07-10', 100);
    await other.rescore(PLAN, asOf, ['vinh-tuy-tyt']);
    const overtaken = Object.keys(before).filter(
      (code) => code !== 'vinh-tuy-tyt' && before[code].rank < before['vinh-tuy-tyt'].rank,
    );
    expect(overtaken.length).toBeGreaterThan(0);
    // the scorecard counts the rank from the scores, written or not
    const card = await server.request(`/api/agencies/${overtaken[0]}/scorecard?plan=${PLAN}`);
    expect(card.body.rank).toBe((await rankedFromScores())[overtaken[0]] ?? null);
    // a stop writes what is left, each with a history row at the time it moved
    await other.onModuleDestroy();
    const after = await storedRanks();
    const expected = await rankedFromScores();
    for (const [code, r] of Object.entries(after)) expect(r.rank).toBe(expected[code]);
    for (const code of overtaken) {
      expect(after[code].rank).toBe(before[code].rank + 1);
      const [last] = await db.query(
        `SELECT rank, as_of FROM agency_score_history WHERE plan_code = $1 AND agency_code = $2 ORDER BY id DESC LIMIT 1`,
        [PLAN, code],
      );
      expect({ rank: last.rank, asOf: new Date(last.as_of).toISOString() }).toEqual({
        rank: after[code].rank,
        asOf: asOf.toISOString(),
      });
    }
  });

  it('repairs a stored rank left behind (a process stopped before writing it) on its next rescoring', async () => {
    const asOf = new Date('2026-07-12T00:00:00Z');
    const stored = await storedRanks();
    const [code] = Object.keys(stored).filter((c) => stored[c].rank > 1);
    await db.query(`UPDATE agency_score SET rank = 1 WHERE plan_code = $1 AND agency_code = $2`, [PLAN, code]);
    // as another writer would, so that this instance reads the plan again
    await db.query(`UPDATE scoring_plan SET version = version + 1 WHERE plan_code = $1`, [PLAN]);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ca']);
    await scoring.flushRanks();
    expect((await storedRanks())[code].rank).toBe(stored[code].rank);
  });

  it('writes nothing when the plan was rescored elsewhere since its state was read (compare-and-set)', async () => {
    const repository = server.app.get(ScoringRepository);
    const version = await repository.planVersion(PLAN);
    const [{ n: historyBefore }] = await db.query(`SELECT count(*)::int AS n FROM agency_score_history`);
    const ranksBefore = await storedRanks();
    const row = { agencyCode: 'vinh-tuy-ca', score: 1, pillars: {}, rank: 99 };
    const [assignment] = await db.query(
      `SELECT id FROM assignment WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = $1`,
      [`${PLAN}/26a`],
    );
    const score = {
      assignmentId: Number(assignment.id),
      agencyCode: 'vinh-tuy-ca',
      value: 1,
      observedAtMs: Date.parse('2026-07-01'),
      source: 'test',
      targetInForce: 90,
      finalTarget: 90,
      score: 0.01,
      status: 'off_track',
    };
    const asOf = new Date('2026-07-13T00:00:00Z');
    expect(await repository.saveScores(PLAN, version - 1, asOf, [score], [row])).toBeNull();
    // the chunked path (a full rescoring's thousands of rows) checks before writing any chunk
    expect(await repository.saveScores(PLAN, version - 1, asOf, Array(5001).fill(score), [row])).toBeNull();
    expect(await repository.planVersion(PLAN)).toBe(version);
    expect(await storedRanks()).toEqual(ranksBefore);
    const [{ n: historyAfter }] = await db.query(`SELECT count(*)::int AS n FROM agency_score_history`);
    expect(historyAfter).toBe(historyBefore);
    const [kept] = await db.query(`SELECT score FROM assignment_score WHERE assignment_id = $1`, [assignment.id]);
    expect(kept.score).not.toBe(0.01);
    // a rescoring that meets a moved version reads again, and its write goes in after all
    await observe('vinh-tuy-ca', '26a', '2026-07-12', 42);
    await db.query(`UPDATE scoring_plan SET version = version + 1 WHERE plan_code = $1`, [PLAN]);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ca']);
    expect(await repository.planVersion(PLAN)).toBe(version + 2);
    const [written] = await db.query(
      `SELECT value FROM assignment_score s JOIN assignment a ON a.id = s.assignment_id
        WHERE a.agency_code = 'vinh-tuy-ca' AND a.indicator_code = $1`,
      [`${PLAN}/26a`],
    );
    expect(written.value).toBe(42);
  });

  it("keeps every rank move in an agency's history, in order, and a score written at the same instant last", async () => {
    const instance = new ScoringService(
      server.app.get(ScoringRepository),
      server.app.get(CatalogRepository),
      new ScoreEvents(),
    );
    const at = (day: number) => new Date(Date.UTC(2026, 6, day));
    const points = async () =>
      (
        (await server.request(`/api/agencies/vinh-tuy-ca/history?plan=${PLAN}&from=2026-07-20&to=2026-07-31`)).body
          .points as { at: string; score: number; rank: number }[]
      ).map((p) => ({ ...p, at: p.at.slice(0, 10) }));
    await observe('vinh-tuy-ca', '26a', '2026-07-19', 50);
    await instance.rescore(PLAN, at(20));
    await instance.flushRanks();
    const start = (await storedRanks())['vinh-tuy-ca'];
    // 21 July: the market board (one assignment) jumps to the top: the police unit moves one
    // place down; at the same instant its own score moves: only that row stands at 21 July
    await observe('vinh-tuy-bqlcho', '21b', '2026-07-21', 100);
    await instance.rescore(PLAN, at(21), ['vinh-tuy-bqlcho']);
    await observe('vinh-tuy-ca', '26a', '2026-07-21', 60);
    await instance.rescore(PLAN, at(21), ['vinh-tuy-ca']);
    // 22 and 23 July: two more moves of its rank alone (the board drops, then climbs back), written together
    await observe('vinh-tuy-bqlcho', '21b', '2026-07-22', 0);
    await instance.rescore(PLAN, at(22), ['vinh-tuy-bqlcho']);
    await observe('vinh-tuy-bqlcho', '21b', '2026-07-23', 100);
    await instance.rescore(PLAN, at(23), ['vinh-tuy-bqlcho']);
    await instance.flushRanks();
    const history = await points();
    expect(history.map((p) => p.at)).toEqual(['2026-07-20', '2026-07-21', '2026-07-22', '2026-07-23']);
    const [, moved21, moved22, moved23] = history;
    expect(moved21.score).toBeGreaterThan(start.score);
    expect(moved22).toMatchObject({ score: moved21.score, rank: moved21.rank - 1 });
    expect(moved23).toMatchObject({ score: moved21.score, rank: moved21.rank });
    // the ranking as it stood on 21 July shows the score written then, not the earlier move
    const on21 = (await server.request(`/api/rankings?plan=${PLAN}&asOf=2026-07-21T12:00:00Z`)).body;
    expect(on21.agencies.find((a: { code: string }) => a.code === 'vinh-tuy-ca')).toMatchObject({
      score: moved21.score,
      rank: moved21.rank,
    });
  });

  it('scores an assignment on its own target override when it has one', async () => {
    const card = async () =>
      (
        (await server.request(`/api/agencies/vinh-tuy-ttpvhcc/scorecard?plan=${PLAN}`)).body.indicators as {
          indicator: string;
          targetInForce: number;
          finalTarget: number;
          score: number;
          status: string;
        }[]
      ).find((r) => r.indicator === `${PLAN}/30`)!;
    const asOf = new Date('2026-07-10T00:00:00Z');
    await observe('vinh-tuy-ttpvhcc', '30', '2026-07-05', 60);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ttpvhcc']);
    const plain = await card();
    expect(plain.status).not.toBe('achieved'); // the plan's target (≥ 90%) is far
    await db.query(`UPDATE assignment SET target_override = $3::jsonb WHERE agency_code = $1 AND indicator_code = $2`, [
      'vinh-tuy-ttpvhcc',
      `${PLAN}/30`,
      JSON.stringify([{ op: '>=', value: 50, min: null, max: null, unit: '%', approximate: false }]),
    ]);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ttpvhcc']);
    expect(await card()).toMatchObject({ targetInForce: 50, finalTarget: 50, status: 'achieved' });
    const series = await server.request(`/api/agencies/vinh-tuy-ttpvhcc/indicators/30/series?plan=${PLAN}`);
    expect(series.status).toBe(200);
    expect(series.body.finalTarget).toBe(50);
  });

  it('scores the latest value at or before asOf, through corrections, as the history says', async () => {
    const value = async () =>
      (
        (await server.request(`/api/agencies/vinh-tuy-ttpvhcc/scorecard?plan=${PLAN}`)).body.indicators as {
          indicator: string;
          value: number;
        }[]
      ).find((r) => r.indicator === `${PLAN}/19`)!.value;
    const asOf = new Date('2026-07-15T00:00:00Z');
    const id = await observe('vinh-tuy-ttpvhcc', '19', '2026-07-12', 70);
    // a value after asOf does not count for it
    await observe('vinh-tuy-ttpvhcc', '19', '2026-07-20', 80);
    await scoring.rescore(PLAN, asOf, ['vinh-tuy-ttpvhcc']);
    expect(await value()).toBe(70);
    await scoring.rescore(PLAN, new Date('2026-07-25T00:00:00Z'), ['vinh-tuy-ttpvhcc']);
    expect(await value()).toBe(80);
    // a correction supersedes the latest: the one before it counts again
    await db.query(
      `UPDATE observation SET superseded_at = now() WHERE assignment_id = $1 AND observed_at = '2026-07-20' AND superseded_at IS NULL`,
      [id],
    );
    await scoring.rescore(PLAN, new Date('2026-07-25T00:00:00Z'), ['vinh-tuy-ttpvhcc']);
    expect(await value()).toBe(70);
    // the kept latest observations are what the history says
    const differing = await db.query(
      `SELECT * FROM (SELECT DISTINCT ON (assignment_id) assignment_id, id, observed_at, value, source FROM observation
                        WHERE superseded_at IS NULL ORDER BY assignment_id, observed_at DESC, id DESC) h
         FULL JOIN observation_latest l ON l.assignment_id = h.assignment_id
        WHERE (h.id, h.observed_at, h.value, h.source) IS DISTINCT FROM (l.observation_id, l.observed_at, l.value, l.source)`,
    );
    expect(differing).toEqual([]);
    await db.query(`DELETE FROM observation WHERE assignment_id = $1 AND observed_at >= '2026-07-12'`, [id]);
    expect(
      await db.query(
        `SELECT l.observed_at FROM observation_latest l WHERE l.assignment_id = $1
          AND l.observed_at >= '2026-07-12'`,
        [id],
      ),
    ).toEqual([]);
  });

  it('announces an assignment whose history changed without its score moving (for its forecast)', async () => {
    const ingestion = server.app.get(IngestionService);
    const latest = await ingestion.ingest(
      [{ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26b`, at: '2026-06-20T00:00:00Z', value: 70 }],
      'test-feed',
      null,
      Date.parse('2026-06-30T00:00:00Z'),
    );
    expect(latest.accepted).toBe(1);
    const [{ id }] = await db.query(
      `SELECT id FROM assignment WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = $1`,
      [`${PLAN}/26b`],
    );
    published.length = 0;
    // a backfilled older value: the latest (and so the score) stays, the history does not
    const backfill = await ingestion.ingest(
      [{ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26b`, at: '2026-05-20T00:00:00Z', value: 40 }],
      'test-feed',
      null,
      Date.parse('2026-06-30T00:00:00Z'),
    );
    expect(backfill.accepted).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    const change = published.find((c) => c.plan === PLAN)!;
    expect(change.changed).toEqual([{ agency: 'vinh-tuy-ca', assignments: [Number(id)] }]);
    expect(change.moved).toEqual([]);
  });
});

// a PostgreSQL server only: the embedded database serves one connection, and holds none
(process.env.KPI_TEST_DB_KIND === 'external' ? describe : describe.skip)(
  'full rescorings of every plan at once on a small pool',
  () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ DEMO: '1', DATABASE_POOL_SIZE: '3' });
    });
    afterAll(async () => {
      await server.close();
    });

    it('finishes: a full rescoring holding its plan never waits on connections other holds keep', async () => {
      const scoring = server.app.get(ScoringService);
      const plans: { code: string }[] = await server.app.get(DataSource).query(`SELECT code FROM plan`);
      expect(plans.length).toBeGreaterThan(3);
      // five plans, three connections: holds that each took one and read through the pool hung here
      const results = await Promise.all(plans.map((p) => scoring.rescore(p.code, new Date('2026-07-01T00:00:00Z'))));
      expect(results.every((r) => r.assignments > 0)).toBe(true);
    });
  },
);
