// The events of the /live socket.io namespace (DESIGN §7, §10), shared by server and client.
// Every server→client message carries `seq`, numbered per socket: the snapshot, then each delta
// the next number. A client that sees a gap emits `resync` and gets a new `snapshot`.

export interface RankingRow {
  code: string;
  name: string;
  kind: string;
  score: number;
  rank: number;
  previousRank: number | null;
  /** Absent in the public table agency accounts receive. */
  pillars?: Record<string, number>;
}

export interface Ranking {
  plan: string;
  pillar: string | null;
  asOf: string | null;
  agencies: RankingRow[];
}

export interface AgencyUpdate {
  plan: string;
  agency: string;
  score: number | null;
  rank: number | null;
  pillars: Record<string, number>;
}

/** An early-warning alert as the dashboard shows it. */
export interface LiveAlert {
  id: number;
  plan: string;
  agency: string;
  indicator: string;
  state: 'open' | 'acknowledged' | 'resolved';
  level: 'at_risk' | 'off_track';
  probabilityOfMiss: number | null;
  forecast: number | null;
  explanation: { vi: string; en: string };
  openedAt: string;
  acknowledgedBy: string | null;
  note: string | null;
  /** Set when nobody acknowledged it in time: the agency above (or `leaders` at the top) it went to. */
  escalatedTo?: string | null;
  escalatedAt?: string | null;
}

/** A reminder to an agency that a value is due, stale or missing — for that agency only. */
export interface LiveReminder {
  id: number;
  plan: string;
  agency: string;
  indicator: string;
  status: 'due' | 'overdue' | 'missing';
  lastObservedAt: string | null;
  dueAt: string | null;
  message: { vi: string; en: string };
  openedAt: string;
  resolvedAt: string | null;
}

export interface ReminderEvent {
  seq: number;
  reminder: LiveReminder;
}

export interface SnapshotEvent {
  seq: number;
  plan: string;
  rankings: Ranking;
  /** The active (open or acknowledged) alerts the socket may see. */
  alerts: LiveAlert[];
}

export interface AlertEvent {
  seq: number;
  alert: LiveAlert;
}

export interface RankingUpdatedEvent {
  seq: number;
  plan: string;
  rankings: Ranking;
}

export interface AgencyUpdatedEvent extends AgencyUpdate {
  seq: number;
}

export interface ServerToClientEvents {
  snapshot: (event: SnapshotEvent) => void;
  'ranking.updated': (event: RankingUpdatedEvent) => void;
  'agency.updated': (event: AgencyUpdatedEvent) => void;
  'alert.opened': (event: AlertEvent) => void;
  'alert.escalated': (event: AlertEvent) => void;
  'alert.acknowledged': (event: AlertEvent) => void;
  'alert.resolved': (event: AlertEvent) => void;
  /** To the agency concerned only: data reminders never page the leaders. */
  'reminder.opened': (event: ReminderEvent) => void;
  'reminder.updated': (event: ReminderEvent) => void;
  'reminder.resolved': (event: ReminderEvent) => void;
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a gap in `seq`). */
  resync: () => void;
}

/** Rooms are chosen by the server from the token, never by the client. */
export const LEADERS_ROOM = 'leaders';
export const agencyRoom = (code: string) => `agency:${code}`;

/** True when `next` does not directly follow `last`: the client must resync. */
export function hasGap(last: number | null, next: number): boolean {
  return last !== null && next !== last + 1;
}

/** What an agency account may see of a ranking: the public table (codes, names, scores, ranks). */
export function publicTable(ranking: Ranking): Ranking {
  return {
    ...ranking,
    agencies: ranking.agencies.map(({ code, name, kind, score, rank, previousRank }) => ({
      code,
      name,
      kind,
      score,
      rank,
      previousRank,
    })),
  };
}
