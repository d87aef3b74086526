import {
  TRANSITIONS,
  acknowledge,
  alertKey,
  isOverdueForAcknowledgement,
  transition,
  type Alert,
  type AlertAction,
  type AlertKey,
  type EvaluationLevel,
} from './lifecycle.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const LEVELS: EvaluationLevel[] = ['achieved', 'on_track', 'watch', 'at_risk', 'off_track', 'no_data'];

function alertFor(key: AlertKey): Alert | null {
  if (key === 'none') return null;
  const [state, level] = key.split(':') as [Alert['state'], Alert['level']];
  const base: Alert = { state: 'open', level, openedAtMs: T0, levelSinceMs: T0 };
  return state === 'acknowledged' ? acknowledge(base, 'chu-tich-phuong', 'Đã giao phòng VH-XH', T0 + DAY) : base;
}

/** Every (current alert, new level) pair and what it must give. */
const TABLE: [AlertKey, EvaluationLevel, AlertAction, AlertKey][] = [
  // No alert: at_risk / off_track open one; nothing else does (no_data is a data reminder).
  ['none', 'achieved', 'none', 'none'],
  ['none', 'on_track', 'none', 'none'],
  ['none', 'watch', 'none', 'none'],
  ['none', 'at_risk', 'open', 'open:at_risk'],
  ['none', 'off_track', 'open', 'open:off_track'],
  ['none', 'no_data', 'none', 'none'],
  // Open at_risk.
  ['open:at_risk', 'achieved', 'resolve', 'none'],
  ['open:at_risk', 'on_track', 'resolve', 'none'],
  ['open:at_risk', 'watch', 'resolve', 'none'],
  ['open:at_risk', 'at_risk', 'none', 'open:at_risk'],
  ['open:at_risk', 'off_track', 'escalate', 'open:off_track'],
  ['open:at_risk', 'no_data', 'none', 'open:at_risk'],
  // Open off_track: an improvement to at_risk keeps the alert (and its level) as it is.
  ['open:off_track', 'achieved', 'resolve', 'none'],
  ['open:off_track', 'on_track', 'resolve', 'none'],
  ['open:off_track', 'watch', 'resolve', 'none'],
  ['open:off_track', 'at_risk', 'none', 'open:off_track'],
  ['open:off_track', 'off_track', 'none', 'open:off_track'],
  ['open:off_track', 'no_data', 'none', 'open:off_track'],
  // Acknowledged at_risk: escalation re-opens it for a new acknowledgement.
  ['acknowledged:at_risk', 'achieved', 'resolve', 'none'],
  ['acknowledged:at_risk', 'on_track', 'resolve', 'none'],
  ['acknowledged:at_risk', 'watch', 'resolve', 'none'],
  ['acknowledged:at_risk', 'at_risk', 'none', 'acknowledged:at_risk'],
  ['acknowledged:at_risk', 'off_track', 'escalate', 'open:off_track'],
  ['acknowledged:at_risk', 'no_data', 'none', 'acknowledged:at_risk'],
  // Acknowledged off_track.
  ['acknowledged:off_track', 'achieved', 'resolve', 'none'],
  ['acknowledged:off_track', 'on_track', 'resolve', 'none'],
  ['acknowledged:off_track', 'watch', 'resolve', 'none'],
  ['acknowledged:off_track', 'at_risk', 'none', 'acknowledged:off_track'],
  ['acknowledged:off_track', 'off_track', 'none', 'acknowledged:off_track'],
  ['acknowledged:off_track', 'no_data', 'none', 'acknowledged:off_track'],
];

describe('alert transitions', () => {
  it('the table covers every alert and level', () => {
    const keys = Object.keys(TRANSITIONS) as AlertKey[];
    expect(keys.sort()).toEqual([
      'acknowledged:at_risk',
      'acknowledged:off_track',
      'none',
      'open:at_risk',
      'open:off_track',
    ]);
    for (const k of keys) expect(Object.keys(TRANSITIONS[k]).sort()).toEqual([...LEVELS].sort());
    expect(TABLE).toHaveLength(keys.length * LEVELS.length);
  });

  it.each(TABLE)('%s + %s → %s (then %s)', (from, level, action, to) => {
    const current = alertFor(from);
    const frozen = JSON.stringify(current);
    const t = transition(current, level, T0 + 10 * DAY);
    expect(t.action).toBe(action);
    expect(TRANSITIONS[from][level]).toBe(action);
    expect(alertKey(t.alert)).toBe(to);
    expect(t.dataReminder).toBe(level === 'no_data');
    expect(JSON.stringify(current)).toBe(frozen);
    if (action === 'none') expect(t.alert).toBe(current);
  });

  it('opening stamps the time; escalation restamps the level and clears the acknowledgement', () => {
    const opened = transition(null, 'at_risk', T0).alert!;
    expect(opened).toMatchObject({
      state: 'open',
      level: 'at_risk',
      openedAtMs: T0,
      levelSinceMs: T0,
      acknowledgedBy: null,
    });
    const acked = acknowledge(opened, 'truong-phong', 'Đang xử lý', T0 + DAY);
    const escalated = transition(acked, 'off_track', T0 + 5 * DAY).alert!;
    expect(escalated).toMatchObject({
      state: 'open',
      level: 'off_track',
      openedAtMs: T0,
      levelSinceMs: T0 + 5 * DAY,
      acknowledgedBy: null,
      acknowledgedAtMs: null,
      note: null,
    });
  });

  it('a full life: open, same level again, acknowledge, escalate, data gap, recover', () => {
    let alert: Alert | null = null;
    const actions: AlertAction[] = [];
    const run = (level: EvaluationLevel, at: number) => {
      const t = transition(alert, level, at);
      actions.push(t.action);
      alert = t.alert;
      return t;
    };
    run('on_track', T0);
    run('at_risk', T0 + DAY);
    run('at_risk', T0 + 2 * DAY);
    alert = acknowledge(alert!, 'pho-chu-tich', null, T0 + 3 * DAY);
    run('at_risk', T0 + 4 * DAY);
    run('off_track', T0 + 5 * DAY);
    expect(run('no_data', T0 + 6 * DAY).dataReminder).toBe(true);
    run('at_risk', T0 + 7 * DAY);
    run('watch', T0 + 8 * DAY);
    run('watch', T0 + 9 * DAY);
    expect(actions).toEqual(['none', 'open', 'none', 'none', 'escalate', 'none', 'none', 'resolve', 'none']);
    expect(alert).toBeNull();
  });

  it('rejects unknown levels and malformed alerts', () => {
    expect(() => transition(null, 'behind' as EvaluationLevel)).toThrow(RangeError);
    expect(() => transition({ state: 'closed', level: 'at_risk' } as unknown as Alert, 'at_risk')).toThrow(RangeError);
  });
});

describe('acknowledge', () => {
  it('records who, when and a note, and returns a new value', () => {
    const open: Alert = { state: 'open', level: 'off_track', openedAtMs: T0, levelSinceMs: T0 };
    const acked = acknowledge(open, 'chu-tich-phuong', 'Giao phòng Văn hóa - Xã hội', T0 + DAY);
    expect(acked).toEqual({
      ...open,
      state: 'acknowledged',
      acknowledgedBy: 'chu-tich-phuong',
      acknowledgedAtMs: T0 + DAY,
      note: 'Giao phòng Văn hóa - Xã hội',
    });
    expect(open.state).toBe('open');
    expect(acknowledge(open, 'a', undefined, T0).note).toBeNull();
  });

  it('needs someone and a time', () => {
    const open: Alert = { state: 'open', level: 'at_risk' };
    expect(() => acknowledge(open, ' ', null, T0)).toThrow(RangeError);
    expect(() => acknowledge(open, 'a', null, Number.NaN)).toThrow(RangeError);
    expect(() => acknowledge(null as unknown as Alert, 'a', null, T0)).toThrow(RangeError);
  });
});

describe('isOverdueForAcknowledgement', () => {
  const open: Alert = { state: 'open', level: 'at_risk', openedAtMs: T0, levelSinceMs: T0 };

  it.each<[string, Alert | null, number, boolean]>([
    ['open, 2 days of 3', open, T0 + 2 * DAY, false],
    ['open, exactly 3 days', open, T0 + 3 * DAY, true],
    ['open, 5 days', open, T0 + 5 * DAY, true],
    [
      'acknowledged, 5 days',
      { ...open, state: 'acknowledged', acknowledgedBy: 'x', acknowledgedAtMs: T0 },
      T0 + 5 * DAY,
      false,
    ],
    ['no alert', null, T0 + 5 * DAY, false],
    [
      'escalated 1 day ago: counts from the escalation',
      { ...open, level: 'off_track', levelSinceMs: T0 + 4 * DAY },
      T0 + 5 * DAY,
      false,
    ],
    ['only openedAtMs', { state: 'open', level: 'at_risk', openedAtMs: T0 }, T0 + 3 * DAY, true],
    ['no times at all', { state: 'open', level: 'at_risk' }, T0 + 30 * DAY, false],
  ])('%s', (_label, alert, now, overdue) => {
    expect(isOverdueForAcknowledgement(alert, now, 3)).toBe(overdue);
  });
});
