// The forecasting methods compared by the evaluation harness. Each turns a cleaned history into
// a predictive distribution for the value at the deadline.
import { DAY_MS, type Bounds } from './target.js';
import { clamp, median, normalCdf, normalQuantile, robustSd, theilSenLine } from './stats.js';
import type { MethodName, Observation } from './types.js';

/** A predictive distribution for the value at the deadline, in the value's own units. */
export interface Predictive {
  /**
   * P(value at deadline < x) before clamping to the bounds (so the mass a clamp would pile up on
   * a bound stays beyond it: P(< 100%) is right for a target of 100%).
   */
  cdf(x: number): number;
  /** The p-quantile, clamped to the value's bounds. */
  quantile(p: number): number;
  /** The central estimate (median), clamped to the bounds. */
  center: number;
  /** Estimated change per day at the latest observation. */
  slopePerDay: number;
}

export interface MethodContext {
  /** Cleaned points at or before asOf, sorted, at least one. */
  points: Observation[];
  /** The plan's baseline at its start, used as an extra early point when the history is short. */
  anchor: Observation | null;
  deadlineMs: number;
  bounds: Bounds;
  /** A typical magnitude of the quantity (for noise floors): |target − baseline| or so. */
  scale: number;
}

/** Tuning knobs of the methods; DEFAULT_TUNING holds the values chosen with the harness. */
export interface Tuning {
  /** Theil–Sen: days of recent history used for the trend. */
  windowDays: number;
  /** Theil–Sen: at least this many points (the window grows back until it has them). */
  minPoints: number;
  /** Trend damping time constant in days (0: no damping). */
  dampingDays: number;
  /** Uncertainty of a trend change: sd of the projected change as a fraction of |slope × horizon|. */
  trendChange: number;
  /** Random-walk drift: sd per sqrt(30 days) in units of the residual sd. */
  drift: number;
  /** Noise floor as a fraction of `scale`. */
  noiseFloor: number;
  /** Holt: level, trend smoothing per 30 days, and damping per 30 days. */
  holtAlpha: number;
  holtBeta: number;
  holtPhi: number;
  /** Local trend: candidate slope drifts (sd of the slope change over a year, in `scale` per year). */
  slopeDrifts: number[];
  /** Local trend: log-prior weight favouring smaller slope drifts. */
  slopeDriftPrior: number;
  /** Local trend: random-walk sd of the level over a year, as a fraction of `scale`. */
  levelDrift: number;
}

export const DEFAULT_TUNING: Tuning = {
  windowDays: 60,
  minPoints: 3,
  dampingDays: 120,
  trendChange: 0.6,
  drift: 0.5,
  noiseFloor: 0.01,
  holtAlpha: 0.9,
  holtBeta: 0.5,
  holtPhi: 0.85,
  slopeDrifts: [1, 2, 4],
  slopeDriftPrior: 0,
  levelDrift: 0.03,
};

const MONTH = 30 * DAY_MS;

function normalPredictive(mu: number, sd: number, bounds: Bounds, slopePerDay: number): Predictive {
  const s = sd > 0 && Number.isFinite(sd) ? sd : 1e-9;
  return {
    cdf: (x) => normalCdf((x - mu) / s),
    quantile: (p) => clamp(mu + s * normalQuantile(p), bounds.lo, bounds.hi),
    center: clamp(mu, bounds.lo, bounds.hi),
    slopePerDay,
  };
}

function recentWindow(points: Observation[], anchor: Observation | null, tuning: Tuning): Observation[] {
  const last = points[points.length - 1].atMs;
  let from = points.length;
  while (
    from > 0 &&
    (last - points[from - 1].atMs <= tuning.windowDays * DAY_MS || points.length - from < tuning.minPoints)
  )
    from--;
  const win = points.slice(from);
  if (anchor && win.length < 3 && anchor.atMs < win[0].atMs) win.unshift(anchor);
  // A long daily history: aggregate into at most 40 time bins so Theil–Sen stays cheap.
  if (win.length > 60) {
    const t0 = win[0].atMs;
    const width = (last - t0) / 40 || 1;
    const bins = new Map<number, Observation[]>();
    for (const p of win) {
      const k = Math.min(39, Math.floor((p.atMs - t0) / width));
      const b = bins.get(k);
      if (b) b.push(p);
      else bins.set(k, [p]);
    }
    return [...bins.values()].map((b) => ({
      atMs: median(b.map((p) => p.atMs)),
      value: median(b.map((p) => p.value)),
    }));
  }
  return win;
}

interface LineFit {
  /** Value at the latest point's time. */
  level: number;
  /** Per day. */
  slope: number;
  /** Residual sd. */
  sigma: number;
  n: number;
  /** Mean time and spread of times (days, relative to the latest point). */
  tMean: number;
  sxx: number;
}

/** Theil–Sen line through (t, y), t in days relative to the last point. */
function theilSen(ts: number[], ys: number[]): LineFit {
  const n = ts.length;
  const { slope, level } = theilSenLine(ts, ys);
  const resid = ys.map((y, i) => y - level - slope * ts[i]);
  const rob = robustSd(resid);
  let ss = 0;
  for (const e of resid) ss += Math.min(e * e, 9 * rob * rob || e * e);
  const sigma = n > 2 ? Math.sqrt(ss / (n - 2)) : n === 2 ? Math.abs(resid[0] - resid[1]) : 0;
  let tMean = 0;
  for (const t of ts) tMean += t / n;
  let sxx = 0;
  for (const t of ts) sxx += (t - tMean) ** 2;
  return { level, slope, sigma, n, tMean, sxx };
}

function projectLine(fit: LineFit, horizonDays: number, sigmaFloor: number, tuning: Tuning) {
  const h = Math.max(0, horizonDays);
  const hEff = tuning.dampingDays > 0 ? tuning.dampingDays * (1 - Math.exp(-h / tuning.dampingDays)) : h;
  const mu = fit.level + fit.slope * hEff;
  const sigma = Math.max(fit.sigma, sigmaFloor);
  const slopeVar = fit.sxx > 0 ? (sigma * sigma) / fit.sxx : 0;
  const variance =
    sigma * sigma * (1 + 1 / Math.max(1, fit.n)) +
    slopeVar * (h - fit.tMean) ** 2 +
    (tuning.trendChange * fit.slope * hEff) ** 2 +
    tuning.drift ** 2 * sigma * sigma * (h / 30);
  return { mu, sd: Math.sqrt(variance) };
}

/** Robust recent trend: Theil–Sen on the last `windowDays`, intervals from the residuals. */
export function theilSenMethod(ctx: MethodContext, tuning: Tuning = DEFAULT_TUNING): Predictive {
  const win = recentWindow(ctx.points, ctx.anchor, tuning);
  const last = ctx.points[ctx.points.length - 1].atMs;
  const fit = theilSen(
    win.map((p) => (p.atMs - last) / DAY_MS),
    win.map((p) => p.value),
  );
  const { mu, sd } = projectLine(fit, (ctx.deadlineMs - last) / DAY_MS, tuning.noiseFloor * ctx.scale, tuning);
  return normalPredictive(mu, sd, ctx.bounds, fit.slope);
}

const LOGIT_EPS = 0.005;

/**
 * Saturation-aware: for a quantity bounded on both sides (a percentage), the trend is fitted on
 * the logit of its position between the bounds, so growth slows near 100% (and a falling rate
 * slows near 0%) the way adoption curves do. Unbounded quantities fall back to Theil–Sen.
 */
export function logisticMethod(ctx: MethodContext, tuning: Tuning = DEFAULT_TUNING): Predictive {
  const { lo, hi } = ctx.bounds;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return theilSenMethod(ctx, tuning);
  const span = hi - lo;
  const fwd = (y: number) => {
    const p = clamp((y - lo) / span, LOGIT_EPS, 1 - LOGIT_EPS);
    return Math.log(p / (1 - p));
  };
  const back = (z: number) => lo + span / (1 + Math.exp(-z));
  const win = recentWindow(ctx.points, ctx.anchor, tuning);
  const last = ctx.points[ctx.points.length - 1].atMs;
  const fit = theilSen(
    win.map((p) => (p.atMs - last) / DAY_MS),
    win.map((p) => fwd(p.value)),
  );
  // The noise floor, carried into logit units at the current level (dz/dy = 1 / (span·p·(1 − p))).
  const pLevel = clamp(1 / (1 + Math.exp(-fit.level)), LOGIT_EPS, 1 - LOGIT_EPS);
  const floorZ = (tuning.noiseFloor * ctx.scale) / (span * pLevel * (1 - pLevel));
  const { mu, sd } = projectLine(fit, (ctx.deadlineMs - last) / DAY_MS, floorZ, tuning);
  const s = sd > 0 ? sd : 1e-9;
  const yLast = back(fit.level);
  const slopePerDay = back(fit.level + fit.slope) - yLast || 0;
  return {
    cdf: (x) => (x > hi ? 1 : x < lo ? 0 : normalCdf((fwd(x) - mu) / s)),
    quantile: (p) => clamp(back(mu + s * normalQuantile(p)), lo, hi),
    center: clamp(back(mu), lo, hi),
    slopePerDay,
  };
}

/**
 * Holt's damped trend on irregular times: per observation, the smoothing weights are scaled to
 * the gap since the previous one (in 30-day steps); intervals from the one-step errors.
 */
export function holtDampedMethod(ctx: MethodContext, tuning: Tuning = DEFAULT_TUNING): Predictive {
  const pts = ctx.anchor && ctx.anchor.atMs < ctx.points[0].atMs ? [ctx.anchor, ...ctx.points] : ctx.points;
  const { holtAlpha: alpha, holtBeta: beta, holtPhi: phi } = tuning;
  const dampSum = (steps: number) => (phi === 1 ? steps : (phi * (1 - phi ** steps)) / (1 - phi));
  let level = pts[0].value;
  let trend = 0;
  if (pts.length >= 2) {
    const k = Math.min(pts.length, 3);
    const dt = (pts[k - 1].atMs - pts[0].atMs) / MONTH;
    trend = dt > 0 ? (pts[k - 1].value - pts[0].value) / dt : 0;
  }
  const errors: number[] = [];
  for (let i = 1; i < pts.length; i++) {
    const steps = Math.max(1e-3, (pts[i].atMs - pts[i - 1].atMs) / MONTH);
    const predicted = level + trend * dampSum(steps);
    const e = pts[i].value - predicted;
    if (i >= 2) errors.push(e / Math.sqrt(Math.max(1, steps)));
    const a = 1 - (1 - alpha) ** steps;
    const b = 1 - (1 - beta) ** steps;
    const newLevel = predicted + a * e;
    trend = b * ((newLevel - level) / steps) + (1 - b) * phi ** steps * trend;
    level = newLevel;
  }
  const last = pts[pts.length - 1].atMs;
  const h = Math.max(0, (ctx.deadlineMs - last) / MONTH);
  const mu = level + trend * dampSum(h);
  let sigma = errors.length ? Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length) : 0;
  sigma = Math.max(sigma, tuning.noiseFloor * ctx.scale);
  // Variance of the h-step error of the damped trend model, summed over whole steps.
  let v = 1;
  const steps = Math.ceil(h);
  for (let j = 1; j < steps; j++) v += (alpha + alpha * beta * dampSum(j)) ** 2;
  const sd = Math.sqrt(sigma * sigma * v + (tuning.trendChange * trend * dampSum(h)) ** 2);
  return normalPredictive(mu, sd, ctx.bounds, trend / 30);
}

/**
 * Local linear trend (a Kalman filter on level and slope, irregular times): the slope drifts as
 * a random walk, so recent points count most and the band widens with the horizon as a trend
 * change would. Measurement noise is estimated from the data (deviations from the neighbours'
 * line); how fast the slope may drift is picked per series by likelihood from a small grid.
 */
export function localTrendMethod(ctx: MethodContext, tuning: Tuning = DEFAULT_TUNING): Predictive {
  const pts = ctx.anchor && ctx.anchor.atMs < ctx.points[0].atMs ? [ctx.anchor, ...ctx.points] : ctx.points;
  const ts = pts.map((p) => p.atMs / DAY_MS);
  const ys = pts.map((p) => p.value);
  const n = pts.length;
  const scale = ctx.scale;
  // Measurement noise: each point against the line through its two neighbours.
  const dev: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    const w = (ts[i] - ts[i - 1]) / (ts[i + 1] - ts[i - 1] || 1);
    const interp = ys[i - 1] + w * (ys[i + 1] - ys[i - 1]);
    dev.push((ys[i] - interp) / Math.sqrt(1 + w * w + (1 - w) * (1 - w)));
  }
  const sigma = Math.max(
    dev.length >= 3 ? robustSd(dev) : dev.length ? Math.sqrt(dev.reduce((a, d) => a + d * d, 0) / dev.length) : 0,
    tuning.noiseFloor * scale,
  );
  const r = (tuning.levelDrift * scale) ** 2 / 365;
  const horizon = Math.max(0, ctx.deadlineMs / DAY_MS - ts[n - 1]);
  let best: { ll: number; mu: number; v: number; slope: number } | null = null;
  for (const kappa of tuning.slopeDrifts) {
    const q = (kappa * scale) ** 2 / 365 ** 3;
    // Diffuse-ish start: the first value, slope unknown within a few gaps per year.
    let l = ys[0];
    let b = 0;
    let p00 = sigma * sigma;
    let p01 = 0;
    let p11 = ((2 * scale) / 365) ** 2;
    let ll = 0;
    for (let i = 1; i < n; i++) {
      const d = ts[i] - ts[i - 1];
      // Predict.
      l += b * d;
      const n00 = p00 + 2 * d * p01 + d * d * p11 + (q * d ** 3) / 3 + r * d;
      const n01 = p01 + d * p11 + (q * d * d) / 2;
      const n11 = p11 + q * d;
      // Update with y_i.
      const s = n00 + sigma * sigma;
      const e = ys[i] - l;
      if (i >= 2) ll += -0.5 * (Math.log(s) + (e * e) / s);
      const k0 = n00 / s;
      const k1 = n01 / s;
      l += k0 * e;
      b += k1 * e;
      p00 = n00 - k0 * n00;
      p01 = n01 - k0 * n01;
      p11 = n11 - k1 * n01;
    }
    const h = horizon;
    const mu = l + b * h;
    const v = p00 + 2 * h * p01 + h * h * p11 + (q * h ** 3) / 3 + r * h;
    ll += tuning.slopeDriftPrior * Math.log(1 / kappa);
    if (!best || ll > best.ll) best = { ll, mu, v, slope: b };
  }
  return normalPredictive(best!.mu, Math.sqrt(Math.max(best!.v, 0)), ctx.bounds, best!.slope);
}

/** An equal-weight mixture of predictive distributions. */
export function mixture(parts: Predictive[]): Predictive {
  const cdf = (x: number) => parts.reduce((s, p) => s + p.cdf(x), 0) / parts.length;
  const quantile = (q: number) => {
    let lo = Math.min(...parts.map((p) => p.quantile(Math.min(q, 0.001))));
    let hi = Math.max(...parts.map((p) => p.quantile(Math.max(q, 0.999))));
    if (!(hi > lo)) return lo;
    for (let i = 0; i < 50 && hi - lo > 1e-9 * Math.max(1, Math.abs(hi)); i++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < q) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return {
    cdf,
    quantile,
    center: quantile(0.5),
    slopePerDay: parts.reduce((s, p) => s + p.slopePerDay, 0) / parts.length,
  };
}

/** Model averaging: the mixture of the robust trend, Holt's damped trend and the saturating trend. */
export function ensembleMethod(ctx: MethodContext, tuning: Tuning = DEFAULT_TUNING): Predictive {
  const parts = [theilSenMethod(ctx, tuning), holtDampedMethod(ctx, tuning)];
  if (Number.isFinite(ctx.bounds.lo) && Number.isFinite(ctx.bounds.hi)) parts.push(logisticMethod(ctx, tuning));
  return mixture(parts);
}

export const METHODS: Record<MethodName, (ctx: MethodContext, tuning?: Tuning) => Predictive> = {
  'theil-sen': theilSenMethod,
  'holt-damped': holtDampedMethod,
  logistic: logisticMethod,
  'local-trend': localTrendMethod,
  ensemble: ensembleMethod,
};
