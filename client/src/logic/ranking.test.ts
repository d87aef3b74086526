import type { RankingRow } from '@kpi/shared/live';
import { rankByPillar } from './ranking';

const row = (code: string, score: number, pillars: Record<string, number>): RankingRow => ({
  code,
  name: code.toUpperCase(),
  kind: 'ward',
  score,
  rank: 0,
  previousRank: 1,
  pillars,
});

describe('rankByPillar', () => {
  const rows = [
    row('a', 90, { government: 50, society: 99 }),
    row('b', 80, { government: 70 }),
    row('c', 70, { government: 70 }),
  ];

  it('ranks by the pillar score, ties sharing a rank and the next one skipping', () => {
    expect(rankByPillar(rows, 'government').map((r) => [r.code, r.score, r.rank])).toEqual([
      ['b', 70, 1],
      ['c', 70, 1],
      ['a', 50, 3],
    ]);
  });

  it('puts agencies without that pillar last, at 0, and claims no earlier rank', () => {
    const ranked = rankByPillar(rows, 'society');
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
    ]);
    expect(ranked.every((r) => r.previousRank === null)).toBe(true);
  });

  it('leaves the overall ranking as it is', () => {
    expect(rankByPillar(rows, null)).toBe(rows);
  });
});
