import type { Ranking } from '@kpi/shared/live';
import { applyLiveEvent, initialLiveState } from './live-state';

const ranking = (rows: [string, number][]): Ranking => ({
  plan: 'p',
  pillar: null,
  asOf: '2026-11-23T00:00:00Z',
  agencies: rows.map(([code, rank]) => ({
    code,
    name: code,
    kind: 'ward',
    score: 100 - rank,
    rank,
    previousRank: null,
  })),
});

describe('live state', () => {
  it('takes the snapshot, then applies consecutive deltas and marks the rows whose rank moved', () => {
    let s = applyLiveEvent(initialLiveState(), {
      name: 'snapshot',
      payload: {
        seq: 1,
        rankings: ranking([
          ['a', 1],
          ['b', 2],
        ]),
      },
    });
    expect(s.lastSeq).toBe(1);
    s = applyLiveEvent(s, {
      name: 'ranking.updated',
      payload: {
        seq: 2,
        rankings: ranking([
          ['b', 1],
          ['a', 2],
        ]),
      },
    });
    expect(s.rankings!.agencies.map((a) => a.code)).toEqual(['b', 'a']);
    expect(s.moved.sort()).toEqual(['a', 'b']);
    expect(s.needsResync).toBe(false);
    s = applyLiveEvent(s, {
      name: 'agency.updated',
      payload: { seq: 3, plan: 'p', agency: 'a', score: 98, rank: 2, pillars: {} },
    });
    expect(s.agency).toEqual({ plan: 'p', agency: 'a', score: 98, rank: 2, pillars: {} });
    expect(s.lastSeq).toBe(3);
  });

  it('asks for a resync on a gap and ignores deltas until the next snapshot', () => {
    let s = applyLiveEvent(initialLiveState(), {
      name: 'snapshot',
      payload: { seq: 1, rankings: ranking([['a', 1]]) },
    });
    s = applyLiveEvent(s, { name: 'ranking.updated', payload: { seq: 3, rankings: ranking([['z', 1]]) } });
    expect(s.needsResync).toBe(true);
    expect(s.rankings!.agencies[0].code).toBe('a');
    s = applyLiveEvent(s, { name: 'ranking.updated', payload: { seq: 4, rankings: ranking([['z', 1]]) } });
    expect(s.rankings!.agencies[0].code).toBe('a');
    s = applyLiveEvent(s, { name: 'snapshot', payload: { seq: 5, rankings: ranking([['z', 1]]) } });
    expect(s).toMatchObject({ needsResync: false, lastSeq: 5 });
    expect(s.rankings!.agencies[0].code).toBe('z');
  });
});
