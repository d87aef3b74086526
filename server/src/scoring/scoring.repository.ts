// The only place scoring touches the database: the inputs of a plan's rescoring (indicators,
// active assignments, each assignment's latest observation at or before asOf) and the score
// state it writes back (per assignment, per agency, and the agency history), by compare-and-set
// on the plan's scoring version or under a hold of its version row.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type pg from 'pg';
import type { Target } from '@kpi/shared/targets';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/** The pg NOTIFY channel on which `kpi import` tells servers that it rescored plans. */
export const CATALOG_CHANGE_CHANNEL = 'kpi_catalog_change';

export interface ScoringRow {
  assignmentId: number;
  agencyCode: string;
  indicatorCode: string;
  assignmentWeight: number | null;
  /** The assignment's own targets, in place of the indicator's (DESIGN §3), or null. */
  targetOverride: Target[] | null;
  latestAtMs: number | null;
  latestValue: number | null;
  latestSource: string | null;
  /** The score row stored for the assignment, or null when it was never scored. */
  stored: Omit<AssignmentScoreRow, 'assignmentId' | 'agencyCode'> | null;
}

export interface AssignmentScoreRow {
  assignmentId: number;
  agencyCode: string;
  value: number | null;
  observedAtMs: number | null;
  source: string | null;
  targetInForce: number | null;
  finalTarget: number | null;
  score: number;
  status: string;
}

export interface AgencyScoreRow {
  agencyCode: string;
  score: number | null;
  pillars: Record<string, number>;
  rank: number | null;
}

const CHUNK = 5000;

const statementNames = new Map<string, string>();

/**
 * A prepared statement's name: the text's hash in it, so that another version of this server
 * sharing a session (a pooler during a rolling deploy) never runs its own text under ours.
 */
function statementName(label: string, text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `${label}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A plan's version row locked in an open transaction on its own connection (holdPlan). */
export interface PlanHold {
  client: pg.PoolClient;
  /** The plan's version, as held; moved by the writes made through the hold. */
  version: number;
}

/**
 * The inputs of a plan's rescoring, a row (as an array) per active assignment: the latest
 * observation is read from observation_latest (kept by triggers), and searched in the history
 * only for an assignment whose latest is after asOf (the one-time filter on l.observed_at skips
 * the search for every other one); times come as epoch milliseconds and rows as arrays: parsing
 * 166,050 rows into Dates and objects cost as much as the query. Two texts, not one with an
 * optional filter: a prepared statement's generic plan cannot drop a `$3 IS NULL OR` branch.
 */
function scoringRowsSql(agencyFilter: string): string {
  return `SELECT a.id, a.agency_code, a.indicator_code, a.weight, a.target_override,
              floor(extract(epoch FROM CASE WHEN l.observed_at <= $2 THEN l.observed_at ELSE o.observed_at END) * 1000)::float8,
              CASE WHEN l.observed_at <= $2 THEN l.value ELSE o.value END,
              CASE WHEN l.observed_at <= $2 THEN l.source ELSE o.source END,
              s.assignment_id, s.value, floor(extract(epoch FROM s.observed_at) * 1000)::float8, s.source,
              s.target_in_force, s.final_target, s.score, s.status,
              (SELECT version FROM scoring_plan WHERE plan_code = $1)
         FROM assignment a
         JOIN indicator i ON i.code = a.indicator_code
         LEFT JOIN observation_latest l ON l.assignment_id = a.id
         LEFT JOIN LATERAL (
           SELECT observed_at, value, source FROM observation
            WHERE l.observed_at > $2 AND assignment_id = a.id AND superseded_at IS NULL AND observed_at <= $2
            ORDER BY observed_at DESC, id DESC LIMIT 1
         ) o ON true
         LEFT JOIN assignment_score s ON s.assignment_id = a.id
        WHERE i.plan_code = $1 AND a.retired_at IS NULL AND i.retired_at IS NULL ${agencyFilter}`;
}
const SCORING_ROWS = scoringRowsSql('');
const SCORING_ROWS_OF_AGENCIES = scoringRowsSql('AND a.agency_code = ANY($3::text[])');

/** Upserts assignment scores ($3–$11, see assignmentParams) of plan $1 as of $2, rows kept by `where`. */
function upsertAssignmentScores(where: string): string {
  return `INSERT INTO assignment_score (assignment_id, plan_code, agency_code, value, observed_at, source,
                                       target_in_force, final_target, score, status, as_of)
         SELECT u.id, $1, u.agency, u.value, u.observed_at, u.source, u.tif, u.final, u.score, u.status, $2
           FROM unnest($3::int[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[], $8::float8[],
                       $9::float8[], $10::float8[], $11::text[])
                AS u(id, agency, value, observed_at, source, tif, final, score, status)
          ${where}
         ON CONFLICT (assignment_id) DO UPDATE SET value = EXCLUDED.value, observed_at = EXCLUDED.observed_at,
           source = EXCLUDED.source, target_in_force = EXCLUDED.target_in_force, final_target = EXCLUDED.final_target,
           score = EXCLUDED.score, status = EXCLUDED.status, as_of = EXCLUDED.as_of`;
}

/**
 * saveScores' one statement: the version's compare-and-set first (v: a row only when the plan's
 * version was $17; its row lock orders concurrent writers), and every write depends on it. The
 * history insert reads the statement's snapshot: agency_score as it was before the upsert; it also
 * takes the history rows of ranks that moved earlier without being written ($18–$22: moves
 * between two writes of an agency, or before its score moved), and then always the agency's
 * current row, so its history ends where it is.
 */
const SAVE_SCORES = `WITH v AS (
         INSERT INTO scoring_plan (plan_code, version) VALUES ($1, $17::bigint + 1)
         ON CONFLICT (plan_code) DO UPDATE SET version = EXCLUDED.version WHERE scoring_plan.version = $17::bigint
         RETURNING version),
       a AS (${upsertAssignmentScores('WHERE EXISTS (SELECT 1 FROM v)')} RETURNING 1),
       u AS (SELECT * FROM unnest($12::text[], $13::float8[], $14::text[], $15::int[], $16::timestamptz[])
                AS u(agency, score, pillars, rank, as_of)
              WHERE EXISTS (SELECT 1 FROM v)),
       h AS (
         -- earlier moves first (ord 0), so that ids follow time where as_of ties
         INSERT INTO agency_score_history (plan_code, agency_code, score, pillars, rank, as_of)
         SELECT $1, x.agency, x.score, x.pillars::jsonb, x.rank, x.as_of
           FROM (SELECT p.agency, p.score, p.pillars, p.rank, p.as_of, 0 AS ord
                   FROM unnest($18::text[], $19::float8[], $20::text[], $21::int[], $22::timestamptz[])
                        AS p(agency, score, pillars, rank, as_of)
                  WHERE EXISTS (SELECT 1 FROM v)
                 UNION ALL
                 SELECT u.agency, u.score, u.pillars, u.rank, u.as_of, 1
                   FROM u LEFT JOIN agency_score s ON s.plan_code = $1 AND s.agency_code = u.agency
                  WHERE s.agency_code IS NULL OR s.score IS DISTINCT FROM u.score OR s.rank IS DISTINCT FROM u.rank
                     OR u.agency = ANY($18::text[])) x
          ORDER BY x.ord, x.as_of
         RETURNING 1),
       s AS (
         INSERT INTO agency_score (plan_code, agency_code, score, pillars, rank, as_of)
         SELECT $1, u.agency, u.score, u.pillars::jsonb, u.rank, u.as_of FROM u
         ON CONFLICT (plan_code, agency_code) DO UPDATE SET score = EXCLUDED.score, pillars = EXCLUDED.pillars,
           rank = EXCLUDED.rank, as_of = EXCLUDED.as_of
         RETURNING 1)
  SELECT (SELECT version FROM v) AS version, (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM h) AS h,
         (SELECT count(*) FROM s) AS s`;

function assignmentParams(c: AssignmentScoreRow[]): unknown[] {
  return [
    c.map((r) => r.assignmentId),
    c.map((r) => r.agencyCode),
    c.map((r) => r.value),
    c.map((r) => (r.observedAtMs === null ? null : new Date(r.observedAtMs))),
    c.map((r) => r.source),
    c.map((r) => r.targetInForce),
    c.map((r) => r.finalTarget),
    c.map((r) => r.score),
    c.map((r) => r.status),
  ];
}

@Injectable()
export class ScoringRepository {
  private readonly logger = new Logger('ScoringRepository');
  /**
   * The incremental rescoring's two statements are prepared once per connection (named): planning
   * them took longer than running them for one agency. Not on the embedded database, and no more
   * once a server answers that a name already exists or does not: its sessions are shared between
   * connections (a pooler in transaction mode, the embedded database's socket in tests).
   */
  private prepared: boolean;
  private readonly poolSize: number;
  private readonly external: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.external = config.database.kind === 'external';
    this.prepared = this.external;
    this.poolSize = config.database.poolSize;
  }

  /** A pooled query, as a named statement while that works (see `prepared`). */
  private async hotQuery<R>(label: string, text: string, values: unknown[], rowMode?: 'array'): Promise<R[]> {
    if (this.prepared) {
      const name = statementName(label, text);
      try {
        return (await this.pool().query({ name, text, values, ...(rowMode ? { rowMode } : {}) } as pg.QueryConfig))
          .rows as R[];
      } catch (error) {
        const code = (error as { code?: string }).code;
        // duplicate_prepared_statement, invalid_sql_statement_name, a cached plan whose result
        // type a migration changed: nothing ran; run it unnamed
        if (code !== '42P05' && code !== '26000' && code !== '0A000') throw error;
        this.prepared = false;
        this.logger.log({ msg: 'prepared statements off: the database shares sessions between connections' });
      }
    }
    return (await this.pool().query({ text, values, ...(rowMode ? { rowMode } : {}) } as pg.QueryConfig)).rows as R[];
  }

  /**
   * Each active assignment of the plan (of `agencyCodes` only, when given) with its latest
   * observation at or before `asOf` and its stored score, so that only changed scores are written.
   */
  async scoringRows(
    planCode: string,
    asOf: Date,
    agencyCodes?: string[],
    hold?: PlanHold | null,
  ): Promise<{ rows: ScoringRow[]; version: number }> {
    // an incremental rescoring's query is prepared once per connection (named): planning this
    // join took longer than running it for one agency's 50 rows
    // a held plan is read on the hold's own connection: a hold never needs a second one
    const rows: unknown[][] = hold
      ? await this.queryArraysOn(
          hold.client,
          agencyCodes ? SCORING_ROWS_OF_AGENCIES : SCORING_ROWS,
          agencyCodes ? [planCode, asOf, agencyCodes] : [planCode, asOf],
        )
      : agencyCodes
        ? await this.hotQuery<unknown[]>(
            'scoring-rows-of',
            SCORING_ROWS_OF_AGENCIES,
            [planCode, asOf, agencyCodes],
            'array',
          )
        : await this.queryArraysNoJit(SCORING_ROWS, [planCode, asOf]);
    // the plan's scoring version (see saveScores) as these rows were read; 0: never scored
    const version = rows.length && rows[0][16] !== null ? Number(rows[0][16]) : await this.planVersion(planCode);
    const scoringRows = rows.map((r) => ({
      assignmentId: r[0] as number,
      agencyCode: r[1] as string,
      indicatorCode: r[2] as string,
      assignmentWeight: r[3] as number | null,
      targetOverride: Array.isArray(r[4]) && r[4].length ? (r[4] as Target[]) : null,
      latestAtMs: r[5] as number | null,
      latestValue: r[6] as number | null,
      latestSource: r[7] as string | null,
      stored:
        r[8] === null
          ? null
          : {
              value: r[9] as number | null,
              observedAtMs: r[10] as number | null,
              source: r[11] as string | null,
              targetInForce: r[12] as number | null,
              finalTarget: r[13] as number | null,
              score: r[14] as number,
              status: r[15] as string,
            },
    }));
    return { rows: scoringRows, version };
  }

  /**
   * A full rescoring's query, answered as arrays of values (no object per row), with JIT off:
   * PostgreSQL's JIT compiles a plan whose estimated cost is high, as this one's (166,050 lateral
   * lookups that a one-time filter skips): about 0.9 s of compiling for a query that runs in less.
   */
  /** A query answered as arrays, with JIT off, inside the open transaction of `client`. */
  private async queryArraysOn(client: pg.PoolClient, text: string, values: unknown[]): Promise<unknown[][]> {
    await client.query('SET LOCAL jit = off');
    return (await client.query({ text, values, rowMode: 'array' })).rows as unknown[][];
  }

  private async queryArraysNoJit(text: string, values: unknown[]): Promise<unknown[][]> {
    const pool = this.pool();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rows = await this.queryArraysOn(client, text, values);
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The driver's pg pool: for arrays of values, named (prepared) statements and own transactions. */
  private pool(): pg.Pool {
    return (this.dataSource.driver as unknown as { master: pg.Pool }).master;
  }

  /** The plan's scoring version (0 when it was never scored): see saveScores. */
  async planVersion(planCode: string): Promise<number> {
    const rows: { version: string }[] = await this.dataSource.query(
      `SELECT version FROM scoring_plan WHERE plan_code = $1`,
      [planCode],
    );
    return rows.length ? Number(rows[0].version) : 0;
  }

  /**
   * Writes the changed assignment scores and the agency scores that moved (with a history row
   * for each whose score or rank moved), and bumps the plan's version, if and only if the plan's
   * version is still `expectedVersion` (compare-and-set: another instance or `kpi import` that
   * wrote since makes this write a no-op, so ranks computed from a stale state are never stored).
   * Returns the new version, or null when the version had moved. An agency row's `asOfMs` (a
   * rank written later than it moved) replaces `asOf` for it. Up to a chunk of assignment scores
   * goes in the same statement (an incremental rescoring is one round trip); more go in chunks
   * before it, through `hold` (the caller's held plan) or a hold of its own. `unsavedMoves`:
   * history rows for ranks of agencies in `agencies` that moved earlier without being written.
   */
  async saveScores(
    planCode: string,
    expectedVersion: number,
    asOf: Date,
    assignments: AssignmentScoreRow[],
    agencies: (AgencyScoreRow & { asOfMs?: number })[],
    unsavedMoves: (AgencyScoreRow & { asOfMs: number })[] = [],
    hold?: PlanHold,
  ): Promise<number | null> {
    const finalParams = (rest: AssignmentScoreRow[]) => [
      planCode,
      asOf,
      ...assignmentParams(rest),
      agencies.map((r) => r.agencyCode),
      agencies.map((r) => r.score),
      agencies.map((r) => JSON.stringify(r.pillars)),
      agencies.map((r) => r.rank),
      agencies.map((r) => (r.asOfMs === undefined ? asOf : new Date(r.asOfMs))),
      expectedVersion,
      unsavedMoves.map((r) => r.agencyCode),
      unsavedMoves.map((r) => r.score),
      unsavedMoves.map((r) => JSON.stringify(r.pillars)),
      unsavedMoves.map((r) => r.rank),
      unsavedMoves.map((r) => new Date(r.asOfMs)),
    ];
    if (!hold && assignments.length <= CHUNK) {
      const rows = await this.hotQuery<{ version: string | null }>(
        'save-scores',
        SAVE_SCORES,
        finalParams(assignments),
      );
      return rows[0].version === null ? null : Number(rows[0].version);
    }
    const own = hold ? null : await this.holdPlan(planCode);
    const held = (hold ?? own)!;
    let saved: number | null = null;
    try {
      if (held.version === expectedVersion) {
        let rest = assignments;
        while (rest.length > CHUNK) {
          await held.client.query(`WITH a AS (${upsertAssignmentScores('')} RETURNING 1) SELECT count(*) FROM a`, [
            planCode,
            asOf,
            ...assignmentParams(rest.slice(0, CHUNK)),
          ]);
          rest = rest.slice(CHUNK);
        }
        const rows = (await held.client.query<{ version: string | null }>(SAVE_SCORES, finalParams(rest))).rows;
        saved = rows[0].version === null ? null : Number(rows[0].version);
        if (saved !== null) held.version = saved;
      }
    } catch (error) {
      if (own) await this.releasePlan(own, false);
      throw error;
    }
    if (own) await this.releasePlan(own, saved !== null);
    return saved;
  }

  /**
   * Whether a plan's version row can be held on a connection of its own while other queries
   * use the pool: a PostgreSQL server and a pool of 3 or more (not the embedded database, where
   * only one instance runs and its rescorings of a plan take turns anyway).
   */
  get canHoldPlans(): boolean {
    return this.external && this.poolSize > 2;
  }

  /**
   * Begins a transaction on a connection of its own that locks the plan's version row (created
   * at 0 for a plan never scored): other writers' compare-and-sets wait for it, then fail and
   * retry. Used by what cannot be starved by them: a full rescoring, which takes seconds, and a
   * rescoring that lost its compare-and-set twice. End it with releasePlan.
   */
  async holdPlan(planCode: string): Promise<PlanHold> {
    const client = await this.pool().connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO scoring_plan (plan_code, version) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [
        planCode,
      ]);
      const rows = (
        await client.query<{ version: string }>(`SELECT version FROM scoring_plan WHERE plan_code = $1 FOR UPDATE`, [
          planCode,
        ])
      ).rows;
      return { client, version: Number(rows[0].version) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /** Commits (or rolls back) a held plan's transaction and gives its connection back. */
  async releasePlan(hold: PlanHold, commit: boolean): Promise<void> {
    try {
      await hold.client.query(commit ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      // a connection in an unknown state (perhaps still holding the lock) is closed, not reused
      hold.client.release(error as Error);
      if (commit) throw error;
      return;
    }
    hold.client.release();
  }

  async agencyScores(planCode: string): Promise<(AgencyScoreRow & { name: string; kind: string; asOf: Date })[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.agency_code, a.name, a.kind, s.score, s.pillars, s.rank, s.as_of
         FROM agency_score s JOIN agency a ON a.code = s.agency_code WHERE s.plan_code = $1`,
      [planCode],
    );
    return rows.map((r) => ({
      agencyCode: String(r.agency_code),
      name: String(r.name),
      kind: String(r.kind),
      score: r.score === null ? null : Number(r.score),
      pillars: r.pillars as Record<string, number>,
      rank: r.rank === null ? null : Number(r.rank),
      asOf: new Date(r.as_of as string),
    }));
  }

  async agencyScore(planCode: string, agencyCode: string): Promise<(AgencyScoreRow & { asOf: Date }) | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      // the rank is counted from the stored scores, which are always current: a stored rank that
      // moved only because others' scores did is written a moment later (ScoringService)
      `SELECT score, pillars, as_of,
              CASE WHEN score IS NOT NULL
                   THEN 1 + (SELECT count(*) FROM agency_score o WHERE o.plan_code = $1 AND o.score > s.score) END AS rank
         FROM agency_score s WHERE plan_code = $1 AND agency_code = $2`,
      [planCode, agencyCode],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      agencyCode,
      score: r.score === null ? null : Number(r.score),
      pillars: r.pillars as Record<string, number>,
      rank: r.rank === null ? null : Number(r.rank),
      asOf: new Date(r.as_of as string),
    };
  }

  /** Each agency's rank as it stood at `at` (its latest history row at or before then). */
  async ranksAt(planCode: string, at: Date): Promise<Map<string, number | null>> {
    const rows: { agency_code: string; rank: number | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (agency_code) agency_code, rank FROM agency_score_history
        WHERE plan_code = $1 AND as_of <= $2 ORDER BY agency_code, as_of DESC, id DESC`,
      [planCode, at],
    );
    return new Map(rows.map((r) => [r.agency_code, r.rank]));
  }

  /** An agency's history rows in [from, to] (either bound open), oldest first. */
  async history(
    planCode: string,
    agencyCode: string,
    from: Date | null,
    to: Date | null,
  ): Promise<{ at: Date; score: number | null; rank: number | null }[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT as_of, score, rank FROM agency_score_history
        WHERE plan_code = $1 AND agency_code = $2
          AND ($3::timestamptz IS NULL OR as_of >= $3) AND ($4::timestamptz IS NULL OR as_of <= $4)
        ORDER BY as_of, id`,
      [planCode, agencyCode, from, to],
    );
    return rows.map((r) => ({
      at: new Date(r.as_of as string),
      score: r.score === null ? null : Number(r.score),
      rank: r.rank === null ? null : Number(r.rank),
    }));
  }

  /**
   * Every agency's score state as it stood at `at`: its latest history row at or before then
   * (history rows are written whenever a score or rank moves, so the latest one is the state).
   */
  async agencyScoresAt(
    planCode: string,
    at: Date,
  ): Promise<(AgencyScoreRow & { name: string; kind: string; asOf: Date })[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT h.agency_code, a.name, a.kind, h.score, h.pillars, h.rank, h.as_of
         FROM (SELECT DISTINCT ON (agency_code) agency_code, score, pillars, rank, as_of FROM agency_score_history
                WHERE plan_code = $1 AND as_of <= $2 ORDER BY agency_code, as_of DESC, id DESC) h
         JOIN agency a ON a.code = h.agency_code`,
      [planCode, at],
    );
    return rows.map((r) => ({
      agencyCode: String(r.agency_code),
      name: String(r.name),
      kind: String(r.kind),
      score: r.score === null ? null : Number(r.score),
      pillars: r.pillars as Record<string, number>,
      rank: r.rank === null ? null : Number(r.rank),
      asOf: new Date(r.as_of as string),
    }));
  }

  /** The stored score of every active assignment of `agencyCodes` in the plan (one pillar or all). */
  async matrixCells(
    planCode: string,
    agencyCodes: string[],
    pillar: string | null,
  ): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT a.agency_code, i.code AS indicator_code, i.name, i.text, i.pillar, i.unit, s.value, s.score, s.status,
              s.level, s.observed_at, s.target_in_force
         FROM assignment a
         JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL
         LEFT JOIN assignment_score s ON s.assignment_id = a.id
        WHERE i.plan_code = $1 AND a.retired_at IS NULL AND a.agency_code = ANY($2)
          AND ($3::text IS NULL OR i.pillar = $3)
        ORDER BY i.code`,
      [planCode, agencyCodes, pillar],
    );
  }

  /** The active assignment of an indicator to an agency, and its current (not superseded) observations. */
  async assignmentSeries(
    agencyCode: string,
    indicatorCode: string,
  ): Promise<{
    assignmentId: number;
    targetOverride: Target[] | null;
    observations: { atMs: number; value: number; source: string }[];
  } | null> {
    const assignment: { id: number; target_override: Target[] | null }[] = await this.dataSource.query(
      `SELECT id, target_override FROM assignment WHERE agency_code = $1 AND indicator_code = $2 AND retired_at IS NULL`,
      [agencyCode, indicatorCode],
    );
    if (!assignment.length) return null;
    const rows: { observed_at: string; value: number; source: string }[] = await this.dataSource.query(
      `SELECT observed_at, value, source FROM observation
        WHERE assignment_id = $1 AND superseded_at IS NULL ORDER BY observed_at, id`,
      [assignment[0].id],
    );
    return {
      assignmentId: Number(assignment[0].id),
      targetOverride: assignment[0].target_override?.length ? assignment[0].target_override : null,
      observations: rows.map((r) => ({
        atMs: new Date(r.observed_at).getTime(),
        value: Number(r.value),
        source: r.source,
      })),
    };
  }

  /** Claims a sweep tick; false when another instance (or an earlier call) already has it. */
  async claimSweepTick(tickAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH claimed AS (INSERT INTO scoring_sweep (tick_at) VALUES ($1) ON CONFLICT DO NOTHING RETURNING tick_at)
       SELECT tick_at FROM claimed`,
      [tickAt],
    );
    return rows.length === 1;
  }

  async finishSweepTick(tickAt: Date, agencies: number): Promise<void> {
    await this.dataSource.query(`UPDATE scoring_sweep SET finished_at = now(), agencies = $2 WHERE tick_at = $1`, [
      tickAt,
      agencies,
    ]);
  }

  /**
   * Per plan, the agencies with an assignment whose stored score still counts a value that is
   * stale at `asOf` (older than its indicator's max data age): their stored scores are out of date.
   */
  async agenciesWithStaleScores(asOf: Date): Promise<Map<string, string[]>> {
    const rows: { plan_code: string; agencies: string[] }[] = await this.dataSource.query(
      `SELECT s.plan_code, array_agg(DISTINCT s.agency_code ORDER BY s.agency_code) AS agencies
         FROM assignment_score s
         JOIN assignment a ON a.id = s.assignment_id AND a.retired_at IS NULL
         JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL
        WHERE s.status <> 'no_data' AND s.observed_at IS NOT NULL
          AND $1::timestamptz - s.observed_at > i.max_age_days * interval '1 day'
        GROUP BY s.plan_code`,
      [asOf],
    );
    return new Map(rows.map((r) => [r.plan_code, r.agencies]));
  }

  /** Records a catalog change whose plans were rescored and tells listening servers (pg NOTIFY). */
  async recordCatalogChange(plans: string[]): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH c AS (INSERT INTO catalog_change (plans) VALUES ($1) RETURNING id),
            n AS (SELECT pg_notify('${CATALOG_CHANGE_CHANNEL}', id::text) FROM c)
       SELECT c.id FROM c, n`,
      [plans],
    );
    return Number(rows[0].id);
  }

  /** Claims a catalog change for announcing; null when another instance already announced it. */
  async claimCatalogChange(id: number): Promise<string[] | null> {
    const rows: { plans: string[] }[] = await this.dataSource.query(
      `WITH c AS (UPDATE catalog_change SET announced_at = now() WHERE id = $1 AND announced_at IS NULL RETURNING plans)
       SELECT plans FROM c`,
      [id],
    );
    return rows.length ? rows[0].plans : null;
  }

  async assignmentScores(planCode: string, agencyCode: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT s.*, a.indicator_code, i.name, i.text, i.target_text, i.pillar, i.unit, i.deadline,
              coalesce(a.weight, i.weight) AS weight, a.target_override_text
         FROM assignment_score s JOIN assignment a ON a.id = s.assignment_id JOIN indicator i ON i.code = a.indicator_code
        WHERE s.plan_code = $1 AND s.agency_code = $2 AND a.retired_at IS NULL
        ORDER BY a.indicator_code`,
      [planCode, agencyCode],
    );
  }
}
