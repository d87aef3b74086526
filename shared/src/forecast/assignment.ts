// The forecast of one catalog assignment as the server makes it (alerts, chart series): the
// indicator's first target, its dates as catalog days (midnight UTC), its baseline and the
// assignment's current observations. One function so every caller forecasts alike.
import { forecast } from './forecaster.js';
import type { ForecastResult, Observation, TargetLike } from './types.js';

export interface AssignmentForecastInput {
  targets: readonly TargetLike[];
  /** Catalog dates, `YYYY-MM-DD`. */
  start: string;
  deadline: string;
  baseline: number | null;
  observations: readonly Observation[];
}

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The forecast at the deadline, or null when the indicator has no target to forecast against. */
export function forecastAssignment(input: AssignmentForecastInput, asOfMs: number): ForecastResult | null {
  const target = input.targets[0];
  if (!target) return null;
  return forecast({
    observations: input.observations,
    target,
    deadlineMs: dayMs(input.deadline),
    startMs: dayMs(input.start),
    baseline: input.baseline,
    asOfMs,
  });
}
