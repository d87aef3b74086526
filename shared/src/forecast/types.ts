// Types of the early-warning forecaster (DESIGN §6).
import type { Target, TargetOp } from '../targets/types.js';
import type { Combination } from './combine.js';
import type { EvidenceModels } from './evidence.js';

export type Direction = 'higher' | 'lower';

export type Level = 'achieved' | 'on_track' | 'watch' | 'at_risk' | 'off_track' | 'no_data';

/** Levels that open (or keep) an alert. */
export const ALERT_LEVELS: readonly Level[] = ['at_risk', 'off_track'];

export interface Observation {
  /** The time the value refers to, in ms since the epoch. */
  atMs: number;
  value: number;
}

/** A parsed target (shared/src/targets) or just the parts the forecaster needs. */
export type TargetLike = Pick<Target, 'op' | 'value' | 'unit'> & Partial<Pick<Target, 'min' | 'max' | 'approximate'>>;

export type MethodName = 'theil-sen' | 'holt-damped' | 'logistic' | 'local-trend' | 'ensemble';

/** Cut points on the probability of missing the final target. */
export interface Thresholds {
  /** P(miss) at or above: `watch`. */
  watch: number;
  /** P(miss) at or above: `at_risk` (opens an alert). */
  atRisk: number;
  /** P(miss) at or above: `off_track`. */
  offTrack: number;
}

export interface ForecastInput {
  observations: readonly Observation[];
  target: TargetLike;
  /** Overrides the direction implied by the target (ops `<`, `<=` and unit `rank` are lower-is-better). */
  direction?: Direction;
  deadlineMs: number;
  startMs?: number | null;
  baseline?: number | null;
  asOfMs: number;
  /** When the latest observation is older than this (relative to asOf) the result is `no_data`. Default 92. */
  maxAgeDays?: number | null;
  method?: MethodName;
  thresholds?: Partial<Thresholds>;
  /**
   * How the model's P(miss) is combined with where the latest value stands (already met, behind
   * the plan line); default the fitted combination for the method (DEFAULT_COMBINATIONS); `false`
   * reports the trend model's own probability.
   */
  combination?: Combination | false;
  /**
   * The evidence model (evidence.ts) that gives the default method's P(miss); default the one
   * fitted on the harness's training seeds (DEFAULT_EVIDENCE_MODEL); `false`, or a `combination`
   * passed above, falls back to the three-signal combination. Only the default method uses it.
   */
  evidence?: EvidenceModels | false;
}

export type NoDataReason = 'no_observations' | 'stale' | 'too_few';

export interface ForecastResult {
  level: Level;
  /** Estimated value at the deadline (null for no_data). */
  forecast: number | null;
  /** Lower and upper ends of the 80% interval for the value at the deadline. */
  low: number | null;
  high: number | null;
  /**
   * Probability that the value at the deadline misses the final target (null for no_data): the
   * trend model's, combined with whether the target is already met and whether the latest value
   * is behind the plan line (see `combination`).
   */
  probabilityOfMiss: number | null;
  /** The trend model's own P(miss), before the combination (null for no_data and the naive rule). */
  modelProbabilityOfMiss: number | null;
  /**
   * Whether the latest value is behind the plan's straight line from the baseline (else the
   * first report) to the final target, at asOf: the naive rule's flag. Null for no_data.
   */
  behindPlan: boolean | null;
  /** Why the result is no_data; null otherwise. */
  noDataReason: NoDataReason | null;
  direction: Direction;
  /** The final target threshold (a range's min). */
  targetValue: number;
  targetOp: TargetOp;
  unit: string | null;
  /** The latest usable observation at or before asOf. */
  latest: Observation | null;
  /** Estimated change per 30 days at the latest observation (null when not estimated). */
  slopePer30Days: number | null;
  /** Number of distinct observation times used. */
  observationCount: number;
  method: MethodName | 'naive';
  asOfMs: number;
  deadlineMs: number;
}
