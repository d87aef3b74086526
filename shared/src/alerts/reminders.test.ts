import { explainReminder, reminderStatus } from './reminders.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const base = { maxAgeDays: 40, startMs: START, leadDays: 7 };

describe('reminderStatus', () => {
  it('waits a whole reporting cycle into the plan before asking for a first value', () => {
    expect(reminderStatus({ ...base, lastObservedAtMs: null, asOfMs: START + 39 * DAY })).toEqual({
      status: 'ok',
      dueAtMs: START + 40 * DAY,
    });
    expect(reminderStatus({ ...base, lastObservedAtMs: null, asOfMs: START + 40 * DAY }).status).toBe('missing');
  });

  it('reminds leadDays before the latest value goes stale, and says overdue once it has', () => {
    const last = START + 100 * DAY;
    const at = (days: number) => reminderStatus({ ...base, lastObservedAtMs: last, asOfMs: last + days * DAY }).status;
    expect(at(32)).toBe('ok');
    expect(at(33)).toBe('due');
    expect(at(40)).toBe('due'); // exactly maxAgeDays old still scores (DESIGN §5)
    expect(at(40.001)).toBe('overdue');
  });

  it('never asks before the value was even reported when the lead exceeds the cycle', () => {
    const last = START + 10 * DAY;
    expect(reminderStatus({ ...base, maxAgeDays: 5, leadDays: 30, lastObservedAtMs: last, asOfMs: last }).status).toBe(
      'due',
    );
  });
});

describe('explainReminder', () => {
  it('names the indicator, the dates and the cycle in Vietnamese and English', () => {
    const last = Date.UTC(2026, 8, 1);
    const state = reminderStatus({ ...base, lastObservedAtMs: last, asOfMs: last + 45 * DAY });
    const words = explainReminder(state, { name: 'Tỷ lệ hồ sơ đúng hạn', lastObservedAtMs: last, maxAgeDays: 40 });
    expect(words.vi).toBe(
      'Tỷ lệ hồ sơ đúng hạn: số liệu gần nhất ngày 01/09/2026 đã quá hạn từ 11/10/2026 (chu kỳ báo cáo 40 ngày) nên đang được chấm 0 điểm. Đề nghị cập nhật số liệu.',
    );
    expect(words.en).toContain('went stale on 11/10/2026');
  });
});
