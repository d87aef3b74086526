// The per-assignment scoring rules of DESIGN §5.1–§5.6, on plain numbers (epoch milliseconds).
// Hot path of the server's rescoring: no Date objects, no string parsing; `scoreAssignment`
// allocates one result record per call (always the same shape) and nothing else,
// `scoreAssignmentInto` fills a record the caller keeps and allocates nothing.
//
// Decisions where §5 leaves room (each one is tested in engine.test.ts):
// - No data (§5.1): no observation at or before asOf (an observation after asOf passed in is
//   ignored), or asOf − observedAt > maxAgeDays·24 h. An observation EXACTLY maxAgeDays old
//   still counts. A non-finite value counts as no data. An indicator with no numeric target
//   (no parsed target, or a null value) cannot be met and is reported `no_data` (score 0);
//   `scorePlan` rejects such input up front instead.
// - Target in force (§5.2): `linear` needs a baseline, a start and a deadline after the start;
//   otherwise the trajectory is flat. Before start T(t) = baseline, from the deadline on exactly T.
// - Direction (§5.3): a target is lower-is-better when its op is `<=`/`<`, or when the target's
//   unit or the indicator's unit is `rank` (whatever the op).
// - Met (§5.4): higher-is-better: v > T(t) for `>`, v ≥ T(t) otherwise (`>=`, `=`, `between`).
//   Lower-is-better: strict (v < T(t)) for `<` (and a rank written with `>`), v ≤ T(t) otherwise,
//   so a rank written `=` or `between` is met at or above (numerically at or below) its rank.
//   No tolerance for `approximate` (`khoảng`) targets: they are `>=`.
// - Status (§5.6): `achieved` when met against the final T (this wins, and scores 100, even in
//   the odd case of a trajectory that moves away from T, where T(t) may be harder than T),
//   else `on_track` when met against T(t), else `behind`.
// - Score (§5.5): ratio v/T(t) or T(t)/v; a denominator ≤ 0 scores an unmet target 0; the
//   ratio is clamped to [0, 0.99] so only a met target reaches 100.
import type { Target } from '../targets/types.js';
import type { AssignmentScore, Direction, LatestObservation, ScoringIndicator, ScoringOptions } from './types.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_MAX_AGE_DAYS = 40;
/** An unmet target scores at most 99 (DESIGN §5.5). */
export const MAX_UNMET_RATIO = 0.99;

/** T of one target: its value, or `min` for a range; null when not a finite number. */
export function targetValue(target: Target | undefined): number | null {
  if (target === undefined) return null;
  const t = target.op === 'between' ? (target.min ?? target.value) : target.value;
  return typeof t === 'number' && Number.isFinite(t) ? t : null;
}

/** The final target T of an indicator: its first target's value (`min` for a range). */
export function finalTarget(indicator: ScoringIndicator): number | null {
  return targetValue(indicator.targets[0]);
}

function lowerIsBetter(target: Target | undefined, unit: string | null | undefined): boolean {
  if (target === undefined) return unit === 'rank';
  return target.op === '<=' || target.op === '<' || target.unit === 'rank' || unit === 'rank';
}

/** Which way is better for an indicator (its first target), DESIGN §5.3. */
export function directionOf(indicator: ScoringIndicator): Direction {
  return lowerIsBetter(indicator.targets[0], indicator.unit) ? 'lower' : 'higher';
}

/** T(t) given the final target T (DESIGN §5.2). */
function inForce(indicator: ScoringIndicator, final: number, asOfMs: number): number {
  if (indicator.trajectory !== 'linear') return final;
  const b = indicator.baseline;
  const start = indicator.startMs;
  const deadline = indicator.deadlineMs;
  if (b === null || b === undefined || !Number.isFinite(b)) return final;
  if (start === null || start === undefined || deadline === null || deadline === undefined) return final;
  if (!(deadline > start)) return final;
  if (asOfMs <= start) return b;
  if (asOfMs >= deadline) return final; // exactly T, not b + (T − b)·1 with its float error
  return b + (final - b) * ((asOfMs - start) / (deadline - start));
}

/** The target in force at `asOfMs`, T(t) (DESIGN §5.2); null when the indicator has no numeric target. */
export function targetInForce(indicator: ScoringIndicator, asOfMs: number): number | null {
  const final = finalTarget(indicator);
  return final === null ? null : inForce(indicator, final, asOfMs);
}

/** Whether `value` meets `threshold` for a target with this op and direction (DESIGN §5.4). */
export function isMet(op: Target['op'], direction: Direction, value: number, threshold: number): boolean {
  const strict = op === '>' || op === '<';
  if (direction === 'lower') return strict ? value < threshold : value <= threshold;
  return strict ? value > threshold : value >= threshold;
}

/** The 0–100 score of an unmet value against T(t) (DESIGN §5.5). */
export function unmetScore(direction: Direction, value: number, threshold: number): number {
  const denominator = direction === 'lower' ? value : threshold;
  if (!(denominator > 0)) return 0;
  const ratio = (direction === 'lower' ? threshold : value) / denominator;
  if (!(ratio > 0)) return 0;
  return (ratio < MAX_UNMET_RATIO ? ratio : MAX_UNMET_RATIO) * 100;
}

/**
 * A fresh, not yet filled result record for `scoreAssignmentInto` (score NaN until filled).
 * Every record has all fields, so all share one shape; `score` starts as a non-integer number
 * so V8 lays the field out as a double from the start: starting at 0 (a small integer) would
 * make the first fractional score change the layout of every record already allocated, which
 * costs ~0.5 s over 166,050 preallocated records.
 */
export function newAssignmentScore(): AssignmentScore {
  return {
    value: null,
    observedAtMs: null,
    targetInForce: null,
    finalTarget: null,
    score: NaN,
    status: 'no_data',
    met: false,
    direction: 'higher',
  };
}

function fill(
  out: AssignmentScore,
  value: number | null,
  observedAtMs: number | null,
  tNow: number | null,
  final: number | null,
  score: number,
  status: AssignmentScore['status'],
  direction: Direction,
): AssignmentScore {
  out.value = value;
  out.observedAtMs = observedAtMs;
  out.targetInForce = tNow;
  out.finalTarget = final;
  out.score = score;
  out.status = status;
  out.met = status === 'achieved' || status === 'on_track';
  out.direction = direction;
  return out;
}

/**
 * `scoreAssignment` writing into a record the caller owns (e.g. one per assignment, reused on
 * every rescoring), so a full rescoring allocates nothing. Returns `out`.
 */
export function scoreAssignmentInto(
  out: AssignmentScore,
  indicator: ScoringIndicator,
  latest: LatestObservation | null | undefined,
  asOfMs: number,
  options?: ScoringOptions,
): AssignmentScore {
  const target = indicator.targets[0];
  const final = targetValue(target);
  const direction: Direction = lowerIsBetter(target, indicator.unit) ? 'lower' : 'higher';
  const tNow = final === null ? null : inForce(indicator, final, asOfMs);

  const atMs = latest === null || latest === undefined ? null : latest.atMs;
  if (atMs === null || !(atMs <= asOfMs)) return fill(out, null, null, tNow, final, 0, 'no_data', direction);
  const maxAgeDays = indicator.maxAgeDays ?? options?.defaultMaxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const value = (latest as LatestObservation).value;
  if (asOfMs - atMs > maxAgeDays * DAY_MS || tNow === null || final === null || !Number.isFinite(value))
    return fill(out, null, atMs, tNow, final, 0, 'no_data', direction);

  const op = (target as Target).op;
  if (isMet(op, direction, value, final)) return fill(out, value, atMs, tNow, final, 100, 'achieved', direction);
  if (isMet(op, direction, value, tNow)) return fill(out, value, atMs, tNow, final, 100, 'on_track', direction);
  return fill(out, value, atMs, tNow, final, unmetScore(direction, value, tNow), 'behind', direction);
}

/**
 * Score one assignment (DESIGN §5.1–§5.6); a new result record per call (see
 * `scoreAssignmentInto` to reuse one).
 * @param indicator the indicator (or the assignment's override of it), dates in epoch ms
 * @param latest the latest observation at or before `asOfMs`, or null
 * @param asOfMs the scoring time, epoch ms
 */
export function scoreAssignment(
  indicator: ScoringIndicator,
  latest: LatestObservation | null | undefined,
  asOfMs: number,
  options?: ScoringOptions,
): AssignmentScore {
  return scoreAssignmentInto(newAssignmentScore(), indicator, latest, asOfMs, options);
}

/**
 * The latest observation at or before `asOfMs` in an unordered list, or null. Of several at the
 * same instant the highest value is taken, so the result never depends on the list's order.
 * Allocation-free: returns one of the list's elements.
 */
export function latestObservation<O extends LatestObservation>(observations: readonly O[], asOfMs: number): O | null {
  let best: O | null = null;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i];
    if (!(o.atMs <= asOfMs)) continue;
    if (best === null || o.atMs > best.atMs || (o.atMs === best.atMs && o.value > best.value)) best = o;
  }
  return best;
}
