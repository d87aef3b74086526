// The alert lifecycle (DESIGN §6): one alert per assignment, opened at `at_risk`/`off_track`,
// escalated when the level worsens (also after an acknowledgement), resolved by itself when the
// level recovers, never duplicated. `no_data` is not an at-risk alert: it leaves an existing
// alert as it is and is reported separately as a data reminder. Pure: times come in as ms.

import type { Level } from '../forecast/types.js';

/** The evaluation levels: the forecaster's Level. */
export type EvaluationLevel = Level;

/** The levels an alert can be at. */
export type AlertLevel = 'at_risk' | 'off_track';

export type AlertState = 'open' | 'acknowledged';

export interface Alert {
  state: AlertState;
  /** The alert's level: the worst level since it opened (an improvement within the alert levels does not lower it). */
  level: AlertLevel;
  openedAtMs?: number | null;
  /** When the alert reached its current level (opened or last escalated). */
  levelSinceMs?: number | null;
  acknowledgedBy?: string | null;
  acknowledgedAtMs?: number | null;
  note?: string | null;
}

export type AlertAction = 'open' | 'escalate' | 'resolve' | 'none';

/** Where the transition table is read: no alert, or an alert's state and level. */
export type AlertKey = 'none' | `${AlertState}:${AlertLevel}`;

/**
 * The transition table: the current alert (none, or state:level) × the new evaluation level →
 * the action. Read it as "an alert that is … when the level becomes … gets …".
 */
export const TRANSITIONS: Readonly<Record<AlertKey, Readonly<Record<EvaluationLevel, AlertAction>>>> = {
  none: { achieved: 'none', on_track: 'none', watch: 'none', at_risk: 'open', off_track: 'open', no_data: 'none' },
  'open:at_risk': {
    achieved: 'resolve',
    on_track: 'resolve',
    watch: 'resolve',
    at_risk: 'none',
    off_track: 'escalate',
    no_data: 'none',
  },
  'open:off_track': {
    achieved: 'resolve',
    on_track: 'resolve',
    watch: 'resolve',
    at_risk: 'none',
    off_track: 'none',
    no_data: 'none',
  },
  'acknowledged:at_risk': {
    achieved: 'resolve',
    on_track: 'resolve',
    watch: 'resolve',
    at_risk: 'none',
    off_track: 'escalate',
    no_data: 'none',
  },
  'acknowledged:off_track': {
    achieved: 'resolve',
    on_track: 'resolve',
    watch: 'resolve',
    at_risk: 'none',
    off_track: 'none',
    no_data: 'none',
  },
};

export interface Transition {
  action: AlertAction;
  /** The alert after the action: null when there is none (never opened, or resolved). */
  alert: Alert | null;
  /** The level is no_data: remind the agency to report (separately from any at-risk alert). */
  dataReminder: boolean;
}

export function alertKey(alert: Alert | null | undefined): AlertKey {
  return alert ? `${alert.state}:${alert.level}` : 'none';
}

const EVALUATION_LEVELS: ReadonlySet<string> = new Set([
  'achieved',
  'on_track',
  'watch',
  'at_risk',
  'off_track',
  'no_data',
]);

/**
 * Applies a new evaluation level to the current alert of one assignment. `atMs` stamps an opened
 * or escalated alert. An escalation re-opens an acknowledged alert (the new level needs a new
 * acknowledgement).
 */
export function transition(
  current: Alert | null | undefined,
  level: EvaluationLevel,
  atMs?: number | null,
): Transition {
  if (!EVALUATION_LEVELS.has(level)) throw new RangeError(`unknown level: ${String(level)}`);
  const key = alertKey(current);
  const row = TRANSITIONS[key];
  if (!row) throw new RangeError(`invalid alert: ${JSON.stringify(current)}`);
  const action = row[level];
  const dataReminder = level === 'no_data';
  const at = atMs ?? null;
  switch (action) {
    case 'open':
      return {
        action,
        dataReminder,
        alert: {
          state: 'open',
          level: level as AlertLevel,
          openedAtMs: at,
          levelSinceMs: at,
          acknowledgedBy: null,
          acknowledgedAtMs: null,
          note: null,
        },
      };
    case 'escalate':
      return {
        action,
        dataReminder,
        alert: {
          ...current!,
          state: 'open',
          level: level as AlertLevel,
          levelSinceMs: at,
          acknowledgedBy: null,
          acknowledgedAtMs: null,
          note: null,
        },
      };
    case 'resolve':
      return { action, dataReminder, alert: null };
    default:
      return { action, dataReminder, alert: current ?? null };
  }
}

/** Acknowledges an alert: by whom (required), a note, when. Returns the new alert value. */
export function acknowledge(alert: Alert, by: string, note: string | null | undefined, atMs: number): Alert {
  if (!alert) throw new RangeError('no alert to acknowledge');
  if (typeof by !== 'string' || by.trim() === '') throw new RangeError('acknowledge: `by` is required');
  if (!Number.isFinite(atMs)) throw new RangeError('acknowledge: `atMs` must be a time');
  return { ...alert, state: 'acknowledged', acknowledgedBy: by, acknowledgedAtMs: atMs, note: note ?? null };
}

const DAY_MS = 86_400_000;

/**
 * Whether an open alert has waited at least `days` for an acknowledgement since it reached its
 * level (opened or escalated): time to tell the leaders above. Acknowledged alerts never are.
 */
export function isOverdueForAcknowledgement(alert: Alert | null | undefined, nowMs: number, days: number): boolean {
  if (!alert || alert.state !== 'open') return false;
  const since = alert.levelSinceMs ?? alert.openedAtMs;
  if (since === null || since === undefined || !Number.isFinite(since)) return false;
  return nowMs - since >= days * DAY_MS;
}
