import type { Target } from '@kpi/shared/targets';
import { profileOf, simulatedValue, type SimulatedSeries } from './simulator.js';

const t = (op: Target['op'], value: number, unit: string | null): Target => ({
  op,
  value,
  min: null,
  max: null,
  unit,
  approximate: false,
});
const start = Date.UTC(2026, 0, 1);
const deadline = Date.UTC(2026, 11, 31);
const series = (agency: string, target: Target, unit: string | null = target.unit): SimulatedSeries => ({
  agency,
  indicator: 'vt/12',
  scoring: {
    targets: [target],
    unit,
    trajectory: 'flat',
    baseline: null,
    startMs: start,
    deadlineMs: deadline,
    maxAgeDays: 40,
  },
});
const months = Array.from({ length: 12 }, (_, m) => Date.UTC(2026, m, 28));
const agencies = Array.from({ length: 40 }, (_, i) => `agency-${i}`);

describe('simulated source systems', () => {
  it('is deterministic: the same key and time give the same value', () => {
    const s = series('a', t('>=', 98, '%'));
    expect(months.map((m) => simulatedValue(s, m))).toEqual(months.map((m) => simulatedValue(s, m)));
  });

  it('keeps percentages within 0–100 and gives every profile', () => {
    const profiles = new Set<string>();
    for (const a of agencies) {
      const s = series(a, t('>=', 98, '%'));
      profiles.add(profileOf(s));
      for (const m of months) {
        const v = simulatedValue(s, m)!;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
    expect([...profiles].sort()).toEqual(['climber', 'late', 'noisy', 'plateau', 'regression']);
  });

  it('moves higher-is-better values up over the year and lower-is-better ones down', () => {
    const up = agencies.map((a) => series(a, t('>=', 90, '%')));
    const down = agencies.map((a) => series(a, t('<', 5, '%')));
    const mean = (list: SimulatedSeries[], at: number) =>
      list.reduce((n, s) => n + simulatedValue(s, at)!, 0) / list.length;
    expect(mean(up, months[11])).toBeGreaterThan(mean(up, months[0]) + 10);
    expect(mean(down, months[11])).toBeLessThan(mean(down, months[0]));
    // some series end short of the target, some reach it: a ranking with something to show
    const finals = up.map((s) => simulatedValue(s, months[11])!);
    expect(finals.some((v) => v >= 90)).toBe(true);
    expect(finals.some((v) => v < 85)).toBe(true);
  });

  it('gives ranks as whole numbers from 1, counts as whole numbers, and nothing without a numeric target', () => {
    for (const a of agencies) {
      const rank = simulatedValue(series(a, t('<=', 10, 'rank')), months[6])!;
      expect(Number.isInteger(rank) && rank >= 1).toBe(true);
      const count = simulatedValue(series(a, t('>=', 20, 'bộ')), months[6])!;
      expect(Number.isInteger(count) && count >= 0).toBe(true);
    }
    expect(
      simulatedValue(
        { ...series('a', t('>=', 1, '%')), scoring: { ...series('a', t('>=', 1, '%')).scoring, targets: [] } },
        months[0],
      ),
    ).toBeNull();
  });
});
