// `kpi score --input FILE` (DESIGN §5): the whole computation on the documented JSON shapes.
// The caller (the CLI) parses each indicator's target text first and passes `targets` beside
// the verbatim `target`; everything else is as in the file.
//
// Decisions where §5 leaves room:
// - Each assignment uses its latest observation at or before asOf; of several at the same
//   instant, the highest value (so the order of `observations` never matters). Observations of
//   an (agency, indicator) pair that is not assigned are ignored.
// - Within an agency, `indicators` follow the order of the input's `indicators` (plan order),
//   and `pillars` the order in which its indicators first name them; neither depends on the
//   order of agencies, assignments or observations.
// - Rows: `value` is null for `no_data` (even when a stale observation exists); `score` is
//   rounded to 2 decimals (the agency score is computed from the unrounded scores);
//   `targetInForce` is rounded to 4 decimals, null never (scorePlan requires a numeric target).
// - Agencies with no assignments are listed after the ranked ones, by code, with score and rank
//   null, empty pillars and indicators (see aggregate.ts).
// - `asOf` comes back normalised (`2026-06-30` → `2026-06-30T00:00:00.000Z`).
// - Bad input throws `ScoringInputError` listing every bad field, including assigned indicators
//   whose parsed `targets` hold no numeric target (`indicators[2].target: no numeric target …`).
import type { Target } from '../targets/types.js';
import { aggregateAgency, rankAgencies, resolveWeight } from './aggregate.js';
import { scoreAssignment, targetValue } from './engine.js';
import { parseIsoMs } from './iso-date.js';
import { roundHalfAwayFromZero, roundScore } from './round.js';
import type {
  FieldError,
  ScorePlanAgencyRow,
  ScorePlanIndicatorRow,
  ScorePlanInput,
  ScorePlanOutput,
  ScoringIndicator,
  ScoringOptions,
  WeightedScore,
} from './types.js';
import { validateScoringInput } from './validate.js';

/** Thrown by `scorePlan` on bad input; `errors` name each bad field (DESIGN §9). */
export class ScoringInputError extends Error {
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(`invalid scoring input: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
    this.name = 'ScoringInputError';
    this.errors = errors;
  }
}

interface Slot {
  indicator: number;
  weight: number;
  atMs: number;
  value: number;
}

function optionalMs(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : parseIsoMs(text);
}

/** Score a whole plan input (DESIGN §5) and return the `kpi score` output, sorted by rank. */
export function scorePlan(input: ScorePlanInput, options?: ScoringOptions): ScorePlanOutput {
  const checked = validateScoringInput(input);
  if (!checked.ok) throw new ScoringInputError(checked.errors);
  const asOfMs = parseIsoMs(input.asOf) as number;

  const indicatorIndex = new Map<string, number>();
  const indicators: ScoringIndicator[] = input.indicators.map((ind, i) => {
    indicatorIndex.set(ind.code, i);
    return {
      targets: Array.isArray(ind.targets) ? ind.targets : [],
      unit: ind.unit ?? null,
      trajectory: ind.trajectory ?? 'flat',
      baseline: ind.baseline ?? null,
      startMs: optionalMs(ind.start),
      deadlineMs: optionalMs(ind.deadline),
      maxAgeDays: ind.maxAgeDays ?? null,
    };
  });

  const slotsByAgency = new Map<string, Map<string, Slot>>();
  for (const agency of input.agencies) slotsByAgency.set(agency.code, new Map());
  const used = new Set<number>();
  for (const a of input.assignments) {
    const i = indicatorIndex.get(a.indicator) as number;
    used.add(i);
    const weight = resolveWeight(a.weight, input.indicators[i].weight);
    (slotsByAgency.get(a.agency) as Map<string, Slot>).set(a.indicator, {
      indicator: i,
      weight,
      atMs: -Infinity,
      value: NaN,
    });
  }

  const targetErrors: FieldError[] = [];
  for (const i of [...used].sort((x, y) => x - y)) {
    const ind = input.indicators[i];
    if (targetValue((indicators[i].targets as readonly Target[])[0]) === null)
      targetErrors.push({ field: `indicators[${i}].target`, reason: `no numeric target in "${ind.target}"` });
  }
  if (targetErrors.length > 0) throw new ScoringInputError(targetErrors);

  for (const o of input.observations) {
    const slot = slotsByAgency.get(o.agency)?.get(o.indicator);
    if (slot === undefined) continue;
    const atMs = parseIsoMs(o.at) as number;
    if (atMs > asOfMs) continue;
    if (atMs > slot.atMs || (atMs === slot.atMs && o.value > slot.value)) {
      slot.atMs = atMs;
      slot.value = o.value;
    }
  }

  const rows = new Map<string, Omit<ScorePlanAgencyRow, 'rank'>>();
  for (const agency of input.agencies) {
    const slots = [...(slotsByAgency.get(agency.code) as Map<string, Slot>).values()].sort(
      (x, y) => x.indicator - y.indicator,
    );
    const weighted: WeightedScore[] = [];
    const indicatorRows: ScorePlanIndicatorRow[] = [];
    for (const slot of slots) {
      const ind = input.indicators[slot.indicator];
      const latest = slot.atMs === -Infinity ? null : { atMs: slot.atMs, value: slot.value };
      const s = scoreAssignment(indicators[slot.indicator], latest, asOfMs, options);
      weighted.push({ score: s.score, weight: slot.weight, pillar: ind.pillar });
      indicatorRows.push({
        indicator: ind.code,
        value: s.value,
        targetInForce: s.targetInForce === null ? null : roundHalfAwayFromZero(s.targetInForce, 4),
        score: roundScore(s.score),
        status: s.status,
      });
    }
    const aggregate = aggregateAgency(weighted);
    rows.set(agency.code, {
      code: agency.code,
      score: aggregate.score,
      pillars: aggregate.pillars,
      indicators: indicatorRows,
    });
  }

  const ranked = rankAgencies([...rows.values()].map((r) => ({ code: r.code, score: r.score })));
  return {
    asOf: new Date(asOfMs).toISOString(),
    agencies: ranked.map(({ code, rank }) => {
      const r = rows.get(code) as Omit<ScorePlanAgencyRow, 'rank'>;
      return { code, score: r.score, rank, pillars: r.pillars, indicators: r.indicators };
    }),
  };
}
