// Combining the model's probability of missing with where the value stands today (DESIGN §6).
// The trend model only sees the recent pace; two plain facts about the latest value carry
// information it misses: whether it already meets the final target (a target already met is
// rarely lost again, yet a noisy recent pace can project it below) and whether it is behind the
// plan's straight line from the baseline to the target (the naive rule's signal). A logistic
// combination of the three, fitted on the evaluation harness's calibration seed, gives the
// probability the forecaster reports. Pure: no I/O, no clock.
import { clamp, solveLinear } from './stats.js';
import type { MethodName } from './types.js';

/** P(miss) = σ(intercept + model · logit(p) + alreadyMet · [met] + behindPlan · [behind]). */
export interface Combination {
  intercept: number;
  /** Weight on the logit of the model's own P(miss). */
  model: number;
  /** Added when the latest value already meets the final target. */
  alreadyMet: number;
  /** Added when the latest value is behind the plan's straight line (the naive rule flags it). */
  behindPlan: number;
}

/** What the combination is computed from. */
export interface CombinationSignals {
  /** The trend model's P(miss), in [0, 1]. */
  model: number;
  alreadyMet: boolean;
  behindPlan: boolean;
}

/** The model's P(miss) is clamped to this before its logit (0 and 1 would carry infinite weight). */
const P_CLAMP = 0.005;

const logit = (p: number) => {
  const q = clamp(p, P_CLAMP, 1 - P_CLAMP);
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fitted by `fitCombination` on the calibration seed (2027, 3600 series, 30, 60 and 90 days
 * before the deadline pooled): `node scripts/eval-early-warning.mjs` prints what the calibration
 * run suggests next to these; docs/early-warning.md shows both.
 */
export const DEFAULT_COMBINATIONS: Record<MethodName, Combination> = {
  'theil-sen': { intercept: 0.066, model: 0.453, alreadyMet: -1.764, behindPlan: 0.259 },
  'holt-damped': { intercept: 0.14, model: 0.598, alreadyMet: -2.058, behindPlan: 0.173 },
  logistic: { intercept: -0.043, model: 0.411, alreadyMet: -1.785, behindPlan: 0.237 },
  'local-trend': { intercept: 0.508, model: 0.346, alreadyMet: -2.5, behindPlan: 0.291 },
  ensemble: { intercept: 0.114, model: 0.6, alreadyMet: -1.802, behindPlan: 0.067 },
};

export function combineProbability(s: CombinationSignals, c: Combination): number {
  return sigmoid(
    c.intercept + c.model * logit(s.model) + (s.alreadyMet ? c.alreadyMet : 0) + (s.behindPlan ? c.behindPlan : 0),
  );
}

/**
 * Maximum-likelihood logistic regression of the outcome on the three signals (Newton's method,
 * a tiny ridge so that a signal that never varies stays at 0). Deterministic.
 */
export function fitCombination(samples: readonly (CombinationSignals & { missed: boolean })[]): Combination {
  const rows = samples.map((s) => [1, logit(s.model), s.alreadyMet ? 1 : 0, s.behindPlan ? 1 : 0]);
  const y = samples.map((s) => (s.missed ? 1 : 0));
  const d = 4;
  const ridge = 1e-6 * Math.max(1, rows.length);
  let w = [0, 1, 0, 0];
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((x, i) => {
      const p = sigmoid(x.reduce((s, xi, k) => s + xi * w[k], 0));
      const v = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += (p - y[i]) * x[a];
        for (let b = 0; b < d; b++) h[a][b] += v * x[a] * x[b];
      }
    });
    for (let a = 1; a < d; a++) {
      g[a] += ridge * w[a];
      h[a][a] += ridge;
    }
    const step = solveLinear(h, g);
    w = w.map((wi, k) => wi - step[k]);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { intercept: r(w[0]), model: r(w[1]), alreadyMet: r(w[2]), behindPlan: r(w[3]) };
}
