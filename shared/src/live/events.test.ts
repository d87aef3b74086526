import { agencyRoom, hasGap } from './events.js';

describe('live events', () => {
  it('detects a gap in sequence numbers', () => {
    expect(hasGap(null, 7)).toBe(false); // first message after a snapshot-less start
    expect(hasGap(6, 7)).toBe(false);
    expect(hasGap(6, 8)).toBe(true);
    expect(hasGap(6, 6)).toBe(true); // a repeat is out of order too
  });

  it('names agency rooms', () => {
    expect(agencyRoom('vinh-tuy-ca')).toBe('agency:vinh-tuy-ca');
  });
});

describe('publicTable', () => {
  it('keeps codes, names, scores and ranks, and drops pillar detail', async () => {
    const { publicTable } = await import('./events.js');
    const table = publicTable({
      plan: 'p',
      pillar: null,
      asOf: null,
      agencies: [{ code: 'a', name: 'A', kind: 'ward', score: 50, rank: 1, previousRank: 2, pillars: { society: 40 } }],
    });
    expect(table.agencies).toEqual([{ code: 'a', name: 'A', kind: 'ward', score: 50, rank: 1, previousRank: 2 }]);
  });
});

describe('applyRankingUpdate', () => {
  const held = {
    plan: 'p',
    pillar: null,
    asOf: '2026-11-30T10:00:00.000Z',
    agencies: [
      { code: 'a', name: 'A', kind: 'ward', score: 90, rank: 1, previousRank: 1, pillars: { society: 90 } },
      { code: 'b', name: 'B', kind: 'ward', score: 80, rank: 2, previousRank: 3, pillars: { society: 80 } },
      { code: 'c', name: 'C', kind: 'ward', score: 70, rank: 3, previousRank: 2, pillars: { society: 70 } },
    ],
  };

  it('merges the moved rows by code, keeps the week-earlier ranks, re-sorts by rank and moves asOf forward', async () => {
    const { applyRankingUpdate } = await import('./events.js');
    const next = applyRankingUpdate(held, {
      changes: {
        asOf: '2026-11-30T10:05:00.000Z',
        agencies: [
          { code: 'c', name: 'C', kind: 'ward', score: 95, rank: 1, pillars: { society: 95 } },
          { code: 'a', name: 'A', kind: 'ward', score: 90, rank: 2, pillars: { society: 90 } },
          { code: 'b', name: 'B', kind: 'ward', score: 80, rank: 3, pillars: { society: 80 } },
        ],
      },
    })!;
    expect(next.agencies.map((a) => [a.code, a.rank, a.score, a.previousRank])).toEqual([
      ['c', 1, 95, 2],
      ['a', 2, 90, 1],
      ['b', 3, 80, 3],
    ]);
    expect(next.agencies[0].pillars).toEqual({ society: 95 });
    expect(next.asOf).toBe('2026-11-30T10:05:00.000Z');
    expect(held.agencies[0].code).toBe('a'); // the held ranking is not changed in place
  });

  it('adds a row scored for the first time, orders ties by code, and never moves asOf back', async () => {
    const { applyRankingUpdate } = await import('./events.js');
    const next = applyRankingUpdate(held, {
      changes: {
        asOf: '2026-11-30T09:00:00.000Z',
        agencies: [
          { code: 'aa', name: 'AA', kind: 'commune', score: 80, rank: 2 },
          { code: 'c', name: 'C', kind: 'ward', score: 79, rank: 4 },
        ],
      },
    })!;
    expect(next.agencies.map((a) => [a.code, a.rank])).toEqual([
      ['a', 1],
      ['aa', 2],
      ['b', 2],
      ['c', 4],
    ]);
    expect(next.agencies[1]).toEqual({
      code: 'aa',
      name: 'AA',
      kind: 'commune',
      score: 80,
      rank: 2,
      previousRank: null,
    });
    expect(next.asOf).toBe(held.asOf);
  });

  it('replaces the ranking with a whole one, and has nothing to apply changes to without one', async () => {
    const { applyRankingUpdate } = await import('./events.js');
    const whole = { ...held, agencies: held.agencies.slice(0, 1) };
    expect(applyRankingUpdate(held, { rankings: whole })).toBe(whole);
    expect(applyRankingUpdate(null, { rankings: whole })).toBe(whole);
    expect(applyRankingUpdate(null, { changes: { asOf: null, agencies: [] } })).toBeNull();
  });

  it('gives agency accounts the moved rows without pillar detail', async () => {
    const { publicChanges } = await import('./events.js');
    expect(
      publicChanges({
        asOf: null,
        agencies: [{ code: 'a', name: 'A', kind: 'ward', score: 50, rank: 1, pillars: { society: 40 } }],
      }).agencies,
    ).toEqual([{ code: 'a', name: 'A', kind: 'ward', score: 50, rank: 1 }]);
  });
});
