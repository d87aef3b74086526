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
