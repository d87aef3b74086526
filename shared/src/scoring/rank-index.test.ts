// RankIndex must always give rankAgencies' ranks, whatever sequence of changes it is fed.
import fc from 'fast-check';
import { rankAgencies } from './aggregate.js';
import { RankIndex } from './rank-index.js';

// few codes and few distinct scores: ties, re-sets of the same agency and removals are common
const code = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'A', 'ă');
const score = fc.oneof(
  fc.constantFrom(0, 50, 87.12, 87.1249, 87.124, 100, null),
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.constant(Number.NaN),
);
const change = fc.record({ code, score });

function expected(scores: Map<string, number | null>): Map<string, number | null> {
  const ranked = rankAgencies([...scores].map(([c, s]) => ({ code: c, score: s })));
  return new Map(ranked.map((r) => [r.code, r.rank]));
}

describe('RankIndex', () => {
  it('ranks as rankAgencies after any sequence of changes, and reports exactly the ranks that moved', () => {
    fc.assert(
      fc.property(
        fc.array(change),
        fc.array(fc.array(change, { maxLength: 20 }), { maxLength: 12 }),
        (initial, rounds) => {
          const scores = new Map<string, number | null>();
          for (const c of initial) scores.set(c.code, c.score);
          const index = new RankIndex(initial);
          let ranks = expected(scores);
          for (const round of rounds) {
            for (const c of round) scores.set(c.code, c.score);
            const moved = index.update(round);
            const next = expected(scores);
            for (const [c, rank] of next) expect(index.rankOf(c)).toBe(rank);
            const reallyMoved = new Map([...next].filter(([c, rank]) => (ranks.get(c) ?? null) !== rank));
            expect(moved).toEqual(reallyMoved);
            ranks = next;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('moves one agency among thousands without re-sorting, ranks shifting by one in between', () => {
    const index = new RankIndex(Array.from({ length: 3000 }, (_, i) => ({ code: `c${i}`, score: i / 100 })));
    expect(index.rankOf('c2999')).toBe(1);
    expect(index.rankOf('c0')).toBe(3000);
    // c0 jumps from last to a tie with c1500 (15.00): everyone from 15.00 down moves one place
    const moved = index.update([{ code: 'c0', score: 15 }]);
    expect(index.rankOf('c0')).toBe(1500);
    expect(index.rankOf('c1500')).toBe(1500);
    expect(index.rankOf('c1499')).toBe(1502);
    expect(index.rankOf('c1')).toBe(3000);
    expect(moved.size).toBe(1500);
    expect(moved.get('c0')).toBe(1500);
    expect(moved.has('c1500')).toBe(false);
    // an unchanged rounded score moves nothing
    expect(index.update([{ code: 'c0', score: 15.001 }]).size).toBe(0);
    // no longer ranked
    expect(index.update([{ code: 'c2999', score: null }]).get('c2999')).toBeNull();
    expect(index.size).toBe(2999);
  });
});
