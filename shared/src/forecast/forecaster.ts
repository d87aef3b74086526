// The early-warning forecaster (DESIGN §6): value at the deadline, an 80% band, the probability
// of missing the final target, and a level. Pure: `asOfMs` comes in, nothing is read from a clock.
import { DEFAULT_COMBINATIONS, combineProbability } from './combine.js';
import { DEFAULT_EVIDENCE_MODEL } from './evidence-model.js';
import { blendedEvidenceProbability, evidenceFeatures } from './evidence.js';
import { DEFAULT_TUNING, METHODS, type MethodContext, type Predictive, type Tuning } from './methods.js';
import { prepareObservations } from './prepare.js';
import { DAY_MS, boundsOf, directionOf, isPercent, isRank, meetsTarget, targetValueOf, type Bounds } from './target.js';
import type {
  Direction,
  ForecastInput,
  ForecastResult,
  Level,
  MethodName,
  NoDataReason,
  Observation,
  TargetLike,
  Thresholds,
} from './types.js';

/** The method the harness found best (docs/early-warning.md). */
export const DEFAULT_METHOD: MethodName = 'theil-sen';

/** Levels from P(miss), chosen on the harness's trade-off curve (docs/early-warning.md). */
export const DEFAULT_THRESHOLDS: Thresholds = { watch: 0.21, atRisk: 0.42, offTrack: 0.68 };

/**
 * Too stale to say anything: no observation in the last quarter. Scoring's 40-day rule
 * (DESIGN §5) already raises the data reminder; an older value still says something about the
 * deadline, so the forecaster keeps forecasting from it, with a wider band, up to this age.
 */
export const DEFAULT_MAX_AGE_DAYS = 92;

/** Reports looked at when value and target sit on the bound (100%, 0%). */
const SATURATED_LOOKBACK = 6;

/** The lower and upper ends of the reported band: an 80% interval. */
export const INTERVAL = { low: 0.1, high: 0.9 } as const;

export function resolveThresholds(partial?: Partial<Thresholds>): Thresholds {
  const t = { ...DEFAULT_THRESHOLDS, ...(partial ?? {}) };
  if (!(t.watch <= t.atRisk && t.atRisk <= t.offTrack))
    throw new RangeError('thresholds must satisfy watch ≤ atRisk ≤ offTrack');
  return t;
}

/** The level for a probability of missing (`achieved` is decided by the caller). */
export function levelFromProbability(p: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Level {
  if (p >= thresholds.offTrack) return 'off_track';
  if (p >= thresholds.atRisk) return 'at_risk';
  if (p >= thresholds.watch) return 'watch';
  return 'on_track';
}

interface Prepared {
  points: Observation[];
  direction: Direction;
  targetValue: number;
  /** The end of the history that counts: min(asOf, deadline). */
  untilMs: number;
  noData: NoDataReason | null;
  anchor: Observation | null;
}

function prepare(input: ForecastInput): Prepared {
  const targetValue = targetValueOf(input.target);
  if (targetValue === null) throw new RangeError('target has no numeric value');
  if (!Number.isFinite(input.asOfMs) || !Number.isFinite(input.deadlineMs))
    throw new RangeError('asOfMs and deadlineMs must be finite');
  const direction = directionOf(input.target, input.direction);
  const untilMs = Math.min(input.asOfMs, input.deadlineMs);
  const points = prepareObservations(input.observations, untilMs);
  const hasAnchor =
    typeof input.baseline === 'number' &&
    Number.isFinite(input.baseline) &&
    typeof input.startMs === 'number' &&
    Number.isFinite(input.startMs);
  const anchor =
    hasAnchor && points.length > 0 && input.startMs! < points[0].atMs
      ? { atMs: input.startMs!, value: input.baseline! }
      : null;
  const maxAge = (input.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS) * DAY_MS;
  let noData: NoDataReason | null = null;
  if (points.length === 0) noData = 'no_observations';
  else if (untilMs - points[points.length - 1].atMs > maxAge) noData = 'stale';
  else if (points.length + (anchor ? 1 : 0) < 2) noData = 'too_few';
  return { points, direction, targetValue, untilMs, noData, anchor };
}

function baseResult(input: ForecastInput, p: Prepared, method: ForecastResult['method']): ForecastResult {
  return {
    level: 'no_data',
    forecast: null,
    low: null,
    high: null,
    probabilityOfMiss: null,
    modelProbabilityOfMiss: null,
    behindPlan: null,
    noDataReason: p.noData,
    direction: p.direction,
    targetValue: p.targetValue,
    targetOp: input.target.op,
    unit: input.target.unit ?? null,
    latest: p.points.length ? p.points[p.points.length - 1] : null,
    slopePer30Days: null,
    observationCount: p.points.length,
    method,
    asOfMs: input.asOfMs,
    deadlineMs: input.deadlineMs,
  };
}

/**
 * Whether the latest value is behind the straight line from the baseline at the start (else the
 * first observation) to the final target at the deadline, evaluated at asOf (the naive rule).
 */
function isBehindPlan(input: ForecastInput, p: Prepared): boolean {
  const latest = p.points[p.points.length - 1];
  const from = p.anchor ?? p.points[0];
  const span = input.deadlineMs - from.atMs;
  const share = span > 0 ? Math.min(1, Math.max(0, (p.untilMs - from.atMs) / span)) : 1;
  const inForce = from.value + (p.targetValue - from.value) * share;
  const line: TargetLike = {
    ...input.target,
    op: input.target.op === 'between' ? '>=' : input.target.op,
    value: inForce,
    min: null,
  };
  return !meetsTarget(latest.value, line, p.direction);
}

/** A typical magnitude of the quantity, for noise floors. */
function scaleOf(points: Observation[], targetValue: number, baseline: number | null | undefined): number {
  const first = typeof baseline === 'number' && Number.isFinite(baseline) ? baseline : points[0].value;
  const spread = Math.max(...points.map((q) => q.value)) - Math.min(...points.map((q) => q.value));
  return Math.max(Math.abs(targetValue - first), spread, Math.abs(targetValue) * 0.05, 1e-6);
}

/** P(value at the deadline misses the target) under a predictive cdf, within the value's bounds. */
function probabilityOfMiss(
  cdf: (x: number) => number,
  target: TargetLike,
  direction: Direction,
  t: number,
  bounds: Bounds,
): number {
  if (direction === 'higher') return t > bounds.hi ? 1 : t <= bounds.lo ? 0 : cdf(t);
  if (t < bounds.lo) return 1;
  // Ranks are whole numbers: rank ≤ 10 is missed from 10.5 on.
  const edge = isRank(target) ? t + 0.5 : t;
  return edge >= bounds.hi ? 0 : 1 - cdf(edge);
}

interface ModelParts {
  ctx: MethodContext;
  predictive: Predictive;
  modelPMiss: number;
  alreadyMet: boolean;
  behindPlan: boolean;
}

function modelParts(input: ForecastInput, p: Prepared, method: MethodName, tuning: Tuning): ModelParts {
  const latest = p.points[p.points.length - 1];
  const ctx: MethodContext = {
    points: p.points,
    anchor: p.anchor,
    deadlineMs: input.deadlineMs,
    bounds: boundsOf(input.target, p.points, input.baseline),
    scale: scaleOf(p.points, p.targetValue, input.baseline),
  };
  const predictive = METHODS[method](ctx, tuning);
  return {
    ctx,
    predictive,
    modelPMiss: pMissOf(predictive, input, p, ctx.bounds),
    alreadyMet: meetsTarget(latest.value, input.target, p.direction),
    behindPlan: isBehindPlan(input, p),
  };
}

function pMissOf(predictive: Predictive, input: ForecastInput, p: Prepared, bounds: Bounds): number {
  return Math.min(1, Math.max(0, probabilityOfMiss(predictive.cdf, input.target, p.direction, p.targetValue, bounds)));
}

/** The evidence model's features (evidence.ts) for a forecast of the damped Theil–Sen trend. */
function featuresOf(input: ForecastInput, p: Prepared, m: ModelParts, tuning: Tuning): number[] {
  return evidenceFeatures({
    points: p.points,
    anchor: p.anchor,
    asOfMs: p.untilMs,
    deadlineMs: input.deadlineMs,
    direction: p.direction,
    targetValue: p.targetValue,
    hasBaseline: typeof input.baseline === 'number' && Number.isFinite(input.baseline),
    rank: isRank(input.target),
    percent: isPercent(input.target),
    alreadyMet: m.alreadyMet,
    behindPlan: m.behindPlan,
    pTheilSen: m.modelPMiss,
    pHolt: pMissOf(METHODS['holt-damped'](m.ctx, tuning), input, p, m.ctx.bounds),
    center: m.predictive.center,
  });
}

/**
 * The evidence model's feature vector for an input (null when the forecaster would answer
 * `no_data` or the deadline has passed): what the harness fits the model on.
 */
export function evidenceFeaturesOf(input: ForecastInput, tuning: Tuning = DEFAULT_TUNING): number[] | null {
  const p = prepare(input);
  if (p.noData || input.asOfMs >= input.deadlineMs) return null;
  return featuresOf(input, p, modelParts(input, p, 'theil-sen', tuning), tuning);
}

/**
 * Forecasts one assignment. `no_data` when there is no observation at or before asOf, when the
 * latest is older than `maxAgeDays` (default 92 days), or when there is a single
 * observation and no baseline to measure a pace from.
 */
export function forecast(input: ForecastInput, tuning: Tuning = DEFAULT_TUNING): ForecastResult {
  const method = input.method ?? DEFAULT_METHOD;
  const thresholds = resolveThresholds(input.thresholds);
  const p = prepare(input);
  const result = baseResult(input, p, method);
  if (p.noData) return result;
  const latest = p.points[p.points.length - 1];

  // At or past the deadline the value at the deadline is known: the latest one reported by then.
  if (input.asOfMs >= input.deadlineMs) {
    const met = meetsTarget(latest.value, input.target, p.direction);
    return {
      ...result,
      forecast: latest.value,
      low: latest.value,
      high: latest.value,
      probabilityOfMiss: met ? 0 : 1,
      level: met ? 'achieved' : 'off_track',
    };
  }

  const m = modelParts(input, p, method, tuning);
  const { ctx, predictive, modelPMiss, alreadyMet, behindPlan } = m;
  // The trend model sees the recent pace only. For the damped Theil–Sen trend (the default) the
  // evidence model (evidence.ts) reads the rest of the history — long-run pace, noise, drops,
  // the other trend models — into one calibrated P(miss); for the other methods, or when a
  // combination is passed, whether the target is already met and whether the value is behind
  // the plan line are added to the model's P (combine.ts). Both fitted on training seeds only.
  let pMiss: number;
  const evidence = input.evidence === undefined ? DEFAULT_EVIDENCE_MODEL : input.evidence;
  if (method === 'theil-sen' && input.combination === undefined && evidence)
    pMiss = blendedEvidenceProbability(
      featuresOf(input, p, m, tuning),
      evidence,
      (input.deadlineMs - p.untilMs) / DAY_MS,
    );
  else {
    const combination = input.combination === undefined ? DEFAULT_COMBINATIONS[method] : input.combination;
    pMiss = combination ? combineProbability({ model: modelPMiss, alreadyMet, behindPlan }, combination) : modelPMiss;
  }
  // A target on the value's bound (100%, 0%) met right now: the value sits on the bound, where a
  // normal model cannot say how likely it is to come off; the recent record can (with a half
  // count of prior doubt): the share of the last reports that fell short.
  const targetOnBound = p.direction === 'higher' ? p.targetValue >= ctx.bounds.hi : p.targetValue <= ctx.bounds.lo;
  if (targetOnBound && alreadyMet) {
    const recent = p.points.slice(-SATURATED_LOOKBACK);
    const short = recent.filter((o) => !meetsTarget(o.value, input.target, p.direction)).length;
    pMiss = (short + 0.5) / (recent.length + 1);
  }
  const level: Level = alreadyMet && pMiss < thresholds.watch ? 'achieved' : levelFromProbability(pMiss, thresholds);
  return {
    ...result,
    level,
    forecast: predictive.center,
    low: predictive.quantile(INTERVAL.low),
    high: predictive.quantile(INTERVAL.high),
    probabilityOfMiss: pMiss,
    modelProbabilityOfMiss: modelPMiss,
    behindPlan,
    slopePer30Days: predictive.slopePerDay * 30,
  };
}

/**
 * The naive rule the forecaster has to beat: flag (`at_risk`) when the latest value is below the
 * straight line from the baseline at the start (else the first observation) to the target at
 * the deadline, evaluated at asOf. `achieved` when the latest value meets the final target,
 * `on_track` when it meets the line. No probability.
 */
export function naiveTrajectory(input: ForecastInput): ForecastResult {
  const p = prepare(input);
  const result = baseResult(input, p, 'naive');
  if (p.noData === 'no_observations' || p.noData === 'stale') return result;
  const latest = p.points[p.points.length - 1];
  const behindPlan = isBehindPlan(input, p);
  const level: Level = meetsTarget(latest.value, input.target, p.direction)
    ? 'achieved'
    : behindPlan
      ? 'at_risk'
      : 'on_track';
  return { ...result, noDataReason: null, level, forecast: latest.value, behindPlan };
}
