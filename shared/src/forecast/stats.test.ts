import fc from 'fast-check';
import { createRng, median, normalCdf, normalQuantile, quantile, robustSd } from './stats.js';

describe('stats', () => {
  it('median, quantile, robust sd', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(robustSd([1, 1, 1, 100])).toBe(0);
  });

  it('normal cdf and quantile are inverse', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (p) => Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-6,
      ),
    );
  });

  it('the seeded generator repeats itself and stays in range', () => {
    const a = createRng(2026);
    const b = createRng(2026);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const r = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(3, 5);
      expect(k >= 3 && k <= 5 && Number.isInteger(k)).toBe(true);
    }
    const n = createRng(9);
    const zs = Array.from({ length: 20000 }, () => n.normal());
    const m = zs.reduce((s, z) => s + z, 0) / zs.length;
    const v = zs.reduce((s, z) => s + (z - m) ** 2, 0) / zs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});
