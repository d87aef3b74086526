// The parsed form of a target (DESIGN §4) in a few characters, next to the plan's own words.
import type { Target } from '@kpi/shared/targets';

/** A parsed target as the API sends it (the shared parser's own type). */
export type TargetLike = Pick<Target, 'value' | 'min' | 'max' | 'unit' | 'approximate'> & { op: string };

const SIGN: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '==': '=' };

export function describeTarget(t: TargetLike, format: (n: number) => string = String): string {
  const unit = !t.unit ? '' : t.unit === '%' ? '%' : ` ${t.unit}`;
  const approx = t.approximate ? '≈ ' : '';
  if (t.op === 'between' || (t.min !== null && t.max !== null && t.value === null)) {
    return `${approx}${format(t.min ?? 0)}–${format(t.max ?? 0)}${unit}`;
  }
  const sign = SIGN[t.op] ?? t.op;
  return `${approx}${sign} ${t.value === null ? '?' : format(t.value)}${unit}`;
}
