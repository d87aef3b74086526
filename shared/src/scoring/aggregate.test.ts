// DESIGN §5.7 (agency and pillar scores, rounding) and §5.8 (ranking).
import { aggregateAgency, rankAgencies, resolveWeight } from './aggregate.js';
import { roundHalfAwayFromZero, roundScore } from './round.js';

describe('§5.7 weights', () => {
  it('assignment weight, else indicator weight, else 1', () => {
    expect(resolveWeight(3, 2)).toBe(3);
    expect(resolveWeight(undefined, 2)).toBe(2);
    expect(resolveWeight(null, 2)).toBe(2);
    expect(resolveWeight(null, null)).toBe(1);
    expect(resolveWeight()).toBe(1);
  });
});

describe('§5.7 agency score', () => {
  it('is the plain average with no weights', () => {
    expect(
      aggregateAgency([
        { score: 100, pillar: 'government' },
        { score: 50, pillar: 'government' },
      ]).score,
    ).toBe(75);
  });

  it('is weight-averaged', () => {
    const r = aggregateAgency([
      { score: 100, weight: 3, pillar: 'government' },
      { score: 0, weight: 1, pillar: 'government' },
    ]);
    expect(r.score).toBe(75);
  });

  it('null weight counts as 1; weight ≤ 0 contributes nothing', () => {
    expect(
      aggregateAgency([
        { score: 100, weight: null, pillar: 'a' },
        { score: 0, weight: 1, pillar: 'a' },
      ]).score,
    ).toBe(50);
    expect(
      aggregateAgency([
        { score: 100, weight: 1, pillar: 'a' },
        { score: 0, weight: 0, pillar: 'a' },
      ]).score,
    ).toBe(100);
  });

  it('per pillar the same, within each pillar, in order of first appearance', () => {
    const r = aggregateAgency([
      { score: 100, weight: 1, pillar: 'society' },
      { score: 50, weight: 2, pillar: 'government' },
      { score: 80, weight: 1, pillar: 'society' },
      { score: 20, weight: 2, pillar: 'government' },
    ]);
    expect(r.pillars).toEqual({ society: 90, government: 35 });
    expect(Object.keys(r.pillars)).toEqual(['society', 'government']);
    expect(r.score).toBe(roundScore((100 + 100 + 80 + 40) / 6)); // 53.33
    expect(r.score).toBe(53.33);
  });

  it('rounds to 2 decimals, agency and pillars', () => {
    const r = aggregateAgency([
      { score: 100, pillar: 'a' },
      { score: 100, pillar: 'a' },
      { score: 0, pillar: 'a' },
    ]);
    expect(r.score).toBe(66.67);
    expect(r.pillars.a).toBe(66.67);
  });

  it('averages unrounded scores, then rounds', () => {
    // (33.333… + 33.333… + 100) / 3 = 55.555… → 55.56; rounding the scores first would give
    // (33.33 + 33.33 + 100) / 3 = 55.553… → 55.55
    const third = 100 / 3;
    expect(
      aggregateAgency([
        { score: third, pillar: 'a' },
        { score: third, pillar: 'a' },
        { score: 100, pillar: 'a' },
      ]).score,
    ).toBe(55.56);
  });

  it('an agency with no assignments has score null and no pillars (it is not ranked)', () => {
    expect(aggregateAgency([])).toEqual({ score: null, pillars: {} });
    expect(aggregateAgency([{ score: 100, weight: 0, pillar: 'a' }]).score).toBeNull();
  });

  it('a pillar named __proto__ is an own property', () => {
    const r = aggregateAgency([{ score: 40, pillar: '__proto__' }]);
    expect(Object.keys(r.pillars)).toEqual(['__proto__']);
    expect(JSON.stringify(r.pillars)).toBe('{"__proto__":40}');
  });
});

describe('§5.7 rounding: half away from zero on the decimal value', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [1.0049999, 1],
    [0.125, 0.13],
    [99.995, 100],
    [87.12499999999999, 87.13], // float artefact of a sum that is exactly 87.125
    [0.1 + 0.2, 0.3],
    [66.66666666666667, 66.67],
    [-1.005, -1.01],
    [-0.001, 0],
    [0, 0],
    [100, 100],
    [1e-9, 0],
  ])('roundScore(%p) = %p', (x, expected) => {
    expect(roundScore(x)).toBe(expected);
  });

  it('works at other precisions and keeps large numbers', () => {
    expect(roundHalfAwayFromZero(66.666666666, 4)).toBe(66.6667);
    expect(roundHalfAwayFromZero(7.5, 0)).toBe(8);
    expect(roundHalfAwayFromZero(123456789.125, 2)).toBe(123456789.13);
    expect(Object.is(roundScore(-0.001), 0)).toBe(true);
    expect(roundScore(NaN)).toBeNaN();
  });

  it('the weighted average of 1.00 and 1.01 rounds up (1.005)', () => {
    expect(
      aggregateAgency([
        { score: 1, pillar: 'a' },
        { score: 1.01, pillar: 'a' },
      ]).score,
    ).toBe(1.01);
  });
});

describe('§5.8 ranking', () => {
  it('descending, competition style (1, 2, 2, 4)', () => {
    const r = rankAgencies([
      { code: 'd', score: 10 },
      { code: 'a', score: 90 },
      { code: 'c', score: 50 },
      { code: 'b', score: 50 },
    ]);
    expect(r.map((x) => [x.code, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('equal when the ROUNDED scores are equal', () => {
    const r = rankAgencies([
      { code: 'x', score: 87.124 },
      { code: 'y', score: 87.1249 },
      { code: 'z', score: 87.125 }, // rounds to 87.13
      { code: 'w', score: 87.115 }, // rounds to 87.12
    ]);
    expect(r.map((x) => [x.code, x.rank])).toEqual([
      ['z', 1],
      ['w', 2],
      ['x', 2],
      ['y', 2],
    ]);
  });

  it('ties listed by code (code-unit order), whatever the input order', () => {
    const input = [
      { code: 'b-2', score: 70 },
      { code: 'B-1', score: 70 },
      { code: 'a-10', score: 70 },
      { code: 'a-9', score: 70 },
    ];
    const expected = ['B-1', 'a-10', 'a-9', 'b-2'];
    expect(rankAgencies(input).map((x) => x.code)).toEqual(expected);
    expect(rankAgencies([...input].reverse()).map((x) => x.code)).toEqual(expected);
    expect(rankAgencies(input).every((x) => x.rank === 1)).toBe(true);
  });

  it('unscored agencies (score null) come last, by code, with rank null', () => {
    const r = rankAgencies([
      { code: 'z', score: null },
      { code: 'b', score: 0 },
      { code: 'a', score: null },
      { code: 'c', score: 5 },
    ]);
    expect(r.map((x) => [x.code, x.rank])).toEqual([
      ['c', 1],
      ['b', 2],
      ['a', null],
      ['z', null],
    ]);
  });

  it('keeps the extra fields and does not mutate its input', () => {
    const input = [{ code: 'a', score: 1, name: 'A' }];
    const r = rankAgencies(input);
    expect(r).toEqual([{ code: 'a', score: 1, name: 'A', rank: 1 }]);
    expect(input[0]).toEqual({ code: 'a', score: 1, name: 'A' });
    expect(rankAgencies([])).toEqual([]);
  });
});
