import { DEFAULT_THRESHOLDS } from '../forecaster.js';
import { SHAPES, generateSeries } from './generator.js';
import { chooseThresholds, evaluate, fitCombinationOnSeed, inputAt, isFlag, type CurvePoint } from './harness.js';
import { renderEarlyWarningReport } from './report.js';

const SEED = 42;
const COUNT = 450;

describe('generateSeries', () => {
  const series = generateSeries({ seed: SEED, count: COUNT });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateSeries({ seed: SEED, count: COUNT })).toEqual(series);
    expect(generateSeries({ seed: SEED + 1, count: COUNT })).not.toEqual(series);
  });

  it('balances the shapes and a fair share misses', () => {
    for (const shape of SHAPES) expect(series.filter((s) => s.shape === shape)).toHaveLength(COUNT / SHAPES.length);
    const missed = series.filter((s) => s.missed).length / COUNT;
    expect(missed).toBeGreaterThan(0.3);
    expect(missed).toBeLessThan(0.7);
    // Late campaigns mostly reach the target; plateaus mostly do not.
    const share = (shape: string) =>
      series.filter((s) => s.shape === shape && s.missed).length / (COUNT / SHAPES.length);
    expect(share('late_campaign')).toBeLessThan(0.5);
    expect(share('plateau')).toBeGreaterThan(0.6);
  });

  it('ground truth is the true final value against the target', () => {
    for (const s of series) {
      expect(s.truePath[s.truePath.length - 1]).toBe(s.trueFinal);
      const t = s.target.value as number;
      const met =
        s.direction === 'higher'
          ? s.target.op === '>'
            ? s.trueFinal > t
            : s.trueFinal >= t
          : s.target.op === '<'
            ? s.trueFinal < t
            : s.trueFinal <= t;
      expect(s.missed).toBe(!met);
    }
  });

  it('reports like agencies do: bounded, integer ranks, duplicates, out of order, monthly ones after a lag', () => {
    let duplicates = 0;
    let unsorted = 0;
    for (const s of series) {
      for (const o of s.observations) {
        if (s.target.unit === '%') {
          expect(o.value).toBeGreaterThanOrEqual(0);
          expect(o.value).toBeLessThanOrEqual(100);
        }
        if (s.target.unit === 'rank') expect(Number.isInteger(o.value)).toBe(true);
        expect(o.availableAtMs).toBeGreaterThanOrEqual(o.atMs);
        if (s.reporting === 'monthly') expect(o.availableAtMs).toBeGreaterThan(o.atMs);
      }
      if (new Set(s.observations.map((o) => o.atMs)).size < s.observations.length) duplicates++;
      if (s.observations.some((o, i) => i > 0 && o.atMs < s.observations[i - 1].atMs)) unsorted++;
    }
    expect(duplicates).toBeGreaterThan(0);
    expect(unsorted).toBeGreaterThan(COUNT / 2);
    expect(new Set(series.map((s) => s.reporting))).toEqual(new Set(['monthly', 'irregular', 'quarterly', 'gappy']));
  });

  it('the digital scenario reports every series weekly', () => {
    const weekly = generateSeries({ seed: SEED, count: 18, scenario: 'digital_weekly' });
    expect(
      weekly.every(
        (s) => s.reporting === 'weekly' && s.observations.every((o) => o.availableAtMs - o.atMs <= 86_400_000),
      ),
    ).toBe(true);
  });

  it('shows the forecaster only what has arrived by asOf', () => {
    const s = series.find((x) => x.reporting === 'monthly')!;
    const asOf = Date.UTC(2026, 9, 1);
    expect(
      inputAt(s, asOf).observations.every((o) => (o as unknown as { availableAtMs: number }).availableAtMs <= asOf),
    ).toBe(true);
  });
});

describe('evaluate', () => {
  const report = evaluate({ seed: SEED, count: COUNT, methods: ['theil-sen', 'holt-damped'] });

  it('has the report structure', () => {
    expect(report).toMatchObject({
      seed: SEED,
      count: COUNT,
      scenario: 'as_reported',
      defaultMethod: 'theil-sen',
      barHorizon: 60,
    });
    expect(report.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(report.horizons.map((h) => h.daysBefore)).toEqual([90, 60, 30]);
    expect(report.shapes.map((s) => s.shape)).toEqual([...SHAPES]);
    expect(report.shapes.reduce((a, s) => a + s.count, 0)).toBe(COUNT);
    for (const h of report.horizons) {
      expect(h.scores.map((s) => s.method)).toEqual(['theil-sen', 'holt-damped', 'naive']);
      for (const s of h.scores) {
        expect(s.tp + s.fp + s.fn + s.tn).toBe(COUNT);
        expect(s.tp + s.fn).toBe(report.missed);
        for (const x of [s.recall, s.precision, s.f1]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
        if (s.medianLeadDays !== null) expect(s.medianLeadDays).toBeGreaterThanOrEqual(h.daysBefore);
      }
      expect(h.scores.find((s) => s.method === 'naive')!.brier).toBeNull();
      expect(h.scores.find((s) => s.method === 'theil-sen')!.coverage80).not.toBeNull();
      expect(h.perShape).toHaveLength(SHAPES.length);
      expect(h.reliability).toHaveLength(10);
      const scored = COUNT - h.scores.find((s) => s.method === 'theil-sen')!.noData;
      expect(h.reliability.reduce((a, b) => a + b.count, 0)).toBe(scored);
    }
    expect(report.curve).toHaveLength(99);
    expect(Object.keys(report.curves)).toEqual(['theil-sen', 'holt-damped']);
    // Recall can only fall as the threshold rises.
    for (let i = 1; i < report.curve.length; i++)
      expect(report.curve[i].byHorizon[60].recall).toBeLessThanOrEqual(report.curve[i - 1].byHorizon[60].recall);
    const t = report.suggestedThresholds;
    expect(t.watch).toBeLessThanOrEqual(t.atRisk);
    expect(t.atRisk).toBeLessThanOrEqual(t.offTrack);
  });

  it('the forecaster beats the naive rule 60 days out', () => {
    const h = report.horizons.find((x) => x.daysBefore === 60)!;
    const f = h.scores.find((s) => s.method === 'theil-sen')!;
    const naive = h.scores.find((s) => s.method === 'naive')!;
    expect(h.comparison.bestF1).toBeGreaterThan(naive.f1);
    expect(f.recall).toBeGreaterThan(naive.recall);
    expect(f.recall).toBeGreaterThanOrEqual(0.9);
    // At the naive rule's recall, fewer false alarms than the naive rule.
    expect(h.comparison.precisionAtNaiveRecall!).toBeGreaterThan(naive.precision);
    expect(f.medianLeadDays!).toBeGreaterThan(naive.medianLeadDays!);
  });

  it('is deterministic', () => {
    const small = evaluate({ seed: 7, count: 45, methods: ['theil-sen'] });
    expect(evaluate({ seed: 7, count: 45, methods: ['theil-sen'] })).toEqual(small);
  });

  it('isFlag: at_risk and off_track only', () => {
    expect(
      ['achieved', 'on_track', 'watch', 'at_risk', 'off_track', 'no_data'].filter((l) => isFlag(l as never)),
    ).toEqual(['at_risk', 'off_track']);
  });
});

describe('chooseThresholds', () => {
  const curve: CurvePoint[] = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.8, 0.85].map((threshold) => ({
    threshold,
    byHorizon: { 60: { recall: 1 - threshold, precision: 0.5 + threshold / 2, f1: 0 } },
  }));

  it('recall first, then the sure flags, watch at half', () => {
    // recall ≥ 0.92 up to 0.05 … recall = 0.95 at 0.05, 0.9 at 0.1 → atRisk 0.05; precision ≥ 0.9 from 0.8.
    expect(chooseThresholds(curve, 60, 0.9)).toEqual({ watch: 0.025, atRisk: 0.05, offTrack: 0.8 });
    expect(chooseThresholds(curve, 60, 0.7, 0)).toEqual({ watch: 0.15, atRisk: 0.3, offTrack: 0.8 });
  });

  it('ignores thresholds off the 0.05 grid', () => {
    const withOdd = [...curve, { threshold: 0.27, byHorizon: { 60: { recall: 0.99, precision: 0.6, f1: 0 } } }];
    expect(chooseThresholds(withOdd, 60, 0.7, 0).atRisk).toBe(0.3);
  });
});

describe('fitCombinationOnSeed', () => {
  it('is deterministic for a seed and finds the signs the shipped combination has', () => {
    const a = fitCombinationOnSeed({ seed: 11, count: 270 });
    expect(fitCombinationOnSeed({ seed: 11, count: 270 })).toEqual(a);
    expect(a.model).toBeGreaterThan(0);
    expect(a.alreadyMet).toBeLessThan(0);
  });
});

describe('renderEarlyWarningReport', () => {
  it('writes the tables, thresholds and shortfalls', () => {
    const main = evaluate({ seed: 3, count: 90, methods: ['theil-sen'] });
    const calibration = evaluate({ seed: 4, count: 90, methods: ['theil-sen'] });
    const digital = evaluate({ seed: 3, count: 90, methods: ['theil-sen'], scenario: 'digital_weekly' });
    const modelOnly = evaluate({ seed: 3, count: 90, methods: ['theil-sen'], combination: false });
    const md = renderEarlyWarningReport({
      date: '2026-11-23',
      runSeconds: 1.5,
      command: 'node scripts/eval-early-warning.mjs --seed 3 --count 90',
      main,
      calibration,
      digital,
      modelOnly: { main: modelOnly, calibration },
      fittedCombination: { intercept: 0.1, model: 0.5, alreadyMet: -1.7, behindPlan: 0.3 },
      before: evaluate({ seed: 3, count: 90, methods: ['theil-sen'], evidence: false }),
      heldOut: [evaluate({ seed: 5, count: 90, methods: ['theil-sen'] })],
      training: {
        seeds: [7],
        count: 90,
        curve: calibration.curve,
        suggested: DEFAULT_THRESHOLDS,
        modelMatches: true,
        features: 10,
      },
      early: {
        before: evaluate({ seed: 3, count: 90, methods: ['theil-sen'], evidence: false, horizons: [150] }),
        after: evaluate({ seed: 3, count: 90, methods: ['theil-sen'], horizons: [150] }),
      },
      cost: { series: 450, withoutUs: 10, withUs: 12.5, load: 1 },
    });
    expect(md).toContain('| Days before | Model alone: recall |');
    expect(md).toContain('| Days before | Before: recall |');
    expect(md).toContain('## Held-out seeds');
    expect(md).toContain('| Days before | Before: recall | precision | After: recall | precision | Naive: recall |');
    expect(md).toContain('| 5 |');
    expect(md).toContain('12.5 µs');
    expect(md).toContain('this calibration run fits intercept 0.1, model 0.5');
    for (const heading of [
      '# Early warning: method and evaluation',
      '## Summary',
      '## The method',
      '## Methods compared (60 days before the deadline)',
      '## The evidence model: reading the whole history',
      '## Forecaster and naive rule, 90, 60 and 30 days before the deadline',
      '## Trade-off curve',
      '## Thresholds',
      '## Per shape',
      '## Reporting cadence',
      '## The simulated plan year',
      '## Where it falls short',
      '## Reproduce',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('2026-11-23');
    expect(md).toContain('seed 3, 90 simulated series');
    expect(md).toContain(`\`at_risk\` ≥ **${DEFAULT_THRESHOLDS.atRisk}**`);
    for (const shape of SHAPES) expect(md).toContain(`| \`${shape}\` |`);
    expect(md).not.toContain('NaN');
    expect(md).not.toContain('undefined');
  });
});
