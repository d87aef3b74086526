// How the forecaster reads a target: its direction, its final threshold, when it is met, and
// the natural bounds of the value (percentages in [0, 100], ranks from 1).
import type { Direction, Observation, TargetLike } from './types.js';

export const DAY_MS = 86_400_000;

/** DESIGN §5.3: `<=`, `<` and every rank are lower-is-better; the rest higher-is-better. */
export function directionOf(target: TargetLike, override?: Direction | null): Direction {
  if (override === 'higher' || override === 'lower') return override;
  if (isRank(target)) return 'lower';
  return target.op === '<' || target.op === '<=' ? 'lower' : 'higher';
}

export function isRank(target: Pick<TargetLike, 'unit'>): boolean {
  return target.unit === 'rank';
}

export function isPercent(target: Pick<TargetLike, 'unit'>): boolean {
  return target.unit === '%';
}

/** The final threshold: `value`, or `min` for a range (a range is met at its minimum). */
export function targetValueOf(target: TargetLike): number | null {
  const v = target.op === 'between' ? (target.min ?? target.value) : target.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const EPS = 1e-9;

/** Whether `value` meets the final target (`=` and `between` are met at or above the threshold). */
export function meetsTarget(value: number, target: TargetLike, direction: Direction): boolean {
  const t = targetValueOf(target);
  if (t === null || !Number.isFinite(value)) return false;
  if (direction === 'higher') return target.op === '>' ? value > t + EPS : value >= t - EPS;
  if (isRank(target)) return value <= t + EPS;
  return target.op === '<' ? value < t - EPS : value <= t + EPS;
}

export interface Bounds {
  lo: number;
  hi: number;
}

/** Percentages live in [0, 100]; ranks from 1; other non-negative quantities from 0. */
export function boundsOf(target: TargetLike, observations: readonly Observation[], baseline?: number | null): Bounds {
  if (isPercent(target)) return { lo: 0, hi: 100 };
  if (isRank(target)) return { lo: 1, hi: Infinity };
  const nonNegative =
    observations.every((o) => o.value >= 0) && (baseline === null || baseline === undefined || baseline >= 0);
  return { lo: nonNegative ? 0 : -Infinity, hi: Infinity };
}
