// Data reminders (issue 7): missing or ageing data is not an early-warning alert that pages the
// leaders, it is a reminder to the agency that reports it, timed from the indicator's reporting
// cadence. The cadence is the indicator's `maxAgeDays` — the age at which scoring treats a value
// as stale (DESIGN §5) — so the reminder comes `leadDays` before the score would drop to 0.
// Pure: times come in as ms.
import { formatDateVn } from '../forecast/explain.js';

const DAY_MS = 86_400_000;

/** `due`: report soon or the value goes stale; `overdue`: already stale; `missing`: never reported. */
export type ReminderStatus = 'ok' | 'due' | 'overdue' | 'missing';

export interface ReminderInput {
  /** The latest current observation, or null when the agency never reported. */
  lastObservedAtMs: number | null;
  /** The reporting cadence: the age at which a value is stale. */
  maxAgeDays: number;
  /** When the indicator's plan period starts: nobody is reminded of a value before it is due. */
  startMs: number;
  asOfMs: number;
  /** How many days before a value goes stale the agency is reminded. */
  leadDays: number;
}

export interface ReminderState {
  status: ReminderStatus;
  /** When the value is (or was) due: the latest value goes stale then, or the first report was expected. */
  dueAtMs: number | null;
}

export function reminderStatus(input: ReminderInput): ReminderState {
  const cadenceMs = input.maxAgeDays * DAY_MS;
  const leadMs = Math.min(input.leadDays, input.maxAgeDays) * DAY_MS;
  if (input.lastObservedAtMs === null) {
    // a whole reporting period into the plan without a first value
    const dueAtMs = input.startMs + cadenceMs;
    return { status: input.asOfMs >= dueAtMs ? 'missing' : 'ok', dueAtMs };
  }
  const dueAtMs = input.lastObservedAtMs + cadenceMs;
  if (input.asOfMs > dueAtMs) return { status: 'overdue', dueAtMs };
  if (input.asOfMs >= dueAtMs - leadMs) return { status: 'due', dueAtMs };
  return { status: 'ok', dueAtMs };
}

export interface ReminderWords {
  vi: string;
  en: string;
}

/** What the agency reads: which indicator, since when, by when, in Vietnamese and English. */
export function explainReminder(
  state: ReminderState,
  context: { name: string; lastObservedAtMs: number | null; maxAgeDays: number },
): ReminderWords {
  const due = state.dueAtMs === null ? null : formatDateVn(state.dueAtMs);
  const last = context.lastObservedAtMs === null ? null : formatDateVn(context.lastObservedAtMs);
  const cadenceVi = `chu kỳ báo cáo ${context.maxAgeDays} ngày`;
  const cadenceEn = `reporting cycle ${context.maxAgeDays} days`;
  switch (state.status) {
    case 'missing':
      return {
        vi: `${context.name}: chưa có số liệu nào (${cadenceVi}, lẽ ra đã có từ ${due}). Đề nghị cập nhật số liệu.`,
        en: `${context.name}: no value reported yet (${cadenceEn}, expected by ${due}). Please report it.`,
      };
    case 'overdue':
      return {
        vi: `${context.name}: số liệu gần nhất ngày ${last} đã quá hạn từ ${due} (${cadenceVi}) nên đang được chấm 0 điểm. Đề nghị cập nhật số liệu.`,
        en: `${context.name}: the latest value, from ${last}, went stale on ${due} (${cadenceEn}) and now scores 0. Please report a new one.`,
      };
    case 'due':
      return {
        vi: `${context.name}: số liệu gần nhất ngày ${last} sẽ hết hạn vào ${due} (${cadenceVi}). Đề nghị cập nhật trước hạn.`,
        en: `${context.name}: the latest value, from ${last}, goes stale on ${due} (${cadenceEn}). Please report before then.`,
      };
    default:
      return { vi: `${context.name}: số liệu còn hiệu lực.`, en: `${context.name}: data is current.` };
  }
}
