import { fixFirst } from './fix-first';

describe('fixFirst', () => {
  const rows = [
    { indicator: 'a', score: 100, weight: 3, status: 'achieved' },
    { indicator: 'b', score: 40, weight: 1, status: 'behind' },
    { indicator: 'c', score: 80, weight: 4, status: 'behind' },
    { indicator: 'd', score: 0, weight: 2, status: 'no_data' },
    { indicator: 'e', score: 90, status: 'on_track' },
  ];

  it('ranks by the weighted points a target still misses, achieved ones never', () => {
    const gaps = fixFirst(rows);
    expect(gaps.map((g) => [g.row.indicator, g.gap])).toEqual([
      ['d', 200],
      ['c', 80],
      ['b', 60],
      ['e', 10],
    ]);
    expect(gaps[0].share).toBeCloseTo(200 / 350);
  });

  it('keeps the first few only', () => {
    expect(fixFirst(rows, 2).map((g) => g.row.indicator)).toEqual(['d', 'c']);
    expect(fixFirst([])).toEqual([]);
  });
});
