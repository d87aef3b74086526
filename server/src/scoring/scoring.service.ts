// Scores a plan's agencies with the shared engine (DESIGN §5) and keeps the score state current:
// a full rescoring of a plan, or an incremental one for the agencies whose data changed, re-ranked
// among every agency's score as this instance holds it (checked against the plan's scoring
// version, which every write compares-and-sets). Scores are stored at once; ranks that moved only
// because others scored a moment later. Rankings, scorecards and histories read that state.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  aggregateAgency,
  directionOf,
  finalTarget,
  parseIsoMs,
  rankAgencies,
  RankIndex,
  resolveWeight,
  scoreAssignment,
  targetInForce,
  type ScoringIndicator,
} from '@kpi/shared/scoring';
import { forecastAssignment } from '@kpi/shared/forecast';
import { DomainError } from '../common/domain-error.js';
import { AGENCY_KINDS } from '../catalog/seed-files.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { IndicatorEntity } from '../catalog/catalog.entities.js';
import {
  ScoringRepository,
  type AgencyScoreRow,
  type AssignmentScoreRow,
  type PlanHold,
} from './scoring.repository.js';
import { ScoreEvents, type ScoreChange } from './score-events.js';

const WEEK_MS = 7 * 86_400_000;

/** What the dashboards show as a value's source: `manual` for any operator's entry, else the connector. */
export function sourceKind(source: string): string {
  return source.startsWith('manual:') ? 'manual' : source;
}

/** A query parameter that must be an ISO 8601 date or date-time. */
export function parseTime(field: string, text: string): Date {
  const ms = parseIsoMs(text);
  if (ms === null) throw DomainError.invalid(field, 'must be an ISO 8601 date or date-time, e.g. 2026-06-30');
  return new Date(ms);
}

function samePillars(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function sameAssignmentScore(
  a: Omit<AssignmentScoreRow, 'assignmentId' | 'agencyCode'>,
  b: AssignmentScoreRow,
): boolean {
  return (
    a.value === b.value &&
    a.observedAtMs === b.observedAtMs &&
    a.source === b.source &&
    a.targetInForce === b.targetInForce &&
    a.finalTarget === b.finalTarget &&
    a.score === b.score &&
    a.status === b.status
  );
}

interface PlanState {
  version: number;
  indicators: Map<string, { entity: IndicatorEntity; scoring: ScoringIndicator }>;
  /** Every agency's score and pillars as stored. */
  agencies: Map<string, { score: number | null; pillars: Record<string, number> }>;
  /** The ranks computed from those scores (stored, or waiting in unsavedRanks). */
  ranking: RankIndex;
  /**
   * Agencies whose rank moved only because others' scores did, not written yet: code → each move
   * (the rank and when), oldest first. One new value can shift hundreds of ranks; writing them
   * (and their history rows) with the value made an incremental rescoring wait for hundreds of
   * rows. They are written together a moment later (flushRanks), every move a history row;
   * readers meanwhile rank from the stored scores, which are always current.
   */
  unsavedRanks: Map<string, { rank: number; atMs: number }[]>;
}

/**
 * How long rank-only moves wait to be written together (each plan's rescorings meanwhile add to
 * them). The write takes its plan's turn: a rescoring arriving meanwhile waits for it, so fewer,
 * larger writes keep rescorings' latency down (bench:scoring: 1,700 agencies a write at 500 ms).
 */
const RANK_FLUSH_MS = 2000;
/**
 * Agencies written per turn when the timer writes waiting ranks: a rescoring waits for one such
 * write at most (3,200 at once took 130-165 ms in bench:scoring; 250 take about 12 ms).
 */
const RANK_FLUSH_CHUNK = 250;
/**
 * Rescoring attempts when other writers move the plan's version (compare-and-set); from the
 * third, the rescoring holds the plan's version row, so the last attempts cannot be starved.
 */
const MAX_ATTEMPTS = 5;

interface RescoreResult {
  counts: { agencies: number; assignments: number };
  change: ScoreChange;
}

/** Runs `work` after every earlier work queued under `key` has settled (turns of one key). */
function takeTurn<T>(turns: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
  const run = (turns.get(key) ?? Promise.resolve()).then(work);
  const turn = run.catch(() => undefined);
  turns.set(key, turn);
  void turn.then(() => {
    if (turns.get(key) === turn) turns.delete(key);
  });
  return run;
}

/** The engine's view of a catalog indicator. */
export function toScoringIndicator(i: IndicatorEntity): ScoringIndicator {
  return {
    targets: i.targets,
    unit: i.unit,
    trajectory: i.trajectory,
    baseline: i.baseline,
    startMs: Date.parse(`${i.startDate}T00:00:00Z`),
    deadlineMs: Date.parse(`${i.deadline}T00:00:00Z`),
    maxAgeDays: i.maxAgeDays,
  };
}

@Injectable()
export class ScoringService implements OnModuleDestroy {
  private readonly logger = new Logger('Scoring');

  constructor(
    private readonly scores: ScoringRepository,
    private readonly catalog: CatalogRepository,
    private readonly events: ScoreEvents,
  ) {}

  /**
   * Per plan, what an incremental rescoring needs besides its own agencies' rows: the plan's
   * indicators and every agency's stored score, as of the plan's scoring version. Re-ranking from
   * memory spares reading 3,321 agency scores per new value; the version (one tiny read) says
   * when another instance or `kpi import` wrote since, and the state is then read again.
   */
  private readonly plans = new Map<string, PlanState>();
  /** Rescorings of one plan take turns on this instance, so the state above stays consistent. */
  private readonly turns = new Map<string, Promise<unknown>>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  /** Set when the module stops: ranks are then written with each rescoring, not later. */
  private stopping = false;

  /**
   * Rescores `agencyCodes` of the plan (all of them when omitted) as of `asOf` and re-ranks.
   * `historyChanged`: assignments whose observations changed (ingestion knows): announced as
   * changed with the ones whose score moved, since a corrected or backfilled past value changes
   * the forecast without changing the score.
   */
  rescore(
    planCode: string,
    asOf: Date,
    agencyCodes?: string[],
    historyChanged: number[] = [],
  ): Promise<{ agencies: number; assignments: number }> {
    return this.inTurn(planCode, () => this.rescoreNow(planCode, asOf, agencyCodes, historyChanged));
  }

  /** Writes the ranks that moved without being written (all plans), e.g. before a stop or a check. */
  async flushRanks(): Promise<void> {
    for (const timer of this.flushTimers.values()) clearTimeout(timer);
    this.flushTimers.clear();
    await Promise.all(
      [...this.plans.keys()].map((plan) => this.inTurn(plan, () => this.flushPlanRanks(plan, Infinity))),
    );
  }

  async onModuleDestroy(): Promise<void> {
    // before the database connection closes (TypeORM closes it at application shutdown);
    // rescorings still running or arriving (ingestion stops later) write their ranks themselves
    this.stopping = true;
    await Promise.all([...this.turns.values()]);
    await this.flushRanks().catch((error: unknown) =>
      this.logger.error({ msg: 'ranks not written at stop', error: String(error) }),
    );
  }

  /**
   * Writes the plan's unsaved ranks before a read of stored ranks or history on this instance, so
   * its answers match what it has pushed live (a read elsewhere may trail by RANK_FLUSH_MS); in
   * turns of RANK_FLUSH_CHUNK, so rescorings go in between. A failed write does not fail the
   * read: the state is dropped, and the next rescoring reads the plan again and writes whatever
   * rank still differs (at its own time).
   */
  private async settleRanks(planCode: string): Promise<void> {
    try {
      while (this.plans.get(planCode)?.unsavedRanks.size)
        await this.inTurn(planCode, () => this.flushPlanRanks(planCode, RANK_FLUSH_CHUNK));
    } catch (error) {
      this.logger.error({ msg: 'ranks not written before a read', plan: planCode, error: String(error) });
    }
  }

  private inTurn<T>(planCode: string, work: () => Promise<T>): Promise<T> {
    return takeTurn(this.turns, planCode, work);
  }

  private scheduleRankFlush(planCode: string, delayMs = RANK_FLUSH_MS): void {
    if (this.flushTimers.has(planCode)) return;
    const timer = setTimeout(() => {
      this.flushTimers.delete(planCode);
      void this.inTurn(planCode, () => this.flushPlanRanks(planCode, RANK_FLUSH_CHUNK)).then(
        // the rest in further turns: a rescoring that arrived meanwhile goes first
        () => {
          if (!this.plans.get(planCode)?.unsavedRanks.size) return;
          clearTimeout(this.flushTimers.get(planCode));
          this.flushTimers.delete(planCode);
          this.scheduleRankFlush(planCode, 0);
        },
        (error: unknown) => this.logger.error({ msg: 'ranks not written', plan: planCode, error: String(error) }),
      );
    }, delayMs);
    timer.unref();
    this.flushTimers.set(planCode, timer);
  }

  /**
   * Writes up to `limit` agencies' unsaved ranks (in the plan's turn), oldest moves first. Another
   * writer meanwhile: the state is dropped.
   */
  private async flushPlanRanks(planCode: string, limit: number): Promise<void> {
    const state = this.plans.get(planCode);
    if (!state || !state.unsavedRanks.size) return;
    const batch = [...state.unsavedRanks].slice(0, limit);
    // each agency's latest move is its row; the moves before it go to its history first
    const rows: (AgencyScoreRow & { asOfMs: number })[] = [];
    const earlier: (AgencyScoreRow & { asOfMs: number })[] = [];
    let latestMs = 0;
    for (const [code, moves] of batch) {
      const a = state.agencies.get(code);
      if (!a || a.score === null) continue;
      moves.forEach((m, i) =>
        (i === moves.length - 1 ? rows : earlier).push({
          agencyCode: code,
          score: a.score,
          pillars: a.pillars,
          rank: m.rank,
          asOfMs: m.atMs,
        }),
      );
      latestMs = Math.max(latestMs, moves[moves.length - 1].atMs);
    }
    const started = performance.now();
    const version = await this.scores
      .saveScores(planCode, state.version, new Date(latestMs), [], rows, earlier)
      .catch((error: unknown) => {
        this.plans.delete(planCode);
        throw error;
      });
    if (version === null) {
      // the other writer read the scores this state holds and ranked every agency from them; the
      // next rescoring here reads its result and writes whatever rank still differs
      this.plans.delete(planCode);
      return;
    }
    state.version = version;
    for (const [code] of batch) state.unsavedRanks.delete(code);
    this.logger.debug({
      msg: 'ranks written',
      plan: planCode,
      agencies: rows.length,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * The plan's state as of `version` (read with the rescoring's rows: no round trip of its own).
   * A state read from the database is ranked from its scores: a stored rank that differs (its
   * write was still waiting when a process stopped) is marked unsaved, so it is written again.
   */
  private async planState(planCode: string, version: number, full: boolean, asOfMs: number): Promise<PlanState> {
    const cached = this.plans.get(planCode);
    // a full rescoring follows a catalog change: it always reads the indicators again
    if (cached && cached.version === version && !full) return cached;
    const indicators = await this.catalog.reader().findIndicators({ planCode });
    let state: PlanState;
    if (cached && cached.version === version) state = cached;
    else {
      const stored = await this.scores.agencyScores(planCode);
      const agencies = new Map(stored.map((a) => [a.agencyCode, { score: a.score, pillars: a.pillars }]));
      const ranking = new RankIndex(stored.map((a) => ({ code: a.agencyCode, score: a.score })));
      const unsavedRanks: PlanState['unsavedRanks'] = new Map();
      for (const a of stored) {
        const rank = ranking.rankOf(a.agencyCode);
        // when it moved is not known: the first rescoring that sees it
        if (rank !== a.rank && rank !== null) unsavedRanks.set(a.agencyCode, [{ rank, atMs: asOfMs }]);
      }
      state = { version, indicators: new Map(), agencies, ranking, unsavedRanks };
    }
    state.indicators = new Map(indicators.map((i) => [i.code, { entity: i, scoring: toScoringIndicator(i) }]));
    this.plans.set(planCode, state);
    return state;
  }

  private async rescoreNow(
    planCode: string,
    asOf: Date,
    agencyCodes?: string[],
    historyChanged: number[] = [],
  ): Promise<{ agencies: number; assignments: number }> {
    for (let attempt = 1; ; attempt++) {
      // a full rescoring reads and computes for seconds, while every other write moves the
      // version: it holds the plan, as do the last attempts of one that kept losing
      const held = (!agencyCodes || attempt > 2) && this.scores.canHoldPlans;
      const result = held
        ? await this.oneHoldAtATime(() => this.rescoreHeld(planCode, asOf, agencyCodes, historyChanged))
        : await this.rescoreOnce(planCode, asOf, agencyCodes, historyChanged, null).catch((error: unknown) => {
            this.plans.delete(planCode);
            throw error;
          });
      if (result) {
        // announced once stored: a listener reading the scores (live, alerts) sees them
        this.events.publish(result.change);
        return result.counts;
      }
      // another writer moved the plan's version between our read and our write: nothing was
      // written; read again (its scores included) and recompute
      if (attempt === MAX_ATTEMPTS)
        throw new Error(`plan ${planCode}: scores kept changing under the rescoring (${attempt} attempts)`);
    }
  }

  /**
   * Holds run one at a time on this instance: a hold keeps a pooled connection for seconds and
   * its rescoring still reads through the pool, so several at once could take every connection
   * and wait for one another (a pool of 2 and two plans' full rescorings hung for good).
   */
  private readonly holdTurns = new Map<string, Promise<unknown>>();

  private oneHoldAtATime<T>(work: () => Promise<T>): Promise<T> {
    return takeTurn(this.holdTurns, 'hold', work);
  }

  /** One attempt holding the plan's version row; committed only when it wrote. */
  private async rescoreHeld(
    planCode: string,
    asOf: Date,
    agencyCodes: string[] | undefined,
    historyChanged: number[],
  ): Promise<RescoreResult | null> {
    const hold = await this.scores.holdPlan(planCode);
    let result: RescoreResult | null;
    try {
      result = await this.rescoreOnce(planCode, asOf, agencyCodes, historyChanged, hold);
    } catch (error) {
      this.plans.delete(planCode);
      await this.scores.releasePlan(hold, false);
      throw error;
    }
    try {
      await this.scores.releasePlan(hold, result !== null);
    } catch (error) {
      // the commit failed: what memory holds was not stored
      this.plans.delete(planCode);
      throw error;
    }
    return result;
  }

  /** One attempt: null when the compare-and-set of the plan's version failed (nothing written). */
  private async rescoreOnce(
    planCode: string,
    asOf: Date,
    agencyCodes: string[] | undefined,
    historyChanged: number[],
    hold: PlanHold | null,
  ): Promise<RescoreResult | null> {
    const started = performance.now();
    const asOfMs = asOf.getTime();
    let { rows, version } = await this.scores.scoringRows(planCode, asOf, agencyCodes, hold);
    let state = await this.planState(planCode, version, !agencyCodes, asOfMs);
    // a plan never scored has no stored scores to rank the recomputed agencies among
    if (agencyCodes && state.agencies.size === 0) {
      agencyCodes = undefined;
      ({ rows, version } = await this.scores.scoringRows(planCode, asOf, undefined, hold));
      state = await this.planState(planCode, version, true, asOfMs);
    }
    const loaded = performance.now();

    const changed: AssignmentScoreRow[] = [];
    const perAgency = new Map<string, { score: number; weight: number; pillar: string }[]>();
    for (const row of rows) {
      const indicator = state.indicators.get(row.indicatorCode);
      if (!indicator) continue;
      const scoring = row.targetOverride ? { ...indicator.scoring, targets: row.targetOverride } : indicator.scoring;
      const latest = row.latestAtMs === null ? null : { atMs: row.latestAtMs, value: row.latestValue as number };
      const s = scoreAssignment(scoring, latest, asOfMs);
      const next: AssignmentScoreRow = {
        assignmentId: row.assignmentId,
        agencyCode: row.agencyCode,
        value: s.status === 'no_data' ? null : s.value,
        observedAtMs: s.observedAtMs,
        source: row.latestSource,
        targetInForce: s.targetInForce,
        finalTarget: s.finalTarget,
        score: s.score,
        status: s.status,
      };
      // an unchanged score is not rewritten: a full rescoring mostly confirms what is stored
      if (!row.stored || !sameAssignmentScore(row.stored, next)) changed.push(next);
      const list = perAgency.get(row.agencyCode) ?? [];
      list.push({
        score: s.score,
        weight: resolveWeight(row.assignmentWeight, indicator.entity.weight),
        pillar: indicator.entity.pillar,
      });
      perAgency.set(row.agencyCode, list);
    }

    // the recomputed agencies' new scores; a full rescoring no longer ranks an agency left with
    // no active assignment: its stored score becomes null (it leaves the ranking), so memory and
    // the database agree when the plan is read again
    const recomputed = new Map<string, { score: number | null; pillars: Record<string, number> }>();
    for (const [code, list] of perAgency) recomputed.set(code, aggregateAgency(list));
    if (!agencyCodes)
      for (const code of state.agencies.keys())
        if (!perAgency.has(code)) recomputed.set(code, { score: null, pillars: {} });
    const rankMoves = state.ranking.update([...recomputed].map(([code, a]) => ({ code, score: a.score })));

    // written now: agencies whose score or pillars moved (with their rank); an agency whose rank
    // alone moved waits for the next flush of the plan's ranks (not when stopping)
    const agencyRows: AgencyScoreRow[] = [];
    for (const [code, a] of recomputed) {
      const before = state.agencies.get(code);
      if (
        a.score === null
          ? before && before.score !== null
          : !before || before.score !== a.score || !samePillars(before.pillars, a.pillars)
      )
        agencyRows.push({ agencyCode: code, score: a.score, pillars: a.pillars, rank: state.ranking.rankOf(code) });
    }
    const written = new Set(agencyRows.map((a) => a.agencyCode));
    let rankOnly = [...rankMoves].filter(([code, rank]) => rank !== null && !written.has(code)) as [string, number][];
    if (this.stopping) {
      for (const [code, rank] of rankOnly) {
        const a = state.agencies.get(code);
        if (a) agencyRows.push({ agencyCode: code, score: a.score, pillars: a.pillars, rank });
        written.add(code);
      }
      rankOnly = [];
      // and the ranks still waiting (a state read again during the stop marks them)
      for (const code of state.unsavedRanks.keys()) {
        const a = state.agencies.get(code);
        if (a && !written.has(code))
          agencyRows.push({ agencyCode: code, score: a.score, pillars: a.pillars, rank: state.ranking.rankOf(code) });
      }
    }
    const computed = performance.now();

    // an agency written now whose rank had moved unwritten: those moves go in its history first
    // (a move at this very instant is superseded by the row written now)
    const unsavedMoves = agencyRows.flatMap((row) => {
      const a = state.agencies.get(row.agencyCode);
      const moves = state.unsavedRanks.get(row.agencyCode) ?? [];
      return !a || a.score === null
        ? []
        : moves
            .filter((m) => m.atMs < asOfMs)
            .map((m) => ({
              agencyCode: row.agencyCode,
              score: a.score!,
              pillars: a.pillars,
              rank: m.rank,
              asOfMs: m.atMs,
            }));
    });
    if (changed.length || agencyRows.length) {
      const saved = await this.scores.saveScores(
        planCode,
        state.version,
        asOf,
        changed,
        agencyRows,
        unsavedMoves,
        hold ?? undefined,
      );
      if (saved === null) {
        this.plans.delete(planCode);
        return null;
      }
      state.version = saved;
    }
    for (const a of agencyRows) {
      state.agencies.set(a.agencyCode, { score: a.score, pillars: a.pillars });
      state.unsavedRanks.delete(a.agencyCode);
    }
    for (const [code, rank] of rankOnly) {
      if (!state.agencies.has(code)) continue;
      const moves = state.unsavedRanks.get(code) ?? [];
      // two moves at one instant (a retry, a rescoring of the same asOf) are one; a rescoring
      // as of an earlier time than the last move (a sweep's tick) counts as at that move, so the
      // history written from the list stays in time order
      if (moves.length && moves[moves.length - 1].atMs >= asOfMs) moves[moves.length - 1].rank = rank;
      else moves.push({ rank, atMs: asOfMs });
      state.unsavedRanks.set(code, moves);
    }
    if (state.unsavedRanks.size) this.scheduleRankFlush(planCode);
    this.logger.debug({
      msg: 'rescored',
      plan: planCode,
      assignments: rows.length,
      assignmentsWritten: changed.length,
      agenciesWritten: agencyRows.length,
      ranksMoved: rankOnly.length,
      loadMs: Math.round(loaded - started),
      computeMs: Math.round(computed - loaded),
      saveMs: Math.round(performance.now() - computed),
    });
    const byAgency = new Map<string, Set<number>>();
    const add = (agency: string, assignment: number) => {
      const set = byAgency.get(agency) ?? new Set<number>();
      set.add(assignment);
      byAgency.set(agency, set);
    };
    for (const c of changed) add(c.agencyCode, c.assignmentId);
    if (historyChanged.length) {
      const touched = new Set(historyChanged);
      for (const row of rows) if (touched.has(row.assignmentId)) add(row.agencyCode, row.assignmentId);
    }
    const moved = [
      ...agencyRows
        .filter((a) => a.score !== null && a.rank !== null)
        .map((a) => ({ code: a.agencyCode, score: a.score!, rank: a.rank!, pillars: a.pillars })),
      ...rankOnly.map(([code, rank]) => {
        const a = state.agencies.get(code)!;
        return { code, score: a.score!, rank, pillars: a.pillars };
      }),
    ];
    return {
      counts: { agencies: perAgency.size, assignments: rows.length },
      change: {
        plan: planCode,
        agencies: [...perAgency.keys()],
        changed: [...byAgency].map(([agency, assignments]) => ({ agency, assignments: [...assignments] })),
        // an agency that left the ranking is no moved row: without `moved`, live sends the
        // ranking whole
        moved: agencyRows.some((a) => a.score === null) ? undefined : moved,
        asOf: asOf.toISOString(),
      },
    };
  }

  /**
   * The ranking of a plan; by one pillar and/or among agencies of some kinds (wards and communes
   * compared among themselves), ranks then counted within that selection. The rank a week earlier
   * is the overall one, so it is given only for the overall ranking. With `asOf`, the ranking as
   * it stood then, from the score history (the week-earlier rank is then a week before `asOf`).
   */
  async ranking(planCode: string, pillar?: string, kinds?: string[], asOfText?: string) {
    const at = asOfText === undefined ? null : parseTime('asOf', asOfText);
    const plan = await this.catalog.reader().findPlan(planCode);
    if (!plan) throw DomainError.notFound('plan', planCode);
    if (pillar) {
      const pillars = await this.catalog.reader().findPillars(planCode);
      if (!pillars.some((p) => p.code === pillar))
        throw DomainError.invalid('pillar', `not a pillar of plan "${planCode}"`);
    }
    if (kinds) {
      const unknown = kinds.filter((k) => !AGENCY_KINDS.includes(k));
      if (unknown.length)
        throw DomainError.invalid('kind', `unknown agency kind "${unknown[0]}" (one of: ${AGENCY_KINDS.join(', ')})`);
    }
    await this.settleRanks(planCode);
    const rows = (
      at ? await this.scores.agencyScoresAt(planCode, at) : await this.scores.agencyScores(planCode)
    ).filter((r) => !kinds || kinds.includes(r.kind));
    const asOf = at ?? rows.reduce((max, r) => (r.asOf > max ? r.asOf : max), new Date(0));
    const previous = await this.scores.ranksAt(planCode, new Date(asOf.getTime() - WEEK_MS));
    const scored = rows
      .map((r) => ({
        code: r.agencyCode,
        name: r.name,
        kind: r.kind,
        pillars: r.pillars,
        score: pillar ? (r.pillars[pillar] ?? null) : r.score,
      }))
      .filter((r) => r.score !== null) as {
      code: string;
      name: string;
      kind: string;
      pillars: Record<string, number>;
      score: number;
    }[];
    const ranked = rankAgencies(scored);
    return {
      plan: planCode,
      pillar: pillar ?? null,
      asOf: at || rows.length ? asOf.toISOString() : null,
      agencies: ranked.map((a) => ({
        code: a.code,
        name: a.name,
        kind: a.kind,
        score: a.score,
        rank: a.rank,
        previousRank: pillar || kinds ? null : (previous.get(a.code) ?? null),
        pillars: a.pillars,
      })),
    };
  }

  /**
   * The scorecard matrix (agencies × indicators, as DHIS2's scorecard): the ranking's agencies in
   * rank order, each with a cell per indicator of the plan (or of one pillar) that is assigned to
   * it, null where it is not assigned. `onlyAgency` keeps one row (an agency account's own).
   */
  async matrix(planCode: string, pillar?: string, kinds?: string[], onlyAgency?: string) {
    const ranking = await this.ranking(planCode, pillar, kinds);
    const agencies = onlyAgency ? ranking.agencies.filter((a) => a.code === onlyAgency) : ranking.agencies;
    const cells = await this.scores.matrixCells(
      planCode,
      agencies.map((a) => a.code),
      pillar ?? null,
    );
    const indicators = new Map<string, { code: string; name: string; pillar: string; unit: string | null }>();
    const byAgency = new Map<string, Record<string, unknown>>();
    for (const c of cells) {
      const code = String(c.indicator_code);
      if (!indicators.has(code))
        indicators.set(code, {
          code,
          name: (c.name as string | null) ?? String(c.text),
          pillar: String(c.pillar),
          unit: (c.unit as string | null) ?? null,
        });
      const row = byAgency.get(String(c.agency_code)) ?? {};
      // an assignment not scored yet (added since the last rescoring) has no data
      row[code] =
        c.score === null
          ? { value: null, score: 0, status: 'no_data', level: null, observedAt: null, targetInForce: null }
          : {
              value: c.value === null ? null : Number(c.value),
              score: Number(c.score),
              status: String(c.status),
              level: (c.level as string | null) ?? null,
              observedAt: c.observed_at ? new Date(c.observed_at as string).toISOString() : null,
              targetInForce: c.target_in_force === null ? null : Number(c.target_in_force),
            };
      byAgency.set(String(c.agency_code), row);
    }
    const columns = [...indicators.values()];
    return {
      plan: planCode,
      pillar: pillar ?? null,
      asOf: ranking.asOf,
      indicators: columns,
      agencies: agencies.map((a) => {
        const row = byAgency.get(a.code) ?? {};
        return {
          code: a.code,
          name: a.name,
          kind: a.kind,
          score: a.score,
          rank: a.rank,
          cells: Object.fromEntries(columns.map((i) => [i.code, row[i.code] ?? null])),
        };
      }),
    };
  }

  /**
   * What a chart of one assignment needs: its current observations, the target in force over
   * time (the engine's own T(t), at the start, the first of every month and the deadline; a
   * straight or flat line between them), the final target and deadline, and the forecast at the
   * deadline as the alerts evaluation makes it. `indicator` is a full code or the part after the
   * plan (`19` for `vinh-tuy-2026/19`).
   */
  async series(agencyCode: string, planCode: string, indicatorParam: string, nowMs = Date.now()) {
    if (!(await this.catalog.reader().findAgency(agencyCode))) throw DomainError.notFound('agency', agencyCode);
    if (!(await this.catalog.reader().findPlan(planCode))) throw DomainError.notFound('plan', planCode);
    const code = indicatorParam.includes('/') ? indicatorParam : `${planCode}/${indicatorParam}`;
    const indicator = await this.catalog.reader().findIndicator(code);
    if (!indicator || indicator.planCode !== planCode || indicator.retiredAt)
      throw DomainError.notFound('indicator', code);
    const assignment = await this.scores.assignmentSeries(agencyCode, code);
    if (!assignment) throw DomainError.notFound('assignment', `${agencyCode} × ${code}`);
    // the assignment's own targets, when it has them, are the ones it is scored on
    const targets = assignment.targetOverride ?? indicator.targets;
    const scoring = { ...toScoringIndicator(indicator), targets };
    const trajectory: { at: string; target: number }[] = [];
    if (finalTarget(scoring) !== null) {
      const points = [scoring.startMs!];
      const start = new Date(scoring.startMs!);
      for (
        let m = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
        m < scoring.deadlineMs!;
        m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)
      )
        points.push(m);
      if (scoring.deadlineMs! > scoring.startMs!) points.push(scoring.deadlineMs!);
      for (const ms of points) trajectory.push({ at: new Date(ms).toISOString(), target: targetInForce(scoring, ms)! });
    }
    const result = forecastAssignment(
      {
        targets,
        start: indicator.startDate,
        deadline: indicator.deadline,
        baseline: indicator.baseline,
        observations: assignment.observations,
      },
      nowMs,
    );
    return {
      agency: agencyCode,
      plan: planCode,
      indicator: code,
      name: indicator.name ?? indicator.text,
      unit: indicator.unit,
      direction: directionOf(scoring),
      finalTarget: finalTarget(scoring),
      deadline: indicator.deadline,
      observations: assignment.observations.map((o) => ({
        at: new Date(o.atMs).toISOString(),
        value: o.value,
        source: sourceKind(o.source),
      })),
      trajectory,
      forecast: result
        ? {
            forecast: result.forecast,
            low: result.low,
            high: result.high,
            probabilityOfMiss: result.probabilityOfMiss,
            level: result.level,
          }
        : null,
    };
  }

  /** An agency's score and rank each time either moved, between `from` and `to`. */
  async history(agencyCode: string, planCode: string, fromText?: string, toText?: string) {
    const from = fromText === undefined ? null : parseTime('from', fromText);
    const to = toText === undefined ? null : parseTime('to', toText);
    if (from && to && from > to) throw DomainError.invalid('to', 'must not be before "from"');
    if (!(await this.catalog.reader().findAgency(agencyCode))) throw DomainError.notFound('agency', agencyCode);
    if (!(await this.catalog.reader().findPlan(planCode))) throw DomainError.notFound('plan', planCode);
    await this.settleRanks(planCode);
    const points = await this.scores.history(planCode, agencyCode, from, to);
    return {
      agency: agencyCode,
      plan: planCode,
      points: points.map((p) => ({ at: p.at.toISOString(), score: p.score, rank: p.rank })),
    };
  }

  async scorecard(agencyCode: string, planCode: string) {
    const agency = await this.catalog.reader().findAgency(agencyCode);
    if (!agency) throw DomainError.notFound('agency', agencyCode);
    if (!(await this.catalog.reader().findPlan(planCode))) throw DomainError.notFound('plan', planCode);
    // the overall ranking's rank, counted from every agency's stored score (see agencyScore)
    const own = await this.scores.agencyScore(planCode, agencyCode);
    const rows = await this.scores.assignmentScores(planCode, agencyCode);
    // the plan wants every value from a digital system: the share of the values the score counts
    // (each assignment's latest, not stale) that did not come from manual entry; null with none
    const sources = rows.filter((r) => r.value !== null && r.source !== null).map((r) => String(r.source));
    const systemShare = sources.length
      ? sources.filter((v) => sourceKind(v) !== 'manual').length / sources.length
      : null;
    return {
      agency: { code: agency.code, name: agency.name, kind: agency.kind },
      plan: planCode,
      asOf: own ? own.asOf.toISOString() : null,
      score: own?.score ?? null,
      rank: own?.rank ?? null,
      pillars: own?.pillars ?? {},
      systemShare,
      indicators: rows.map((r) => ({
        indicator: String(r.indicator_code),
        name: (r.name as string | null) ?? String(r.text),
        pillar: String(r.pillar),
        // an agency's own target (set by a leader or admin) replaces the plan's words
        targetText: (r.target_override_text as string | null) ?? (r.target_text as string | null),
        targetOverride: (r.target_override_text as string | null) ?? null,
        planTargetText: r.target_text as string | null,
        unit: r.unit as string | null,
        value: r.value === null ? null : Number(r.value),
        observedAt: r.observed_at ? new Date(r.observed_at as string).toISOString() : null,
        source: r.source === null ? null : sourceKind(String(r.source)),
        targetInForce: r.target_in_force === null ? null : Number(r.target_in_force),
        finalTarget: r.final_target === null ? null : Number(r.final_target),
        score: Number(r.score),
        status: String(r.status),
        level: (r.level as string | null) ?? null,
        // what the assignment counts for in the agency score: "what to fix first" weighs gaps by it
        weight: Number(r.weight),
      })),
    };
  }
}
