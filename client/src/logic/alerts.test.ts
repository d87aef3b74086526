import type { LiveAlert } from '@kpi/shared/live';
import { activeCountByAgency, emptyFilter, filterAlerts, sortAlerts } from './alerts';

const alert = (id: number, over: Partial<LiveAlert> = {}): LiveAlert => ({
  id,
  plan: 'p',
  agency: 'a',
  indicator: 'p/1',
  state: 'open',
  level: 'at_risk',
  probabilityOfMiss: 0.7,
  forecast: 50,
  explanation: { vi: 'v', en: 'e' },
  openedAt: `2026-11-0${id}T00:00:00Z`,
  acknowledgedBy: null,
  note: null,
  ...over,
});

describe('alert feed logic', () => {
  const list = [
    alert(1),
    alert(2, { agency: 'b', level: 'off_track', indicator: 'p/2' }),
    alert(3, { state: 'acknowledged', indicator: 'p/2' }),
    alert(4, { state: 'resolved', agency: 'b' }),
  ];
  const pillars: Record<string, string> = { 'p/1': 'government', 'p/2': 'society' };

  it('filters by level, agency, pillar and state together', () => {
    const by = (f: Partial<ReturnType<typeof emptyFilter>>) =>
      filterAlerts(list, { ...emptyFilter(), ...f }, (i) => pillars[i]).map((a) => a.id);
    expect(by({})).toEqual([1, 2, 3, 4]);
    expect(by({ level: 'off_track' })).toEqual([2]);
    expect(by({ agency: 'a' })).toEqual([1, 3]);
    expect(by({ pillar: 'society' })).toEqual([2, 3]);
    expect(by({ agency: 'a', pillar: 'society' })).toEqual([3]);
    expect(by({ state: 'acknowledged' })).toEqual([3]);
    expect(by({ pillar: 'economy' })).toEqual([]);
  });

  it('counts active alerts per agency, not resolved ones', () => {
    expect(activeCountByAgency(list)).toEqual({ a: 2, b: 1 });
    expect(activeCountByAgency([])).toEqual({});
  });

  it('puts unacknowledged off-track alerts first and resolved ones last', () => {
    expect(sortAlerts(list).map((a) => a.id)).toEqual([2, 1, 3, 4]);
  });
});
