import { dailyScores, sparklinePoints } from './sparkline';

describe('sparkline', () => {
  it('maps scores 0–100 onto the box, oldest on the left', () => {
    expect(sparklinePoints([0, 50, 100], 102, 22, 1)).toBe('1.0,21.0 51.0,11.0 101.0,1.0');
    expect(sparklinePoints([120, -5], 10, 10, 0)).toBe('0.0,0.0 10.0,10.0');
    expect(sparklinePoints([40], 20, 10, 0)).toBe('0,6.0 20,6.0');
    expect(sparklinePoints([], 20, 10)).toBe('');
  });

  it('keeps the last score of each day and the most recent days', () => {
    const points = [
      { at: '2026-11-02T10:00:00Z', score: 60 },
      { at: '2026-11-01T08:00:00Z', score: 50 },
      { at: '2026-11-02T09:00:00Z', score: 55 },
      { at: '2026-11-03T09:00:00Z', score: null },
      { at: '2026-11-04T09:00:00Z', score: 70 },
    ];
    expect(dailyScores(points)).toEqual([50, 60, 70]);
    expect(dailyScores(points, 2)).toEqual([60, 70]);
  });
});
