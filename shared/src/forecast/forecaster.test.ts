import fc from 'fast-check';
import {
  DEFAULT_THRESHOLDS,
  forecast,
  levelFromProbability,
  naiveTrajectory,
  resolveThresholds,
} from './forecaster.js';
import { METHODS } from './methods.js';
import { prepareObservations } from './prepare.js';
import { directionOf, meetsTarget, targetValueOf } from './target.js';
import type { ForecastInput, Level, MethodName, Observation, TargetLike } from './types.js';

const D = (s: string) => Date.parse(`${s}T00:00:00Z`);
/** Month-end observations from January 2026 on. */
const monthly = (values: number[]): Observation[] =>
  values.map((value, i) => ({ atMs: Date.UTC(2026, i + 1, 0), value }));
const pct = (op: TargetLike['op'], value: number): TargetLike => ({ op, value, unit: '%' });
const rank = (value: number): TargetLike => ({ op: '<=', value, unit: 'rank' });

function input(observations: Observation[], target: TargetLike, extra: Partial<ForecastInput> = {}): ForecastInput {
  return {
    observations,
    target,
    deadlineMs: D('2026-12-31'),
    startMs: D('2026-01-01'),
    asOfMs: D('2026-10-05'),
    ...extra,
  };
}

const steady = monthly([45, 50, 55, 60, 65, 70, 75, 80, 85]);

/** The trend model on its own (no combination), at the thresholds it was built with. */
const MODEL_ONLY: Partial<ForecastInput> = {
  combination: false,
  thresholds: { watch: 0.1, atRisk: 0.2, offTrack: 0.8 },
};

describe('forecast: every level on crafted series (the trend model alone)', () => {
  it.each<[string, Observation[], TargetLike, Level]>([
    [
      'already above 95% and holding',
      monthly([90, 92, 94, 95.5, 96, 96.2, 96.5, 96.4, 96.6]),
      pct('>=', 95),
      'achieved',
    ],
    ['steady +5/month, target 86%, comfortably reached', steady, pct('>=', 86), 'on_track'],
    ['steady +5/month, target 89%, probably reached', steady, pct('>=', 89), 'watch'],
    ['steady +5/month, target 95%, a coin toss', steady, pct('>=', 95), 'at_risk'],
    ['plateau at 70% below a 95% target', monthly([40, 48, 56, 64, 70, 70, 70, 70, 70]), pct('>=', 95), 'off_track'],
  ])('%s → %s', (_label, observations, target, level) => {
    const r = forecast(input(observations, target, MODEL_ONLY));
    expect(r.level).toBe(level);
    expect(r.probabilityOfMiss).toBe(r.modelProbabilityOfMiss);
    expect(r.probabilityOfMiss).not.toBeNull();
    expect(r.low!).toBeLessThanOrEqual(r.forecast!);
    expect(r.forecast!).toBeLessThanOrEqual(r.high!);
  });

  it.each<[string, Observation[], TargetLike, Level]>([
    [
      'already above 95% and holding',
      monthly([90, 92, 94, 95.5, 96, 96.2, 96.5, 96.4, 96.6]),
      pct('>=', 95),
      'achieved',
    ],
    // The evidence model trusts a pace the whole history has kept (steady series were the main
    // source of false alarms): 86% is on track, 95% worth watching, 97% and above at risk.
    ['steady +5/month, target 86%, comfortably reached', steady, pct('>=', 86), 'on_track'],
    ['steady +5/month, target 95%, the pace just reaches it', steady, pct('>=', 95), 'watch'],
    ['steady +5/month, target 97%, only if the pace holds to the end', steady, pct('>=', 97), 'at_risk'],
    ['plateau at 70% below a 95% target', monthly([40, 48, 56, 64, 70, 70, 70, 70, 70]), pct('>=', 95), 'off_track'],
  ])('with the default combination: %s → %s', (_label, observations, target, level) => {
    expect(forecast(input(observations, target)).level).toBe(level);
  });

  it('orders the probability of missing with the target on the same series', () => {
    const ps = [80, 86, 89, 95, 99, 100].map((t) => forecast(input(steady, pct('>=', t))).probabilityOfMiss!);
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1]);
  });

  it('levels follow the thresholds', () => {
    const t = DEFAULT_THRESHOLDS;
    expect(levelFromProbability(0, t)).toBe('on_track');
    expect(levelFromProbability(t.watch - 1e-9, t)).toBe('on_track');
    expect(levelFromProbability(t.watch, t)).toBe('watch');
    expect(levelFromProbability(t.atRisk, t)).toBe('at_risk');
    expect(levelFromProbability(t.offTrack, t)).toBe('off_track');
    expect(levelFromProbability(1, t)).toBe('off_track');
  });

  it('takes thresholds from the input', () => {
    const r = forecast({ ...input(steady, pct('>=', 89)), thresholds: { watch: 0.5, atRisk: 0.6, offTrack: 0.9 } });
    expect(r.level).toBe('on_track');
    expect(() => resolveThresholds({ watch: 0.5, atRisk: 0.4 })).toThrow(RangeError);
  });

  it('does not call a value that meets the target now but is falling fast "achieved"', () => {
    const falling = monthly([99, 99, 98, 98, 97, 96, 94, 92, 90]);
    const r = forecast(input(falling, pct('>=', 90)));
    expect(r.level).not.toBe('achieved');
    expect(['at_risk', 'off_track']).toContain(r.level);
  });
});

describe('forecast: no_data', () => {
  it('no observations at all', () => {
    const r = forecast(input([], pct('>=', 95)));
    expect(r).toMatchObject({
      level: 'no_data',
      noDataReason: 'no_observations',
      forecast: null,
      low: null,
      high: null,
      probabilityOfMiss: null,
    });
  });

  it('observations only after asOf do not count', () => {
    const r = forecast(
      input(monthly([50, 60, 70, 80, 90, 95, 96, 97, 98, 99, 99]), pct('>=', 95), { asOfMs: D('2026-01-15') }),
    );
    expect(r.level).toBe('no_data');
    expect(r.noDataReason).toBe('no_observations');
  });

  it('stale: the latest observation is older than maxAgeDays (default 92)', () => {
    const obs = monthly([50, 55, 60, 65]); // last one 30 April
    expect(forecast(input(obs, pct('>=', 95), { asOfMs: D('2026-08-15') })).noDataReason).toBe('stale');
    expect(forecast(input(obs, pct('>=', 95), { asOfMs: D('2026-07-15') })).level).not.toBe('no_data');
    expect(forecast(input(obs, pct('>=', 95), { asOfMs: D('2026-07-15'), maxAgeDays: 40 })).noDataReason).toBe('stale');
  });

  it('too few: one observation and no baseline; with a baseline it forecasts', () => {
    const one = [{ atMs: D('2026-09-30'), value: 60 }];
    expect(forecast(input(one, pct('>=', 95))).noDataReason).toBe('too_few');
    const withBaseline = forecast(input(one, pct('>=', 95), { baseline: 40 }));
    expect(withBaseline.level).not.toBe('no_data');
    expect(withBaseline.observationCount).toBe(1);
  });

  it('skips non-finite values', () => {
    const r = forecast(input([{ atMs: D('2026-09-30'), value: Number.NaN }], pct('>=', 95)));
    expect(r.noDataReason).toBe('no_observations');
  });
});

describe('forecast: lower-is-better and ranks', () => {
  it('a falling rate reaches < 5%', () => {
    const r = forecast(input(monthly([12, 11, 10, 9, 8, 7, 6, 5, 4]), pct('<', 5)));
    expect(r.direction).toBe('lower');
    expect(['achieved', 'on_track']).toContain(r.level);
    expect(r.forecast!).toBeLessThan(5);
    expect(r.low!).toBeGreaterThanOrEqual(0);
  });

  it('a rate stuck at 9% against < 5% is off track', () => {
    const r = forecast(input(monthly([12, 11, 10, 9.5, 9.2, 9.1, 9, 9.1, 9]), pct('<', 5)));
    expect(r.level).toBe('off_track');
    expect(r.modelProbabilityOfMiss!).toBeGreaterThan(0.95);
    expect(r.probabilityOfMiss!).toBeGreaterThan(0.9);
  });

  it('a rising rate against ≤ 3% is flagged although the naive rule sees it under the line for now', () => {
    const r = forecast(input(monthly([6, 5, 4, 3, 2.5, 2.4, 2.6, 2.9, 3.1]), pct('<=', 3)));
    expect(['at_risk', 'off_track']).toContain(r.level);
  });

  it('a rank climbing from 25th to 9th reaches the top 10', () => {
    const r = forecast(input(monthly([25, 23, 21, 19, 17, 15, 13, 11, 9]), rank(10)));
    expect(r.direction).toBe('lower');
    expect(['achieved', 'on_track']).toContain(r.level);
    expect(r.low!).toBeGreaterThanOrEqual(1);
  });

  it('a rank stuck around 20th is off track for the top 10', () => {
    const r = forecast(input(monthly([22, 21, 20, 20, 21, 20, 19, 20, 20]), rank(10)));
    expect(r.level).toBe('off_track');
  });

  it('a rank holding 3rd against top 5 is achieved', () => {
    expect(forecast(input(monthly([6, 5, 4, 3, 3, 2, 3, 3, 3]), rank(5))).level).toBe('achieved');
  });

  it('a rank is missed only from half a place beyond the target', () => {
    const at10 = forecast(input(monthly([10, 10, 10, 10, 10, 10, 10, 10, 10]), rank(10)));
    expect(at10.probabilityOfMiss!).toBeLessThan(0.1);
  });

  it('unit rank is lower-is-better even with a >= op; direction can be overridden', () => {
    expect(directionOf({ op: '>=', value: 10, unit: 'rank' })).toBe('lower');
    expect(directionOf({ op: '>=', value: 10, unit: '%' }, 'lower')).toBe('lower');
    expect(directionOf({ op: '<=', value: 10, unit: null })).toBe('lower');
    expect(directionOf({ op: 'between', value: 7, min: 7, max: 7.5, unit: '%' })).toBe('higher');
  });
});

describe('forecast: shapes and bounds', () => {
  it('caps percentages at 100', () => {
    const r = forecast(input(monthly([60, 65, 70, 75, 80, 85, 90, 95, 99]), pct('>=', 98)));
    expect(r.forecast!).toBeLessThanOrEqual(100);
    expect(r.high!).toBeLessThanOrEqual(100);
  });

  it('a target of 100% with values at 100 is achieved; one that keeps slipping off 100 is not', () => {
    expect(forecast(input(monthly([97, 98, 99, 100, 100, 100, 100, 100, 100]), pct('>=', 100))).level).toBe('achieved');
    const flaky = forecast(input(monthly([97, 98, 99, 100, 99.5, 100, 99.2, 99.8, 100]), pct('>=', 100)));
    expect(['at_risk', 'off_track']).toContain(flaky.level);
    expect(forecast(input(monthly([5, 3, 1, 0, 0, 0, 0, 0, 0]), pct('<=', 0))).level).toBe('achieved');
  });

  it('S-curve near saturation: forecast stays within [0, 100] and above the target when already past it', () => {
    const s = [5, 8, 14, 25, 42, 62, 78, 88, 93].map((v) => v);
    const r = forecast(input(monthly(s), pct('>=', 90)));
    expect(r.forecast!).toBeGreaterThan(90);
    expect(r.forecast!).toBeLessThanOrEqual(100);
  });

  it('a regression after an outage is flagged even though the target was met before', () => {
    const r = forecast(input(monthly([80, 82, 84, 86, 88, 90, 92, 94, 60]), pct('>=', 90)));
    expect(['at_risk', 'off_track']).toContain(r.level);
  });

  it('noisy reporting widens the band', () => {
    const clean = forecast(input(monthly([50, 53, 56, 59, 62, 65, 68, 71, 74]), pct('>=', 85)));
    const noisy = forecast(input(monthly([50, 58, 52, 64, 57, 69, 62, 76, 70]), pct('>=', 85)));
    expect(noisy.high! - noisy.low!).toBeGreaterThan(clean.high! - clean.low!);
  });

  it('sparse (quarterly) reporting with a baseline still forecasts', () => {
    const obs = [
      { atMs: D('2026-03-31'), value: 55 },
      { atMs: D('2026-06-30'), value: 62 },
      { atMs: D('2026-09-30'), value: 70 },
    ];
    const r = forecast(input(obs, pct('>=', 95), { baseline: 48 }));
    expect(r.level).toBe('off_track');
  });

  it('counts are not capped at 100 but stay non-negative', () => {
    const r = forecast(
      input(monthly([100, 180, 260, 340, 420, 500, 580, 660, 740]), { op: '>=', value: 760, unit: 'tài khoản' }),
    );
    expect(r.forecast!).toBeGreaterThan(100);
    // Not met yet and three months out: no alert (the combination keeps some doubt: `watch`).
    expect(['achieved', 'on_track', 'watch']).toContain(r.level);
    const down = forecast(input(monthly([90, 80, 70, 60, 50, 40, 30, 20, 10]), { op: '>=', value: 50, unit: 'người' }));
    expect(down.low!).toBeGreaterThanOrEqual(0);
  });

  it('a range target is met at its minimum', () => {
    const between: TargetLike = { op: 'between', value: 7, min: 7, max: 7.5, unit: '%', approximate: false };
    expect(targetValueOf(between)).toBe(7);
    expect(meetsTarget(7, between, 'higher')).toBe(true);
    expect(forecast(input(monthly([7.3, 7.4, 7.4, 7.5, 7.4, 7.45, 7.5, 7.45, 7.5]), between)).level).toBe('achieved');
  });

  it('strict and non-strict ops', () => {
    expect(meetsTarget(95, pct('>', 95), 'higher')).toBe(false);
    expect(meetsTarget(95, pct('>=', 95), 'higher')).toBe(true);
    expect(meetsTarget(5, pct('<', 5), 'lower')).toBe(false);
    expect(meetsTarget(5, pct('<=', 5), 'lower')).toBe(true);
  });

  it('at or after the deadline the last value decides', () => {
    const obs = monthly([60, 65, 70, 75, 80, 85, 90, 93, 95, 96, 97, 97.5]);
    const met = forecast(input(obs, pct('>=', 97), { asOfMs: D('2027-01-10') }));
    expect(met).toMatchObject({ level: 'achieved', probabilityOfMiss: 0, forecast: 97.5 });
    const missed = forecast(input(obs, pct('>=', 98), { asOfMs: D('2026-12-31') }));
    expect(missed).toMatchObject({ level: 'off_track', probabilityOfMiss: 1 });
  });

  it('rejects a target without a value', () => {
    expect(() => forecast(input(steady, { op: '>=', value: null, unit: '%' }))).toThrow(RangeError);
  });

  it.each<MethodName>(Object.keys(METHODS) as MethodName[])('method %s gives a coherent result', (method) => {
    const r = forecast({ ...input(steady, pct('>=', 95)), method });
    expect(r.method).toBe(method);
    expect(r.probabilityOfMiss!).toBeGreaterThanOrEqual(0);
    expect(r.probabilityOfMiss!).toBeLessThanOrEqual(1);
    expect(r.low!).toBeLessThanOrEqual(r.high!);
    expect(r.forecast!).toBeGreaterThan(80);
  });
});

describe('observations: unsorted, duplicated', () => {
  it('sorts and merges duplicates into their median', () => {
    const prepared = prepareObservations(
      [
        { atMs: 3, value: 30 },
        { atMs: 1, value: 10 },
        { atMs: 3, value: 34 },
        { atMs: 2, value: 20 },
        { atMs: 3, value: 31 },
        { atMs: 9, value: 90 },
      ],
      5,
    );
    expect(prepared).toEqual([
      { atMs: 1, value: 10 },
      { atMs: 2, value: 20 },
      { atMs: 3, value: 31 },
    ]);
  });

  it('gives the same forecast for shuffled and duplicated input, and does not touch the input', () => {
    const obs = monthly([50, 54, 57, 61, 66, 69, 72, 77, 80]);
    const messy = [...obs, obs[3], obs[7]].reverse();
    const frozen = JSON.stringify(messy);
    expect(forecast(input(messy, pct('>=', 90)))).toEqual(forecast(input(obs, pct('>=', 90))));
    expect(JSON.stringify(messy)).toBe(frozen);
  });
});

describe('naive baseline', () => {
  it('flags a value below the straight line from the baseline to the target', () => {
    const obs = monthly([50, 52, 54, 56, 58, 60, 62, 64, 66]);
    const r = naiveTrajectory(input(obs, pct('>=', 95), { baseline: 50 }));
    expect(r.level).toBe('at_risk');
    expect(r.method).toBe('naive');
    expect(r.probabilityOfMiss).toBeNull();
  });

  it('on_track above the line, achieved at the target, first observation when there is no baseline', () => {
    expect(
      naiveTrajectory(input(monthly([50, 56, 62, 68, 74, 80, 86, 90, 92]), pct('>=', 95), { baseline: 50 })).level,
    ).toBe('on_track');
    expect(naiveTrajectory(input(monthly([90, 96]), pct('>=', 95), { asOfMs: D('2026-03-05') })).level).toBe(
      'achieved',
    );
    expect(naiveTrajectory(input(monthly([10, 11, 12, 13, 14, 15, 16, 17, 18]), pct('<=', 5))).level).toBe('at_risk');
  });

  it('no_data like the forecaster', () => {
    expect(naiveTrajectory(input([], pct('>=', 95))).level).toBe('no_data');
  });
});

describe('properties', () => {
  const targetArb = fc.oneof(
    fc.record({
      op: fc.constantFrom('>=', '>'),
      value: fc.double({ min: 1, max: 100, noNaN: true }),
      unit: fc.constant('%'),
    }),
    fc.record({
      op: fc.constantFrom('<', '<='),
      value: fc.double({ min: 0.5, max: 50, noNaN: true }),
      unit: fc.constant('%'),
    }),
    fc.record({ op: fc.constant('<='), value: fc.integer({ min: 1, max: 30 }), unit: fc.constant('rank') }),
    fc.record({ op: fc.constant('>='), value: fc.double({ min: 1, max: 1e6, noNaN: true }), unit: fc.constant('bộ') }),
  ) as fc.Arbitrary<TargetLike>;
  const obsArb = fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 300 }), value: fc.double({ min: 0, max: 100, noNaN: true }) }),
    { maxLength: 30 },
  );

  it('probability in [0, 1], low ≤ forecast ≤ high, percentages in [0, 100], level consistent', () => {
    fc.assert(
      fc.property(
        obsArb,
        targetArb,
        fc.integer({ min: 0, max: 400 }),
        fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
        (raw, target, asOfDay, baseline) => {
          const start = D('2026-01-01');
          const observations = raw.map((o) => ({
            atMs: start + o.day * 86_400_000,
            value: target.unit === 'rank' ? Math.max(1, Math.round(o.value)) : o.value,
          }));
          const r = forecast({
            observations,
            target,
            startMs: start,
            baseline,
            deadlineMs: D('2026-12-31'),
            asOfMs: start + asOfDay * 86_400_000,
          });
          if (r.level === 'no_data') {
            expect(r.probabilityOfMiss).toBeNull();
            return;
          }
          const p = r.probabilityOfMiss!;
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(r.low!).toBeLessThanOrEqual(r.forecast! + 1e-9);
          expect(r.forecast!).toBeLessThanOrEqual(r.high! + 1e-9);
          if (target.unit === '%') {
            expect(r.low!).toBeGreaterThanOrEqual(0);
            expect(r.high!).toBeLessThanOrEqual(100);
          }
          if (target.unit === 'rank') expect(r.low!).toBeGreaterThanOrEqual(1);
          if (r.level !== 'achieved' && r.asOfMs < r.deadlineMs) expect(r.level).toBe(levelFromProbability(p));
          if (r.level === 'achieved') expect(meetsTarget(r.latest!.value, target, r.direction)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic and order-independent', () => {
    fc.assert(
      fc.property(obsArb, (raw) => {
        const start = D('2026-01-01');
        const observations = raw.map((o) => ({ atMs: start + o.day * 86_400_000, value: o.value }));
        const a = forecast(input(observations, pct('>=', 80)));
        const b = forecast(input([...observations].reverse(), pct('>=', 80)));
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

describe('forecast: the combination with where the value stands (combine.ts)', () => {
  it('reports the model probability and the plan-line signal next to the combined one', () => {
    const r = forecast(input(steady, pct('>=', 95)));
    expect(r.modelProbabilityOfMiss).not.toBeNull();
    expect(r.behindPlan).toBe(false);
    expect(r.probabilityOfMiss).not.toBe(r.modelProbabilityOfMiss);
    const alone = forecast(input(steady, pct('>=', 95), { combination: false }));
    expect(alone.probabilityOfMiss).toBe(r.modelProbabilityOfMiss);
    expect(alone.forecast).toBe(r.forecast);
    expect(alone.low).toBe(r.low);
  });

  it('a target already met counts against a miss; a value behind the plan line counts for one', () => {
    const c = { intercept: 0, model: 1, alreadyMet: -2, behindPlan: 1 };
    // Met now (96 ≥ 95) but a dip in the last report: the model alone doubts it, the combination less.
    const met = monthly([90, 92, 94, 95.5, 96, 96.2, 96.5, 97, 96]);
    const a = forecast(input(met, pct('>=', 95), { combination: c }));
    expect(a.probabilityOfMiss!).toBeLessThan(a.modelProbabilityOfMiss!);
    const behind = monthly([40, 41, 42, 43, 44, 45, 46, 47, 48]);
    const b = forecast(input(behind, pct('>=', 51), { baseline: 40, combination: c }));
    expect(b.behindPlan).toBe(true);
    expect(b.probabilityOfMiss!).toBeGreaterThan(b.modelProbabilityOfMiss!);
  });

  it('the naive rule reports the same plan-line signal', () => {
    const behind = monthly([40, 41, 42, 43, 44, 45, 46, 47, 48]);
    expect(naiveTrajectory(input(behind, pct('>=', 60), { baseline: 40 })).behindPlan).toBe(true);
    expect(forecast(input(behind, pct('>=', 60), { baseline: 40 })).behindPlan).toBe(true);
    expect(naiveTrajectory(input(steady, pct('>=', 86))).behindPlan).toBe(false);
  });

  it('leaves the at-the-deadline verdict and no_data alone', () => {
    const past = forecast(input(steady, pct('>=', 95), { asOfMs: D('2027-01-05') }));
    expect(past.probabilityOfMiss).toBe(1);
    expect(forecast(input([], pct('>=', 95))).probabilityOfMiss).toBeNull();
  });
});
