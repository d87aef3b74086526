// The evidence model (DESIGN §6): the probability of missing the final target, from what the
// history says beyond the damped recent trend. The trend model alone sees one pace; the series
// that fool it differ in plain, measurable ways: a steady series keeps its long-run pace (the
// damping flags it needlessly), a plateau's recent pace is below its long-run one, an outage
// leaves a drop from the peak, a noisy or sparse series carries less evidence per report, and a
// second trend model (Holt's) disagrees where the pace is changing.
// A logistic regression on such features, fitted on the evaluation harness's training seeds
// only (fitEvidenceModel, harness.fitEvidenceModelOnSeeds), turns them into one calibrated
// P(miss). Everything is measured in "higher is better" units (lower-is-better series are
// mirrored) and relative to the quantity's scale, so one set of weights serves percentages,
// counts, rates and ranks. A stricter target never lowers P(miss): the scale comes from the
// data alone, the features that move with the target enter with signs the fit is constrained
// to (evidenceFeatures, fitEvidenceModel), and their weight varies with the time left only
// between two constrained end points. Pure: no I/O, no clock.
import { clamp, median, solveLinear, theilSenLine } from './stats.js';
import { DAY_MS } from './target.js';
import type { Direction, Observation } from './types.js';

/** What the features are computed from (the forecaster has all of it at hand). */
export interface EvidenceContext {
  /** Cleaned observations at or before asOf, sorted, at least one. */
  points: readonly Observation[];
  /** The plan's baseline at the start, when given and earlier than the first report. */
  anchor: Observation | null;
  asOfMs: number;
  deadlineMs: number;
  direction: Direction;
  /** The final threshold. */
  targetValue: number;
  hasBaseline: boolean;
  rank: boolean;
  percent: boolean;
  alreadyMet: boolean;
  behindPlan: boolean;
  /**
   * The trend models' own P(miss): damped Theil–Sen and Holt's damped trend. (Not the local
   * linear trend: its slope prior scales with the target, so its P is not monotone in it.)
   */
  pTheilSen: number;
  pHolt: number;
  /** The damped Theil–Sen forecast (its band is left out: its noise floor scales with the target). */
  center: number;
}

/**
 * Features that move with the target, and the sign their weight must have so that a stricter
 * target never lowers P(miss): +1 rises with the target, −1 falls (already met).
 */
const TARGET_FEATURES: readonly (readonly [string, 1 | -1])[] = [
  ['logitTheilSen', 1],
  ['logitHolt', 1],
  ['alreadyMet', -1],
  ['behindPlan', 1],
  // Distances to the target (higher-is-better units, over the data's scale): from the latest
  // value, from the plan line, from the long-run (whole history), recent (60 days) and
  // mid-term (120 days) undamped Theil–Sen projections, and from the damped forecast.
  ['gapLatest', 1],
  ['gapPlanLine', 1],
  ['gapLongRun', 1],
  ['gapRecent', 1],
  ['gapMid', 1],
  ['gapForecast', 1],
  // The same gaps in units of the residual noise: how sure the pace is.
  ['gapLongRun/noise', 1],
  ['gapRecent/noise', 1],
];

/** Features that do not depend on the target (unconstrained). */
const DATA_FEATURES: readonly string[] = [
  'paceRecent',
  'paceLongRun',
  'paceMid',
  'noiseLongRun',
  'noiseRecent',
  'dataAgeMonths',
  'logReports',
  'drawdown',
  'rank',
  'percent',
  'lowerIsBetter',
  'hasBaseline',
];

/**
 * Every target feature enters twice, weighted by (1 − u) and u, u = time left / 0.5 year: its
 * weight moves linearly with the time left between two end points of the same sign. Data
 * features enter alone, times the time left, and the time left itself enters once.
 */
export const EVIDENCE_FEATURES: readonly string[] = [
  ...TARGET_FEATURES.map(([n]) => `${n}@now`),
  ...TARGET_FEATURES.map(([n]) => `${n}@halfYear`),
  ...DATA_FEATURES,
  ...DATA_FEATURES.map((n) => `${n}×timeLeft`),
  'timeLeftYears',
];

/** Per feature of EVIDENCE_FEATURES: the sign its weight is constrained to (0: free). */
export const EVIDENCE_SIGNS: readonly number[] = [
  ...TARGET_FEATURES.map(([, s]) => s),
  ...TARGET_FEATURES.map(([, s]) => s),
  ...DATA_FEATURES.map(() => 0),
  ...DATA_FEATURES.map(() => 0),
  0,
];

/** P(miss) = σ(intercept + Σ weights[k] · features[k]), on the raw features of EVIDENCE_FEATURES. */
export interface EvidenceModel {
  intercept: number;
  weights: readonly number[];
}

/** Probabilities are clamped to this before their logit (0 and 1 would carry infinite weight). */
const P_CLAMP = 0.005;
/** The time left is capped: the model is fitted 30–90 days out (up to ~half a year with stale data). */
const MAX_TIME_LEFT_YEARS = 0.5;

/**
 * The quantity's scale from the data alone (not the target, so that features other than the
 * gaps do not move with it): the spread of the reports and the baseline, the distance
 * travelled, or 5% of the latest value.
 */
function dataScale(points: readonly Observation[], anchor: Observation | null): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  if (anchor) {
    lo = Math.min(lo, anchor.value);
    hi = Math.max(hi, anchor.value);
  }
  return Math.max(hi - lo, Math.abs(points[points.length - 1].value) * 0.05, 1e-6);
}

const logit = (p: number) => {
  const q = clamp(p, P_CLAMP, 1 - P_CLAMP);
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

interface Line {
  slope: number;
  level: number;
  /** Robust sd of the residuals. */
  noise: number;
}

/** Theil–Sen line through the points, t in days relative to `lastMs`; level at `lastMs`. */
function robustLine(points: readonly Observation[], lastMs: number, sign: number): Line {
  const ts = points.map((p) => (p.atMs - lastMs) / DAY_MS);
  const ys = points.map((p) => p.value * sign);
  const { slope, level } = theilSenLine(ts, ys);
  const noise = 1.4826 * median(ys.map((y, i) => Math.abs(y - level - slope * ts[i])));
  return { slope, level, noise };
}

/** At most this many points for a whole-history line: longer histories are binned (medians). */
const MAX_LINE_POINTS = 48;

function thin(points: readonly Observation[]): readonly Observation[] {
  if (points.length <= MAX_LINE_POINTS) return points;
  const t0 = points[0].atMs;
  const width = (points[points.length - 1].atMs - t0) / MAX_LINE_POINTS || 1;
  const bins = new Map<number, Observation[]>();
  for (const p of points) {
    const k = Math.min(MAX_LINE_POINTS - 1, Math.floor((p.atMs - t0) / width));
    const b = bins.get(k);
    if (b) b.push(p);
    else bins.set(k, [p]);
  }
  return [...bins.values()].map((b) => ({ atMs: median(b.map((p) => p.atMs)), value: median(b.map((p) => p.value)) }));
}

/** The reports of the last `days` before the latest, at least `minPoints` of them. */
function lastDays(points: readonly Observation[], days: number, minPoints: number): readonly Observation[] {
  const last = points[points.length - 1].atMs;
  let from = points.length;
  while (from > 0 && (last - points[from - 1].atMs <= days * DAY_MS || points.length - from < minPoints)) from--;
  return thin(points.slice(from));
}

/** The feature vector, in the order of EVIDENCE_FEATURES. */
export function evidenceFeatures(c: EvidenceContext): number[] {
  const sign = c.direction === 'higher' ? 1 : -1;
  const pts = c.points;
  const latest = pts[pts.length - 1];
  const lastMs = latest.atMs;
  const anchor = c.anchor && c.anchor.atMs < pts[0].atMs ? c.anchor : null;
  const s = dataScale(pts, anchor);
  const T = c.targetValue * sign;
  const y = latest.value * sign;
  const h = Math.max(0, (c.deadlineMs - lastMs) / DAY_MS);
  const all = anchor ? [anchor, ...pts] : pts;
  const longRun = robustLine(thin(all), lastMs, sign);
  const recent = robustLine(lastDays(pts, 60, 3), lastMs, sign);
  const mid = robustLine(lastDays(pts, 120, 3), lastMs, sign);
  const from = all[0];
  const span = c.deadlineMs - from.atMs;
  const share = span > 0 ? clamp((c.asOfMs - from.atMs) / span, 0, 1) : 1;
  const planLine = from.value * sign + (T - from.value * sign) * share;
  let peak = -Infinity;
  for (const p of pts) peak = Math.max(peak, p.value * sign);

  const g = (x: number) => clamp(x, -3, 3);
  const gapLongRun = (T - (longRun.level + longRun.slope * h)) / s;
  const gapRecent = (T - (recent.level + recent.slope * h)) / s;
  const timeLeft = Math.min(MAX_TIME_LEFT_YEARS, h / 365);
  const u = timeLeft / MAX_TIME_LEFT_YEARS;
  const target = [
    logit(c.pTheilSen),
    logit(c.pHolt),
    c.alreadyMet ? 1 : 0,
    c.behindPlan ? 1 : 0,
    g((T - y) / s),
    g((planLine - y) / s),
    g(gapLongRun),
    g(gapRecent),
    g((T - (mid.level + mid.slope * h)) / s),
    g((T - c.center * sign) / s),
    clamp(gapLongRun / (clamp(longRun.noise / s, 0, 1) + 0.02), -20, 20),
    clamp(gapRecent / (clamp(recent.noise / s, 0, 1) + 0.02), -20, 20),
  ];
  const data = [
    g((recent.slope * h) / s),
    g((longRun.slope * h) / s),
    g((mid.slope * h) / s),
    clamp(longRun.noise / s, 0, 1),
    clamp(recent.noise / s, 0, 1),
    Math.max(0, (c.asOfMs - lastMs) / DAY_MS / 30),
    Math.log(pts.length),
    clamp((peak - y) / s, 0, 3),
    c.rank ? 1 : 0,
    c.percent ? 1 : 0,
    sign < 0 ? 1 : 0,
    c.hasBaseline ? 1 : 0,
  ];
  return [
    ...target.map((v) => v * (1 - u)),
    ...target.map((v) => v * u),
    ...data,
    ...data.map((v) => v * timeLeft),
    timeLeft,
  ];
}

/**
 * Two fits of the same features: `near`, on 30–90 days before the deadline (where the bar is
 * read and the thresholds chosen), and `far`, on 120–300 days (where flags first go up, and
 * the near fit extrapolates). Blended on the logit scale by the days left from asOf: the near
 * fit alone up to BLEND_DAYS.from, the far one alone from BLEND_DAYS.to, linear in between — a
 * convex blend of two monotone fits, so still monotone in the target.
 */
export interface EvidenceModels {
  near: EvidenceModel;
  far: EvidenceModel;
}

export const BLEND_DAYS = { from: 90, to: 150 } as const;

function linear(features: readonly number[], model: EvidenceModel): number {
  let z = model.intercept;
  for (let k = 0; k < features.length; k++) z += model.weights[k] * features[k];
  return z;
}

export function evidenceProbability(features: readonly number[], model: EvidenceModel): number {
  return sigmoid(linear(features, model));
}

/** P(miss) from the blended fits, `daysLeft` days from asOf to the deadline. */
export function blendedEvidenceProbability(
  features: readonly number[],
  models: EvidenceModels,
  daysLeft: number,
): number {
  const v = clamp((daysLeft - BLEND_DAYS.from) / (BLEND_DAYS.to - BLEND_DAYS.from), 0, 1);
  if (v === 0) return sigmoid(linear(features, models.near));
  if (v === 1) return sigmoid(linear(features, models.far));
  return sigmoid((1 - v) * linear(features, models.near) + v * linear(features, models.far));
}

/**
 * Maximum-likelihood logistic regression (Newton's method) on standardized features with a small
 * ridge (`ridge` × sample count on the standardized weights), returned on the raw features.
 * Sign constraints (EVIDENCE_SIGNS) by an active set: a constrained weight that comes out with
 * the wrong sign is fixed at 0 and the rest refitted, until none does. Deterministic.
 */
export function fitEvidenceModel(
  samples: readonly { features: readonly number[]; missed: boolean }[],
  ridge = 1e-3,
): EvidenceModel {
  const active = EVIDENCE_FEATURES.map(() => true);
  for (;;) {
    const model = fitLogistic(samples, ridge, active);
    let changed = false;
    model.weights.forEach((w, k) => {
      if (active[k] && EVIDENCE_SIGNS[k] !== 0 && w * EVIDENCE_SIGNS[k] < 0) {
        active[k] = false;
        changed = true;
      }
    });
    if (!changed) return model;
  }
}

function fitLogistic(
  samples: readonly { features: readonly number[]; missed: boolean }[],
  ridge: number,
  active: readonly boolean[],
): EvidenceModel {
  const n = samples.length;
  const d = EVIDENCE_FEATURES.length;
  if (n === 0) throw new RangeError('no samples');
  const mu = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const s of samples) for (let k = 0; k < d; k++) mu[k] += s.features[k] / n;
  for (const s of samples) for (let k = 0; k < d; k++) sd[k] += (s.features[k] - mu[k]) ** 2 / n;
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]) || 1;
  // An inactive feature is a column of zeros: the ridge holds its weight at exactly 0.
  const rows = samples.map((s) => {
    const r = new Float64Array(d + 1);
    r[0] = 1;
    for (let k = 0; k < d; k++) r[k + 1] = active[k] ? (s.features[k] - mu[k]) / sd[k] : 0;
    return r;
  });
  const y = samples.map((s) => (s.missed ? 1 : 0));
  const m = d + 1;
  const lambda = ridge * n;
  let w = new Array<number>(m).fill(0);
  for (let iter = 0; iter < 40; iter++) {
    const grad = new Array<number>(m).fill(0);
    const hess = Array.from({ length: m }, () => new Float64Array(m));
    for (let i = 0; i < n; i++) {
      const x = rows[i];
      let z = 0;
      for (let a = 0; a < m; a++) z += x[a] * w[a];
      const p = sigmoid(z);
      const v = p * (1 - p);
      const e = p - y[i];
      for (let a = 0; a < m; a++) {
        grad[a] += e * x[a];
        const va = v * x[a];
        const ha = hess[a];
        for (let b = a; b < m; b++) ha[b] += va * x[b];
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) hess[a][b] = hess[b][a];
    for (let a = 1; a < m; a++) {
      grad[a] += lambda * w[a];
      hess[a][a] += lambda;
    }
    const step = solveLinear(
      hess.map((r) => Array.from(r)),
      grad,
    );
    w = w.map((wi, k) => wi - step[k]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const weights = Array.from({ length: d }, (_, k) => (active[k] ? w[k + 1] / sd[k] : 0));
  const intercept = w[0] - weights.reduce((acc, wk, k) => acc + wk * mu[k], 0);
  const r = (x: number) => Number(x.toPrecision(6));
  return { intercept: r(intercept), weights: weights.map(r) };
}
