// Types of the scoring engine (DESIGN §5). The hot-path building blocks work on plain numbers
// (epoch milliseconds); only `scorePlan` (the CLI shape) deals with ISO date strings.
import type { Target } from '../targets/types.js';

/** Which way is better: `higher` for `>=`, `>`, `=`, `between`; `lower` for `<=`, `<` and every rank. */
export type Direction = 'higher' | 'lower';

export type ScoreStatus = 'achieved' | 'on_track' | 'behind' | 'no_data';

export type Trajectory = 'flat' | 'linear';

/**
 * What the engine needs to know about an indicator (or about one assignment of it, when the
 * assignment overrides the target: pass `{ ...indicator, targets: override }`, built once, not
 * per call). Dates are epoch milliseconds; map them once when the catalog is loaded.
 */
export interface ScoringIndicator {
  /** The parsed targets, in order; the first one is scored (`min` for a range). */
  readonly targets: readonly Target[];
  /** The indicator's unit; `rank` makes it lower-is-better whatever the target's unit says. */
  readonly unit?: string | null;
  /** `flat` (default) or `linear`. */
  readonly trajectory?: Trajectory | null;
  /** The value at `start`, for a `linear` trajectory. */
  readonly baseline?: number | null;
  readonly startMs?: number | null;
  readonly deadlineMs?: number | null;
  /** Observations older than this (in days, before `asOf`) do not count. Default 40. */
  readonly maxAgeDays?: number | null;
}

/** The latest observation of an assignment at or before `asOf` (the caller finds it). */
export interface LatestObservation {
  readonly atMs: number;
  readonly value: number;
}

export interface ScoringOptions {
  /** Max data age for indicators that do not set their own. Default 40 (DESIGN §5.1). */
  readonly defaultMaxAgeDays?: number;
}

export interface AssignmentScore {
  /** The value scored; null when `no_data` (even when a stale observation exists). */
  value: number | null;
  /**
   * When the latest observation at or before `asOf` refers to; set even for `no_data` when that
   * observation exists but is too old (so a scorecard can say "last data: …"), null when none.
   */
  observedAtMs: number | null;
  /** T(t), unrounded; null only when the indicator has no numeric target. */
  targetInForce: number | null;
  /** The final target T (the first target's value, `min` for a range); null when none. */
  finalTarget: number | null;
  /** 0–100, unrounded (round for display with `roundScore`). */
  score: number;
  status: ScoreStatus;
  /** true exactly when status is `achieved` or `on_track` (score 100). */
  met: boolean;
  direction: Direction;
}

/** One assignment's contribution to its agency's score. */
export interface WeightedScore {
  readonly score: number;
  /** Already resolved (see `resolveWeight`); null/undefined counts as 1. */
  readonly weight?: number | null;
  readonly pillar: string;
}

export interface AgencyAggregate {
  /** Weighted average of the assignment scores, rounded to 2 decimals; null when nothing to average. */
  score: number | null;
  /** Same per pillar, in order of first appearance in the input. */
  pillars: Record<string, number>;
}

export interface RankInput {
  readonly code: string;
  readonly score: number | null;
}

// ---- scorePlan (the `kpi score` shape, DESIGN §5) ----

/** One indicator of the raw `kpi score` input (before target parsing). */
export interface ScoringInputIndicator {
  code: string;
  pillar: string;
  /** The verbatim target text. */
  target: string;
  unit?: string | null;
  trajectory?: Trajectory | null;
  baseline?: number | null;
  start?: string | null;
  deadline?: string | null;
  maxAgeDays?: number | null;
  weight?: number | null;
}

export interface ScoringInputAgency {
  code: string;
  name?: string;
}

export interface ScoringInputAssignment {
  agency: string;
  indicator: string;
  weight?: number | null;
}

export interface ScoringInputObservation {
  agency: string;
  indicator: string;
  /** ISO 8601; a date alone is midnight UTC. */
  at: string;
  value: number;
}

/** The raw JSON of `kpi score --input FILE`, as checked by `validateScoringInput`. */
export interface ScoringInput {
  asOf: string;
  indicators: ScoringInputIndicator[];
  agencies: ScoringInputAgency[];
  assignments: ScoringInputAssignment[];
  observations: ScoringInputObservation[];
}

/** The input of `scorePlan`: the raw input with each indicator's target text already parsed. */
export interface ScorePlanInput extends Omit<ScoringInput, 'indicators'> {
  indicators: (ScoringInputIndicator & { targets: readonly Target[] })[];
}

export interface ScorePlanIndicatorRow {
  indicator: string;
  value: number | null;
  /** T(t), rounded to 4 decimals (to drop float tails of the linear interpolation). */
  targetInForce: number | null;
  /** Rounded to 2 decimals. */
  score: number;
  status: ScoreStatus;
}

export interface ScorePlanAgencyRow {
  code: string;
  /** null for an agency with no assignments (it is listed, after the ranked ones, but not ranked). */
  score: number | null;
  rank: number | null;
  pillars: Record<string, number>;
  indicators: ScorePlanIndicatorRow[];
}

export interface ScorePlanOutput {
  /** `asOf` normalised to ISO 8601 UTC with milliseconds (`2026-06-30T00:00:00.000Z`). */
  asOf: string;
  agencies: ScorePlanAgencyRow[];
}

export interface FieldError {
  /** A path into the input, e.g. `indicators[3].deadline`; `(root)` for the document itself. */
  field: string;
  reason: string;
}

export type ScoringValidation = { ok: true; input: ScoringInput } | { ok: false; errors: FieldError[] };
