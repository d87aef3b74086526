import { DEFAULT_EVIDENCE_MODEL } from './evidence-model.js';
import {
  BLEND_DAYS,
  EVIDENCE_FEATURES,
  EVIDENCE_SIGNS,
  blendedEvidenceProbability,
  evidenceFeatures,
  evidenceProbability,
  fitEvidenceModel,
  type EvidenceContext,
} from './evidence.js';
import { generateSeries } from './evaluation/generator.js';
import { fitEvidenceModelOnSeeds, inputAt } from './evaluation/harness.js';
import { evidenceFeaturesOf, forecast } from './forecaster.js';
import { DAY_MS } from './target.js';
import type { Observation, TargetLike } from './types.js';

const D = (s: string) => Date.parse(`${s}T00:00:00Z`);
const monthly = (values: number[]): Observation[] =>
  values.map((value, i) => ({ atMs: Date.UTC(2026, i + 1, 0), value }));
const pct = (op: TargetLike['op'], value: number): TargetLike => ({ op, value, unit: '%' });

function context(points: Observation[], extra: Partial<EvidenceContext> = {}): EvidenceContext {
  return {
    points,
    anchor: null,
    asOfMs: D('2026-10-05'),
    deadlineMs: D('2026-12-31'),
    direction: 'higher',
    targetValue: 95,
    hasBaseline: false,
    rank: false,
    percent: true,
    alreadyMet: false,
    behindPlan: true,
    pTheilSen: 0.5,
    pHolt: 0.5,
    center: 90,
    ...extra,
  };
}

describe('evidence model: features', () => {
  it('one value and one sign per named feature, all finite', () => {
    expect(EVIDENCE_SIGNS).toHaveLength(EVIDENCE_FEATURES.length);
    const f = evidenceFeatures(context(monthly([45, 50, 55, 60, 65, 70, 75, 80, 85])));
    expect(f).toHaveLength(EVIDENCE_FEATURES.length);
    for (const x of f) expect(Number.isFinite(x)).toBe(true);
    // A single report, a flat series, zeros: still finite (the scale has a floor).
    for (const pts of [monthly([0]), monthly([0, 0, 0]), monthly([5, 5, 5, 5])])
      for (const x of evidenceFeatures(context(pts, { targetValue: 0, center: 0 })))
        expect(Number.isFinite(x)).toBe(true);
  });

  it('mirrors lower-is-better series: a falling rate reads like a rising percentage', () => {
    const up = evidenceFeatures(context(monthly([40, 45, 50, 55, 60]), { targetValue: 80, center: 70 }));
    const down = evidenceFeatures(
      context(monthly([-40, -45, -50, -55, -60]), { targetValue: -80, center: -70, direction: 'lower' }),
    );
    const differ = EVIDENCE_FEATURES.filter((_, k) => Math.abs(up[k] - down[k]) > 1e-9);
    expect(differ).toEqual(['lowerIsBetter', 'lowerIsBetter×timeLeft']);
  });

  it('sees a drop from the peak (an outage) and a recent pace below the long-run one (a plateau)', () => {
    const k = (name: string) => EVIDENCE_FEATURES.indexOf(name);
    const steady = evidenceFeatures(context(monthly([45, 50, 55, 60, 65, 70, 75, 80, 85])));
    const outage = evidenceFeatures(context(monthly([45, 50, 55, 60, 65, 70, 50, 52, 55])));
    const plateau = evidenceFeatures(context(monthly([45, 55, 65, 72, 75, 76, 76, 76, 76])));
    expect(steady[k('drawdown')]).toBe(0);
    expect(outage[k('drawdown')]).toBeGreaterThan(0.5);
    expect(plateau[k('paceRecent')]).toBeLessThan(plateau[k('paceLongRun')] / 3);
    expect(steady[k('paceRecent')]).toBeCloseTo(steady[k('paceLongRun')], 5);
  });
});

describe('evidence model: the shipped weights', () => {
  const models = DEFAULT_EVIDENCE_MODEL!;

  it('has a weight per feature in both fits, each with its constrained sign', () => {
    expect(models).not.toBeNull();
    for (const model of [models.near, models.far]) {
      expect(model.weights).toHaveLength(EVIDENCE_FEATURES.length);
      model.weights.forEach((w, k) => expect(w * EVIDENCE_SIGNS[k]).toBeGreaterThanOrEqual(0));
    }
  });

  it('blends the near fit into the far one between 90 and 150 days out', () => {
    const f = evidenceFeatures(context(monthly([45, 50, 55, 60, 65, 70, 75, 80, 85])));
    const near = evidenceProbability(f, models.near);
    const far = evidenceProbability(f, models.far);
    expect(near).not.toBeCloseTo(far, 3);
    expect(blendedEvidenceProbability(f, models, 30)).toBe(near);
    expect(blendedEvidenceProbability(f, models, BLEND_DAYS.from)).toBe(near);
    expect(blendedEvidenceProbability(f, models, BLEND_DAYS.to)).toBe(far);
    expect(blendedEvidenceProbability(f, models, 300)).toBe(far);
    const mid = blendedEvidenceProbability(f, models, (BLEND_DAYS.from + BLEND_DAYS.to) / 2);
    expect(mid).toBeGreaterThan(Math.min(near, far));
    expect(mid).toBeLessThan(Math.max(near, far));
  });

  it('a stricter target never lowers P(miss), on simulated series 200, 120 and 60 days out', () => {
    let steps = 0;
    for (const s of generateSeries({ seed: 5, count: 90 }))
      for (const daysBefore of [200, 120, 60]) {
        const base = inputAt(s, s.deadlineMs - daysBefore * DAY_MS);
        let prev: number | null = null;
        for (let k = -6; k <= 6; k++) {
          const value = (s.target.value as number) * (1 + 0.03 * k * (s.direction === 'higher' ? 1 : -1));
          const p = forecast({ ...base, target: { ...s.target, value } }).probabilityOfMiss;
          if (p === null) {
            prev = null;
            continue;
          }
          if (prev !== null) {
            expect(p).toBeGreaterThanOrEqual(prev - 1e-12);
            steps++;
          }
          prev = p;
        }
      }
    expect(steps).toBeGreaterThan(1000);
  });

  it('trusts a steady pace more than a plateau with the same latest value', () => {
    const at = (values: number[]) =>
      forecast({
        observations: monthly(values),
        target: pct('>=', 95),
        deadlineMs: D('2026-12-31'),
        startMs: D('2026-01-01'),
        asOfMs: D('2026-10-05'),
      }).probabilityOfMiss!;
    expect(at([45, 50, 55, 60, 65, 70, 75, 80, 85])).toBeLessThan(at([62, 70, 76, 80, 82, 84, 85, 85, 85]));
  });

  it('is what forecast() reports for the default method, and `evidence: false` falls back', () => {
    const input = {
      observations: monthly([45, 50, 55, 60, 65, 70, 75, 80, 85]),
      target: pct('>=', 95),
      deadlineMs: D('2026-12-31'),
      startMs: D('2026-01-01'),
      asOfMs: D('2026-10-05'),
    };
    const f = evidenceFeaturesOf(input)!;
    // 5 October → 31 December: 87 days, the near fit alone.
    expect(forecast(input).probabilityOfMiss).toBeCloseTo(evidenceProbability(f, models.near), 12);
    expect(forecast({ ...input, evidence: false }).probabilityOfMiss).not.toBeCloseTo(
      evidenceProbability(f, models.near),
      3,
    );
    expect(evidenceFeaturesOf({ ...input, asOfMs: D('2027-01-05') })).toBeNull();
    expect(evidenceFeaturesOf({ ...input, observations: [] })).toBeNull();
  });
});

describe('fitEvidenceModel', () => {
  it('is deterministic, keeps the constrained signs and separates misses on a harness seed', () => {
    const a = fitEvidenceModelOnSeeds({ seeds: [11], count: 180 });
    expect(fitEvidenceModelOnSeeds({ seeds: [11], count: 180 })).toEqual(a);
    a.weights.forEach((w, k) => expect(w * EVIDENCE_SIGNS[k]).toBeGreaterThanOrEqual(0));
    // In sample it must rank misses above successes most of the time (AUC well above 0.5).
    const series = generateSeries({ seed: 11, count: 180 });
    const scored: { p: number; missed: boolean }[] = [];
    for (const s of series) {
      const f = evidenceFeaturesOf(inputAt(s, s.deadlineMs - 60 * DAY_MS));
      if (f) scored.push({ p: evidenceProbability(f, a), missed: s.missed });
    }
    const pos = scored.filter((x) => x.missed);
    const neg = scored.filter((x) => !x.missed);
    let wins = 0;
    for (const x of pos) for (const y of neg) wins += x.p > y.p ? 1 : x.p === y.p ? 0.5 : 0;
    expect(wins / (pos.length * neg.length)).toBeGreaterThan(0.8);
  });

  it('holds a feature the data pushes the wrong way at exactly 0', () => {
    // Misses where gapLatest (constrained ≥ 0) is LOW: the fit must not use it negatively.
    const k = EVIDENCE_FEATURES.indexOf('gapLatest@now');
    const samples = Array.from({ length: 400 }, (_, i) => {
      const features = EVIDENCE_FEATURES.map((_, j) => Math.sin(i * (j + 1) * 0.37));
      return { features, missed: features[k] < 0 };
    });
    const m = fitEvidenceModel(samples);
    expect(m.weights[k]).toBe(0);
    m.weights.forEach((w, j) => expect(w * EVIDENCE_SIGNS[j]).toBeGreaterThanOrEqual(0));
  });
});
