import { DEFAULT_COMBINATIONS, combineProbability, fitCombination, type CombinationSignals } from './combine.js';
import { createRng } from './stats.js';

describe('combineProbability', () => {
  const c = DEFAULT_COMBINATIONS['theil-sen'];

  it('rises with the model probability', () => {
    const ps = [0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1].map((model) =>
      combineProbability({ model, alreadyMet: false, behindPlan: false }, c),
    );
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1]);
    for (const p of ps) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });

  it('is lower when the target is already met and higher when behind the plan line (fitted signs)', () => {
    for (const method of Object.keys(DEFAULT_COMBINATIONS) as (keyof typeof DEFAULT_COMBINATIONS)[]) {
      const k = DEFAULT_COMBINATIONS[method];
      expect(k.model).toBeGreaterThan(0);
      expect(k.alreadyMet).toBeLessThan(0);
      expect(k.behindPlan).toBeGreaterThanOrEqual(0);
    }
    const base = { model: 0.4, alreadyMet: false, behindPlan: false };
    const p = combineProbability(base, c);
    expect(combineProbability({ ...base, alreadyMet: true }, c)).toBeLessThan(p);
    expect(combineProbability({ ...base, behindPlan: true }, c)).toBeGreaterThan(p);
  });

  it('model probabilities of exactly 0 and 1 stay finite', () => {
    const lo = combineProbability({ model: 0, alreadyMet: false, behindPlan: false }, c);
    const hi = combineProbability({ model: 1, alreadyMet: false, behindPlan: true }, c);
    expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
    expect(lo).toBeLessThan(hi);
  });
});

describe('fitCombination', () => {
  it('recovers the coefficients that generated the outcomes', () => {
    const truth = { intercept: 0.3, model: 0.5, alreadyMet: -1.5, behindPlan: 0.4 };
    const rng = createRng(7);
    const samples: (CombinationSignals & { missed: boolean })[] = [];
    for (let i = 0; i < 20000; i++) {
      const s = { model: rng.uniform(0.01, 0.99), alreadyMet: rng.chance(0.3), behindPlan: rng.chance(0.5) };
      samples.push({ ...s, missed: rng.next() < combineProbability(s, truth) });
    }
    const fit = fitCombination(samples);
    expect(fit.intercept).toBeCloseTo(truth.intercept, 0);
    expect(Math.abs(fit.model - truth.model)).toBeLessThan(0.1);
    expect(Math.abs(fit.alreadyMet - truth.alreadyMet)).toBeLessThan(0.2);
    expect(Math.abs(fit.behindPlan - truth.behindPlan)).toBeLessThan(0.2);
  });

  it('is deterministic and keeps a signal that never varies at 0', () => {
    const samples = [0.1, 0.3, 0.5, 0.7, 0.9].flatMap((model, i) => [
      { model, alreadyMet: false, behindPlan: false, missed: i >= 2 },
      { model, alreadyMet: false, behindPlan: false, missed: i >= 3 },
    ]);
    const a = fitCombination(samples);
    expect(fitCombination(samples)).toEqual(a);
    expect(a.alreadyMet).toBe(0);
    expect(a.behindPlan).toBe(0);
    expect(a.model).toBeGreaterThan(0);
  });
});
