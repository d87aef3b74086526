// Cleaning one assignment's observation history before any method sees it.
import { median } from './stats.js';
import type { Observation } from './types.js';

/**
 * Keeps finite values at or before `untilMs`, sorts by time and merges duplicates (the same
 * time reported more than once) into one point carrying their median.
 */
export function prepareObservations(observations: readonly Observation[], untilMs: number): Observation[] {
  const byTime = new Map<number, number[]>();
  for (const o of observations) {
    if (!o || !Number.isFinite(o.atMs) || !Number.isFinite(o.value) || o.atMs > untilMs) continue;
    const bucket = byTime.get(o.atMs);
    if (bucket) bucket.push(o.value);
    else byTime.set(o.atMs, [o.value]);
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([atMs, values]) => ({ atMs, value: values.length === 1 ? values[0] : median(values) }));
}
