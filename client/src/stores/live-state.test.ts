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

  it('merges a delta of the rows that moved into the ranking held, and marks those whose rank changed', () => {
    let s = applyLiveEvent(initialLiveState(), {
      name: 'snapshot',
      payload: {
        seq: 1,
        rankings: ranking([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      },
    });
    s = applyLiveEvent(s, {
      name: 'ranking.updated',
      payload: {
        seq: 2,
        changes: {
          asOf: '2026-11-23T00:05:00Z',
          agencies: [
            { code: 'c', name: 'c', kind: 'ward', score: 99.5, rank: 1 },
            { code: 'a', name: 'a', kind: 'ward', score: 99, rank: 2 },
            { code: 'b', name: 'b', kind: 'ward', score: 98.5, rank: 2 },
          ],
        },
      },
    });
    expect(s.rankings!.agencies.map((a) => [a.code, a.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 2],
    ]);
    expect(s.moved.sort()).toEqual(['a', 'c']);
    expect(s.rankings!.asOf).toBe('2026-11-23T00:05:00Z');
    expect(s).toMatchObject({ lastSeq: 2, needsResync: false });
  });

  it('asks for a snapshot when a delta of moved rows comes with no ranking to apply it to', () => {
    const s = applyLiveEvent(initialLiveState(), {
      name: 'ranking.updated',
      payload: {
        seq: 1,
        changes: { asOf: null, agencies: [{ code: 'a', name: 'a', kind: 'ward', score: 1, rank: 1 }] },
      },
    });
    expect(s).toMatchObject({ needsResync: true, rankings: null });
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

  it('keeps the active alerts: opened and escalated ones in front, resolved ones out, and counts their seq', () => {
    const alert = (id: number, state: 'open' | 'resolved', level: 'at_risk' | 'off_track' = 'at_risk') => ({
      id,
      plan: 'p',
      agency: 'a',
      indicator: 'p/1',
      state,
      level,
      probabilityOfMiss: 0.7,
      forecast: 80,
      explanation: { vi: 'v', en: 'e' },
      openedAt: '2026-11-01T00:00:00Z',
      acknowledgedBy: null,
      note: null,
    });
    let s = applyLiveEvent(initialLiveState(), {
      name: 'snapshot',
      payload: { seq: 1, rankings: ranking([['a', 1]]), alerts: [alert(1, 'open')] } as never,
    });
    expect(s.alerts.map((a) => a.id)).toEqual([1]);
    s = applyLiveEvent(s, { name: 'alert.opened', payload: { seq: 2, alert: alert(2, 'open') } });
    s = applyLiveEvent(s, { name: 'alert.escalated', payload: { seq: 3, alert: alert(1, 'open', 'off_track') } });
    expect(s.alerts.map((a) => [a.id, a.level])).toEqual([
      [1, 'off_track'],
      [2, 'at_risk'],
    ]);
    s = applyLiveEvent(s, { name: 'alert.resolved', payload: { seq: 4, alert: alert(2, 'resolved') } });
    expect(s.alerts.map((a) => a.id)).toEqual([1]);
    expect(s).toMatchObject({ lastSeq: 4, needsResync: false });
  });
});
