// A seeded generator of simulated plan trajectories over one plan year (1 Jan – 31 Dec 2026):
// the shapes DESIGN §6 names, reported monthly (with the reporting lag of "before the 18th"),
// irregularly, or sparsely, with measurement noise. Ground truth is the TRUE value at the
// deadline, not the last report. Pure: everything comes from `createRng(seed)`.
import { createRng, clamp, type Rng } from '../stats.js';
import { DAY_MS } from '../target.js';
import type { Direction, Observation, TargetLike } from '../types.js';

export const SHAPES = [
  'steady',
  's_curve',
  'plateau',
  'late_campaign',
  'regression',
  'noisy',
  'sparse',
  'lower_rate',
  'rank',
] as const;
export type Shape = (typeof SHAPES)[number];

/**
 * monthly: the month's value, dated at the month's end, arrives 1–17 days later ("report before
 * the 18th"); irregular: pulled from a digital system every 3–35 days, visible at once;
 * quarterly: like monthly, every quarter; gappy: monthly with 45% of the months missing;
 * weekly: pulled from a digital system every 7 days, visible at once (a what-if scenario).
 */
export type Reporting = 'monthly' | 'irregular' | 'quarterly' | 'gappy' | 'weekly';

/**
 * as_reported: the mix of reporting above; digital_weekly: the same trajectories, every series
 * pulled weekly from a digital system (DESIGN §1: measurements from digital systems).
 */
export type Scenario = 'as_reported' | 'digital_weekly';

/** The shape of the progress curve g(u), u ∈ [0, 1] the share of the year, g(0) = 0. */
type Profile = 'steady' | 's_curve' | 'plateau' | 'late_campaign' | 'regression';

export interface SimObservation extends Observation {
  /** When the report reaches the system (the value is only visible from then on). */
  availableAtMs: number;
}

export interface SimSeries {
  id: string;
  shape: Shape;
  /** The progress curve underneath (noisy, sparse and the rest use one of the five). */
  profile: Profile;
  reporting: Reporting;
  target: TargetLike;
  direction: Direction;
  startMs: number;
  deadlineMs: number;
  /** The plan's baseline at the start; null when the plan gives none. */
  baseline: number | null;
  /** The indicator's max data age for the forecaster (longer for quarterly reporting). */
  maxAgeDays: number;
  observations: SimObservation[];
  /** The true value at the deadline. */
  trueFinal: number;
  /** The true value every 7 days from the start (the last one at the deadline). */
  truePath: number[];
  /** Whether the true final value misses the target. */
  missed: boolean;
}

export interface GeneratorOptions {
  seed: number;
  count: number;
  /** Plan year; default 2026. */
  year?: number;
  shapes?: readonly Shape[];
  scenario?: Scenario;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const smoothstep = (x: number) => {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
};

interface Curve {
  g: (u: number) => number;
  /** Range of the completion ratio ρ = (F − b)/(T − b) of the underlying trend. */
  rho: [number, number];
}

function makeCurve(profile: Profile, rng: Rng): Curve {
  switch (profile) {
    case 'steady':
      return { g: (u) => u, rho: [0.6, 1.5] };
    case 's_curve': {
      const m = rng.uniform(0.2, 0.8);
      const k = rng.uniform(6, 14);
      const s0 = sigmoid(-k * m);
      const s1 = sigmoid(k * (1 - m));
      return { g: (u) => (sigmoid(k * (u - m)) - s0) / (s1 - s0), rho: [0.6, 1.5] };
    }
    case 'plateau': {
      // Grows, then flattens from `up` on; mostly below the target.
      const up = rng.uniform(0.25, 0.65);
      return { g: (u) => (u < up ? 1 - (1 - u / up) ** 2 : 1), rho: [0.45, 1.15] };
    }
    case 'late_campaign': {
      // Slow until a campaign starts at c (mid-June to late September), then a ramp over w
      // (3–10 weeks); most campaigns reach the target, some fall short.
      const c = rng.uniform(0.45, 0.72);
      const w = rng.uniform(0.06, 0.2);
      const pre = rng.uniform(0.1, 0.35);
      return { g: (u) => (u < c ? (pre * u) / c : pre + (1 - pre) * smoothstep((u - c) / w)), rho: [0.7, 1.5] };
    }
    case 'regression': {
      // On course, then an outage at o drops the value; it recovers a share r with time constant tau.
      const o = rng.uniform(0.3, 0.8);
      const drop = rng.uniform(0.25, 0.6);
      const r = rng.uniform(0, 1);
      const tau = rng.uniform(0.03, 0.2);
      return {
        g: (u) => u - (u >= o ? drop * (1 - r * (1 - Math.exp(-(u - o) / tau))) : 0),
        rho: [0.95, 1.45],
      };
    }
  }
}

/** A smooth AR(1) wiggle of the true value, on weekly knots, linearly interpolated. */
function makeWiggle(rng: Rng, sd: number): (u: number) => number {
  const knots = 54;
  const phi = 0.85;
  const v: number[] = [rng.normal(0, sd)];
  for (let i = 1; i < knots; i++) v.push(phi * v[i - 1] + Math.sqrt(1 - phi * phi) * rng.normal(0, sd));
  return (u) => {
    const x = clamp(u, 0, 1) * (knots - 1);
    const i = Math.min(knots - 2, Math.floor(x));
    return v[i] + (v[i + 1] - v[i]) * (x - i);
  };
}

function reportTimes(
  reporting: Reporting,
  rng: Rng,
  startMs: number,
  deadlineMs: number,
): { atMs: number; availableAtMs: number }[] {
  const out: { atMs: number; availableAtMs: number }[] = [];
  const year = new Date(startMs).getUTCFullYear();
  // Month ends; an agency reports the month before the 18th of the next.
  const monthEnd = (m: number) => Date.UTC(year, m + 1, 0);
  const lag = () => rng.int(1, 17) * DAY_MS;
  if (reporting === 'monthly' || reporting === 'gappy') {
    for (let m = 0; m < 12; m++) {
      if (reporting === 'gappy' && rng.chance(0.45)) continue;
      const at = monthEnd(m);
      out.push({ atMs: at, availableAtMs: at + lag() });
    }
  } else if (reporting === 'quarterly') {
    for (const m of [2, 5, 8, 11]) {
      const at = monthEnd(m);
      out.push({ atMs: at, availableAtMs: at + lag() });
    }
  } else if (reporting === 'weekly') {
    for (let t = startMs + rng.int(1, 7) * DAY_MS; t < deadlineMs; t += 7 * DAY_MS)
      out.push({ atMs: t, availableAtMs: t });
  } else {
    // Pulled from a digital system at irregular times (every 3–35 days), visible at once.
    let t = startMs + rng.int(3, 20) * DAY_MS;
    while (t < deadlineMs) {
      out.push({ atMs: t, availableAtMs: t });
      t += rng.int(3, 35) * DAY_MS;
    }
  }
  return out;
}

type Kind = 'percent' | 'count' | 'rate' | 'rank';

export function generateSeries(options: GeneratorOptions): SimSeries[] {
  const rng = createRng(options.seed);
  const year = options.year ?? 2026;
  const startMs = Date.UTC(year, 0, 1);
  const deadlineMs = Date.UTC(year, 11, 31);
  const span = deadlineMs - startMs;
  const shapes = options.shapes ?? SHAPES;
  const out: SimSeries[] = [];
  for (let i = 0; i < options.count; i++) {
    const shape = shapes[i % shapes.length];
    const basic: Profile[] = ['steady', 's_curve', 'plateau', 'late_campaign', 'regression'];
    const profile: Profile =
      shape === 'noisy' || shape === 'sparse' || shape === 'lower_rate' || shape === 'rank'
        ? rng.pick(basic)
        : (shape as Profile);
    const kind: Kind =
      shape === 'lower_rate' ? 'rate' : shape === 'rank' ? 'rank' : rng.chance(0.7) ? 'percent' : 'count';
    const drawn: Reporting =
      shape === 'sparse'
        ? rng.chance(0.5)
          ? 'quarterly'
          : 'gappy'
        : shape === 'rank'
          ? 'monthly'
          : rng.chance(0.6)
            ? 'monthly'
            : 'irregular';
    const reporting: Reporting = options.scenario === 'digital_weekly' ? 'weekly' : drawn;
    const curve = makeCurve(profile, rng);
    const rho = rng.uniform(curve.rho[0], curve.rho[1]);

    let target: TargetLike;
    let b: number;
    let lo = 0;
    let hi = Infinity;
    let noise: number;
    if (kind === 'percent') {
      const t = rng.pick([60, 70, 80, 85, 90, 95, 98]);
      b = Math.max(0, t - rng.uniform(15, 50));
      target = { op: rng.chance(0.85) ? '>=' : '>', value: t, unit: '%' };
      hi = 100;
      noise = shape === 'noisy' ? rng.uniform(2, 5) : rng.uniform(0.2, 1);
    } else if (kind === 'count') {
      const t = Math.round(rng.uniform(200, 5000));
      b = Math.round(t * rng.uniform(0.2, 0.7));
      target = { op: '>=', value: t, unit: rng.pick(['hồ sơ', 'tài khoản', 'người']) };
      noise = t * (shape === 'noisy' ? rng.uniform(0.04, 0.08) : rng.uniform(0.005, 0.02));
    } else if (kind === 'rate') {
      const t = rng.pick([2, 3, 5, 10]);
      b = t * rng.uniform(1.6, 4);
      target = { op: rng.chance(0.5) ? '<' : '<=', value: t, unit: '%' };
      hi = 100;
      noise = t * rng.uniform(0.03, 0.1);
    } else {
      const rankCount = rng.int(20, 40);
      const t = rng.pick([3, 5, 10, 15]);
      b = Math.min(rankCount, t + rng.int(3, 15));
      target = { op: '<=', value: t, unit: 'rank' };
      lo = 1;
      hi = rankCount;
      noise = 0;
    }
    const T = target.value as number;
    const F = b + rho * (T - b);
    const wiggle = makeWiggle(rng, kind === 'rank' ? rng.uniform(0.3, 1) : 0.02 * Math.abs(T - b));
    const truth = (u: number) => {
      const v = b + (F - b) * curve.g(u) + wiggle(u);
      return kind === 'rank' ? clamp(Math.round(v), lo, hi) : clamp(v, lo, hi);
    };
    const direction: Direction = kind === 'rate' || kind === 'rank' ? 'lower' : 'higher';
    const trueFinal = truth(1);
    const met =
      direction === 'higher'
        ? target.op === '>'
          ? trueFinal > T
          : trueFinal >= T
        : target.op === '<'
          ? trueFinal < T
          : trueFinal <= T;

    const observations: SimObservation[] = [];
    for (const { atMs, availableAtMs } of reportTimes(reporting, rng, startMs, deadlineMs)) {
      const u = (atMs - startMs) / span;
      let value = truth(u);
      if (kind !== 'rank') {
        const outlier = rng.chance(shape === 'noisy' ? 0.05 : 0.01) ? 3 : 1;
        value = clamp(value + rng.normal(0, noise * outlier), lo, hi);
        value = kind === 'count' ? Math.round(value) : Math.round(value * 100) / 100;
      }
      observations.push({ atMs, value, availableAtMs });
      // Some reports arrive twice (a re-sent batch, a second connector).
      if (rng.chance(0.05)) observations.push({ atMs, value, availableAtMs: availableAtMs + DAY_MS });
    }
    // Delivered in no particular order.
    for (let k = observations.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [observations[k], observations[j]] = [observations[j], observations[k]];
    }
    const baselineGiven = rng.chance(0.8);
    out.push({
      id: `${shape}-${i}`,
      shape,
      profile,
      reporting,
      target,
      direction,
      startMs,
      deadlineMs,
      baseline: baselineGiven ? (kind === 'rank' ? b : Math.round(b * 100) / 100) : null,
      maxAgeDays: reporting === 'quarterly' ? 125 : 92,
      observations,
      trueFinal,
      truePath: Array.from({ length: Math.floor(span / (7 * DAY_MS)) + 2 }, (_, k) =>
        truth(Math.min(1, (k * 7 * DAY_MS) / span)),
      ),
      missed: !met,
    });
  }
  return out;
}
