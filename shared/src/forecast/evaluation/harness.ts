// The evaluation harness: runs the forecaster's methods and the naive baseline over simulated
// plan trajectories and measures, at 90, 60 and 30 days before the deadline, how many of the
// series that end up missing are flagged (recall), how many flags are real (precision), and how
// long before the deadline the flag went up (lead time). Pure and deterministic for a seed.
import { fitCombination, type Combination } from '../combine.js';
import { fitEvidenceModel, type EvidenceModel, type EvidenceModels } from '../evidence.js';
import { DEFAULT_METHOD, DEFAULT_THRESHOLDS, evidenceFeaturesOf, forecast, naiveTrajectory } from '../forecaster.js';
import { DEFAULT_TUNING, type Tuning } from '../methods.js';
import { median } from '../stats.js';
import { DAY_MS, meetsTarget } from '../target.js';
import type { ForecastInput, ForecastResult, Level, MethodName, Thresholds } from '../types.js';
import { SHAPES, generateSeries, type Scenario, type Shape, type SimSeries } from './generator.js';

export type EvaluatedMethod = MethodName | 'naive';

export interface EvaluationOptions {
  seed: number;
  count: number;
  /** How the simulated series are reported; default as_reported. */
  scenario?: Scenario;
  /** Days before the deadline to evaluate at; default [90, 60, 30]. */
  horizons?: readonly number[];
  /** Forecasting methods to compare (the naive baseline is always added); default all three. */
  methods?: readonly MethodName[];
  thresholds?: Thresholds;
  tuning?: Tuning;
  /** Passed to the forecaster: `false` evaluates the trend models' own P(miss); default the fitted combinations. */
  combination?: Combination | false;
  /** Passed to the forecaster: `false` uses the three-signal combination instead of the evidence model. */
  evidence?: EvidenceModels | false;
  /** Step of the grid of earlier evaluations used for lead times; default 10 days. */
  leadStepDays?: number;
  /** The evaluation point the bar and the threshold choice refer to; default 60. */
  barHorizon?: number;
  /** The bar: recall and precision at `barHorizon`. */
  bar?: { recall: number; precision: number };
  /** Thresholds on P(miss) for the trade-off curve; default 0.01, 0.02, … 0.99. */
  curveThresholds?: readonly number[];
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface MethodScore extends Confusion {
  method: EvaluatedMethod;
  recall: number;
  precision: number;
  f1: number;
  /** Series with no_data at this point (never a flag). */
  noData: number;
  /** Median days between the deadline and the start of the flag's unbroken run, over true flags. */
  medianLeadDays: number | null;
  /** Mean squared error of P(miss) against the outcome (probabilistic methods only). */
  brier: number | null;
  /** Share of series whose true final value lies inside the 80% band. */
  coverage80: number | null;
}

export interface ShapeScore {
  shape: Shape;
  count: number;
  missed: number;
  scores: Record<string, { recall: number; precision: number; f1: number; tp: number; fp: number; fn: number }>;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean predicted P(miss) in the bin. */
  predicted: number;
  /** Share of the bin's series that really missed. */
  observed: number;
}

export interface HorizonReport {
  daysBefore: number;
  asOfMs: number;
  scores: MethodScore[];
  perShape: ShapeScore[];
  /** Reliability of the default method's P(miss): predicted against observed, in tenths. */
  reliability: ReliabilityBin[];
  /** The default method against the naive rule on the default method's curve. */
  comparison: {
    /** The default method's precision at the highest threshold whose recall reaches the naive rule's. */
    precisionAtNaiveRecall: number | null;
    thresholdAtNaiveRecall: number | null;
    /** The default method's best F1 over the curve, and where. */
    bestF1: number;
    bestF1Threshold: number;
  };
}

export interface CurvePoint {
  threshold: number;
  /** Per horizon (days before the deadline): recall, precision, F1 with `P(miss) ≥ threshold` as the flag. */
  byHorizon: Record<number, { recall: number; precision: number; f1: number }>;
}

export interface EvaluationReport {
  seed: number;
  count: number;
  scenario: Scenario;
  startMs: number;
  deadlineMs: number;
  defaultMethod: MethodName;
  thresholds: Thresholds;
  barHorizon: number;
  bar: { recall: number; precision: number };
  missed: number;
  shapes: { shape: Shape; count: number; missed: number; reporting: Record<string, number> }[];
  horizons: HorizonReport[];
  /** Trade-off curve of the default method. */
  curve: CurvePoint[];
  /** Trade-off curves of every probabilistic method compared. */
  curves: Record<string, CurvePoint[]>;
  /** Thresholds read off the curve (see chooseThresholds). */
  suggestedThresholds: Thresholds;
  barMet: boolean;
}

const FLAG_LEVELS: ReadonlySet<Level> = new Set(['at_risk', 'off_track']);
export const isFlag = (level: Level): boolean => FLAG_LEVELS.has(level);

/** The forecaster's input for a simulated series as the system would see it at `asOfMs`. */
export function inputAt(
  series: SimSeries,
  asOfMs: number,
  method?: MethodName,
  thresholds?: Thresholds,
  combination?: Combination | false,
  evidence?: EvidenceModels | false,
): ForecastInput {
  return {
    observations: series.observations.filter((o) => o.availableAtMs <= asOfMs),
    target: series.target,
    deadlineMs: series.deadlineMs,
    startMs: series.startMs,
    baseline: series.baseline,
    asOfMs,
    maxAgeDays: series.maxAgeDays,
    method,
    thresholds,
    ...(combination === undefined ? {} : { combination }),
    ...(evidence === undefined ? {} : { evidence }),
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

function f1Of(recall: number, precision: number): number {
  return recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
}

function confusion(flags: boolean[], missed: boolean[]): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] && missed[i]) c.tp++;
    else if (flags[i]) c.fp++;
    else if (missed[i]) c.fn++;
    else c.tn++;
  }
  return c;
}

function summarize(c: Confusion) {
  const recall = ratio(c.tp, c.tp + c.fn);
  const precision = ratio(c.tp, c.tp + c.fp);
  return { recall, precision, f1: f1Of(recall, precision) };
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Reads thresholds off a trade-off curve at the bar's horizon. The plan's own requirement is
 * recall (warn of at least 90% of the misses), so `atRisk` is the highest threshold whose recall
 * is at least the bar plus a margin (0.02, for sampling); `offTrack` the lowest threshold from
 * `atRisk` on whose flags are real misses at least 9 times in 10 (else 0.8); `watch` half of
 * `atRisk`. Only multiples of `step` (0.05) are considered.
 */
export function chooseThresholds(
  curve: readonly CurvePoint[],
  horizon: number,
  barRecall: number,
  margin = 0.02,
  step = 0.05,
): Thresholds {
  // Round thresholds only (multiples of `step`): the curve is too noisy for finer choices.
  const onGrid = curve.filter((p) => Math.abs(p.threshold / step - Math.round(p.threshold / step)) < 1e-6);
  const sorted = [...(onGrid.length ? onGrid : curve)].sort((a, b) => a.threshold - b.threshold);
  let atRisk = sorted[0]?.threshold ?? DEFAULT_THRESHOLDS.atRisk;
  for (const p of sorted) if ((p.byHorizon[horizon]?.recall ?? 0) >= barRecall + margin) atRisk = p.threshold;
  const sure = sorted.find((p) => p.threshold >= atRisk && (p.byHorizon[horizon]?.precision ?? 0) >= 0.9);
  const offTrack = Math.max(atRisk, sure?.threshold ?? 0.8);
  return { watch: round(atRisk / 2, 3), atRisk, offTrack };
}

export function evaluate(options: EvaluationOptions): EvaluationReport {
  const horizons = options.horizons ?? [90, 60, 30];
  const methods =
    options.methods ?? (['theil-sen', 'holt-damped', 'logistic', 'local-trend', 'ensemble'] as MethodName[]);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const step = options.leadStepDays ?? 10;
  const barHorizon = options.barHorizon ?? 60;
  const bar = options.bar ?? { recall: 0.9, precision: 0.8 };
  const curveThresholds = options.curveThresholds ?? Array.from({ length: 99 }, (_, i) => round(0.01 * (i + 1), 2));
  const scenario = options.scenario ?? 'as_reported';
  const series = generateSeries({ seed: options.seed, count: options.count, scenario });
  const missed = series.map((s) => s.missed);
  const { startMs, deadlineMs } = series[0] ?? { startMs: 0, deadlineMs: 0 };
  const all: EvaluatedMethod[] = [...methods, 'naive'];
  const defaultMethod = methods.includes(DEFAULT_METHOD) ? DEFAULT_METHOD : methods[0];

  const run = (s: SimSeries, m: EvaluatedMethod, asOfMs: number): ForecastResult =>
    m === 'naive'
      ? naiveTrajectory(inputAt(s, asOfMs))
      : forecast(inputAt(s, asOfMs, m, thresholds, options.combination, options.evidence), tuning);

  // Flags on a grid of earlier dates (for lead times), cached per series, method and date.
  const flagCache = new Map<string, boolean>();
  const flagAt = (i: number, m: EvaluatedMethod, daysBefore: number): boolean => {
    const key = `${i}|${m}|${daysBefore}`;
    let f = flagCache.get(key);
    if (f === undefined) {
      f = isFlag(run(series[i], m, deadlineMs - daysBefore * DAY_MS).level);
      flagCache.set(key, f);
    }
    return f;
  };
  const maxDaysBefore = Math.floor((deadlineMs - startMs) / DAY_MS) - 30;

  const curveData: Record<string, Record<number, { p: number | null; missed: boolean }[]>> = {};
  const horizonReports: HorizonReport[] = horizons.map((daysBefore) => {
    const asOfMs = deadlineMs - daysBefore * DAY_MS;
    const scores: MethodScore[] = [];
    const flagsByMethod: Record<string, boolean[]> = {};
    for (const m of all) {
      const results = series.map((s) => run(s, m, asOfMs));
      const flags = results.map((r) => isFlag(r.level));
      flagsByMethod[m] = flags;
      results.forEach((r, i) => flagCache.set(`${i}|${m}|${daysBefore}`, flags[i]));
      const c = confusion(flags, missed);
      const leads: number[] = [];
      for (let i = 0; i < series.length; i++) {
        if (!flags[i] || !missed[i]) continue;
        let d = daysBefore;
        while (d + step <= maxDaysBefore && flagAt(i, m, d + step)) d += step;
        leads.push(d);
      }
      const probabilistic = m !== 'naive';
      let brier = 0;
      let nb = 0;
      let covered = 0;
      let nc = 0;
      if (probabilistic)
        results.forEach((r, i) => {
          if (r.probabilityOfMiss === null || r.low === null || r.high === null) return;
          brier += (r.probabilityOfMiss - (missed[i] ? 1 : 0)) ** 2;
          nb++;
          const v = series[i].trueFinal;
          if (v >= r.low - 1e-9 && v <= r.high + 1e-9) covered++;
          nc++;
        });
      if (probabilistic)
        (curveData[m] ??= {})[daysBefore] = results.map((r, i) => ({ p: r.probabilityOfMiss, missed: missed[i] }));
      scores.push({
        method: m,
        ...c,
        ...summarize(c),
        noData: results.filter((r) => r.level === 'no_data').length,
        medianLeadDays: leads.length ? median(leads) : null,
        brier: probabilistic && nb ? brier / nb : null,
        coverage80: probabilistic && nc ? covered / nc : null,
      });
    }
    const perShape: ShapeScore[] = SHAPES.map((shape) => {
      const idx = series.map((s, i) => (s.shape === shape ? i : -1)).filter((i) => i >= 0);
      const scoresByMethod: ShapeScore['scores'] = {};
      for (const m of all) {
        const c = confusion(
          idx.map((i) => flagsByMethod[m][i]),
          idx.map((i) => missed[i]),
        );
        scoresByMethod[m] = { ...summarize(c), tp: c.tp, fp: c.fp, fn: c.fn };
      }
      return { shape, count: idx.length, missed: idx.filter((i) => missed[i]).length, scores: scoresByMethod };
    });
    const bins: ReliabilityBin[] = Array.from({ length: 10 }, (_, k) => ({
      from: k / 10,
      to: (k + 1) / 10,
      count: 0,
      predicted: 0,
      observed: 0,
    }));
    for (const d of curveData[defaultMethod]?.[daysBefore] ?? []) {
      if (d.p === null) continue;
      const b = bins[Math.min(9, Math.floor(d.p * 10))];
      b.count++;
      b.predicted += d.p;
      b.observed += d.missed ? 1 : 0;
    }
    for (const b of bins)
      if (b.count) {
        b.predicted /= b.count;
        b.observed /= b.count;
      }
    return {
      daysBefore,
      asOfMs,
      scores,
      perShape,
      reliability: bins,
      comparison: { precisionAtNaiveRecall: null, thresholdAtNaiveRecall: null, bestF1: 0, bestF1Threshold: 0 },
    };
  });

  const curveOf = (m: string): CurvePoint[] =>
    curveThresholds.map((threshold) => {
      const byHorizon: CurvePoint['byHorizon'] = {};
      for (const h of horizons) {
        const data = curveData[m]?.[h] ?? [];
        const c = confusion(
          data.map((d) => d.p !== null && d.p >= threshold),
          data.map((d) => d.missed),
        );
        byHorizon[h] = summarize(c);
      }
      return { threshold, byHorizon };
    });
  const curves: Record<string, CurvePoint[]> = {};
  for (const m of methods) curves[m] = curveOf(m);
  const curve = curves[defaultMethod];
  for (const h of horizonReports) {
    const naive = h.scores.find((x) => x.method === 'naive')!;
    const points = [...curve].sort((a, b) => b.threshold - a.threshold);
    const atNaive = points.find((p) => (p.byHorizon[h.daysBefore]?.recall ?? 0) >= naive.recall);
    let best = points[0];
    for (const p of points)
      if ((p.byHorizon[h.daysBefore]?.f1 ?? 0) > (best?.byHorizon[h.daysBefore]?.f1 ?? 0)) best = p;
    h.comparison = {
      precisionAtNaiveRecall: atNaive ? atNaive.byHorizon[h.daysBefore].precision : null,
      thresholdAtNaiveRecall: atNaive ? atNaive.threshold : null,
      bestF1: best?.byHorizon[h.daysBefore]?.f1 ?? 0,
      bestF1Threshold: best?.threshold ?? 0,
    };
  }

  const barReport = horizonReports.find((h) => h.daysBefore === barHorizon);
  const barScore = barReport?.scores.find((s) => s.method === defaultMethod);
  return {
    seed: options.seed,
    count: series.length,
    scenario,
    startMs,
    deadlineMs,
    defaultMethod,
    thresholds,
    barHorizon,
    bar,
    missed: missed.filter(Boolean).length,
    shapes: SHAPES.map((shape) => {
      const ss = series.filter((s) => s.shape === shape);
      const reporting: Record<string, number> = {};
      for (const s of ss) reporting[s.reporting] = (reporting[s.reporting] ?? 0) + 1;
      return { shape, count: ss.length, missed: ss.filter((s) => s.missed).length, reporting };
    }),
    horizons: horizonReports,
    curve,
    curves,
    suggestedThresholds: chooseThresholds(curve, barHorizon, bar.recall),
    barMet: !!barScore && barScore.recall >= bar.recall && barScore.precision >= bar.precision,
  };
}

/**
 * Fits a method's combination (combine.ts) on simulated series: the trend model's own P(miss),
 * whether the target is already met and whether the value is behind the plan line, against the
 * outcome, pooled over the evaluation points (default 30, 60 and 90 days before the deadline).
 * Run on the calibration seed only, so the evaluation seed stays out of sample.
 */
export function fitCombinationOnSeed(options: {
  seed: number;
  count: number;
  method?: MethodName;
  horizons?: readonly number[];
  tuning?: Tuning;
}): Combination {
  const method = options.method ?? DEFAULT_METHOD;
  const series = generateSeries({ seed: options.seed, count: options.count });
  const samples: Parameters<typeof fitCombination>[0][number][] = [];
  for (const daysBefore of options.horizons ?? [30, 60, 90])
    for (const s of series) {
      const r = forecast(
        inputAt(s, s.deadlineMs - daysBefore * DAY_MS, method, undefined, false),
        options.tuning ?? DEFAULT_TUNING,
      );
      if (r.modelProbabilityOfMiss === null || r.behindPlan === null || r.latest === null) continue;
      const alreadyMet = meetsTarget(r.latest.value, s.target, r.direction);
      samples.push({ model: r.modelProbabilityOfMiss, alreadyMet, behindPlan: r.behindPlan, missed: s.missed });
    }
  return fitCombination(samples);
}

/** The training seeds of the evidence model and of the thresholds; the evaluation seeds (2026, 2028, …) stay out. */
export const TRAINING_SEEDS: readonly number[] = [2027, 2029, 2031, 2033, 2035];

/** The evaluation points each evidence fit is trained on (days before the deadline). */
export const EVIDENCE_HORIZONS = { near: [30, 60, 90], far: [120, 180, 240, 300] } as const;

/**
 * Fits one evidence model (evidence.ts) on simulated series of the training seeds, pooled over
 * the evaluation points (default 30, 60 and 90 days before the deadline): every series the
 * forecaster does not answer `no_data` is one sample per point.
 */
export function fitEvidenceModelOnSeeds(options: {
  seeds: readonly number[];
  count: number;
  horizons?: readonly number[];
  tuning?: Tuning;
  ridge?: number;
}): EvidenceModel {
  const samples: { features: number[]; missed: boolean }[] = [];
  for (const seed of options.seeds) {
    const series = generateSeries({ seed, count: options.count });
    for (const daysBefore of options.horizons ?? [30, 60, 90])
      for (const s of series) {
        const features = evidenceFeaturesOf(
          inputAt(s, s.deadlineMs - daysBefore * DAY_MS, DEFAULT_METHOD),
          options.tuning ?? DEFAULT_TUNING,
        );
        if (features) samples.push({ features, missed: s.missed });
      }
  }
  return fitEvidenceModel(samples, options.ridge);
}

/** Both fits of the blended evidence model (EVIDENCE_HORIZONS), on the training seeds. */
export function fitEvidenceModelsOnSeeds(options: { seeds: readonly number[]; count: number }): EvidenceModels {
  return {
    near: fitEvidenceModelOnSeeds({ ...options, horizons: EVIDENCE_HORIZONS.near }),
    far: fitEvidenceModelOnSeeds({ ...options, horizons: EVIDENCE_HORIZONS.far }),
  };
}

/**
 * The default method's trade-off curve pooled over several seeds (the training seeds, for
 * choosing thresholds): `no_data` is never a flag.
 */
export function pooledCurve(options: {
  seeds: readonly number[];
  count: number;
  horizons?: readonly number[];
  evidence?: EvidenceModels | false;
  curveThresholds?: readonly number[];
}): CurvePoint[] {
  const horizons = options.horizons ?? [90, 60, 30];
  const data: Record<number, { p: number | null; missed: boolean }[]> = {};
  for (const seed of options.seeds) {
    const series = generateSeries({ seed, count: options.count });
    for (const h of horizons)
      for (const s of series) {
        const r = forecast(
          inputAt(s, s.deadlineMs - h * DAY_MS, DEFAULT_METHOD, undefined, undefined, options.evidence),
        );
        (data[h] ??= []).push({ p: r.level === 'no_data' ? null : r.probabilityOfMiss, missed: s.missed });
      }
  }
  const thresholds = options.curveThresholds ?? Array.from({ length: 99 }, (_, i) => round(0.01 * (i + 1), 2));
  return thresholds.map((threshold) => {
    const byHorizon: CurvePoint['byHorizon'] = {};
    for (const h of horizons) {
      const d = data[h];
      byHorizon[h] = summarize(
        confusion(
          d.map((x) => x.p !== null && x.p >= threshold),
          d.map((x) => x.missed),
        ),
      );
    }
    return { threshold, byHorizon };
  });
}
