// The events of the /live socket.io namespace (DESIGN §7, §10), shared by server and client.
// Every server→client message carries `seq`, numbered per stream (the sockets that receive the
// same messages): the snapshot, then each delta the next number. A client that sees a gap emits
// `resync` and gets a new `snapshot`. A `ranking.updated` usually carries only the rows that
// moved (`changes`), applied with `applyRankingUpdate` to the ranking the client holds.

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

/**
 * A ranked row that moved, as a delta carries it. Without the week-earlier rank: it is not
 * recomputed per change (the row keeps the one it had; a snapshot brings it up to date).
 */
export type RankingRowChange = Omit<RankingRow, 'previousRank'>;

export interface RankingChanges {
  /** The time the moved scores were computed as of. */
  asOf: string | null;
  /** The rows whose score, pillars or rank moved; every other row is unchanged. */
  agencies: RankingRowChange[];
}

/**
 * Exactly one of `changes` (the usual case: the rows that moved, to merge into the ranking held)
 * and `rankings` (the whole ranking, replacing the one held: sent when the server did not know
 * which rows moved, e.g. after a catalog import by another process).
 */
export interface RankingUpdatedEvent {
  seq: number;
  plan: string;
  rankings?: Ranking;
  changes?: RankingChanges;
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

/**
 * The ranking after a `ranking.updated`: the whole one it carries, or the one held with the moved
 * rows merged in by code and put back in rank order (ties by code, as the server ranks them).
 * Null when there are changes but nothing to apply them to (the client then needs a snapshot).
 */
export function applyRankingUpdate(
  held: Ranking | null,
  update: Pick<RankingUpdatedEvent, 'rankings' | 'changes'>,
): Ranking | null {
  if (update.rankings) return update.rankings;
  if (!update.changes) return held;
  if (!held) return null;
  const rows = new Map(held.agencies.map((a) => [a.code, a]));
  for (const change of update.changes.agencies) {
    const before = rows.get(change.code);
    rows.set(change.code, { ...change, previousRank: before?.previousRank ?? null });
  }
  const agencies = [...rows.values()].sort(
    (a, b) => a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const asOf = update.changes.asOf;
  return { ...held, asOf: asOf !== null && (held.asOf === null || asOf > held.asOf) ? asOf : held.asOf, agencies };
}

/** The public rows (no pillar detail) of a delta, for agency accounts. */
export function publicChanges(changes: RankingChanges): RankingChanges {
  return {
    asOf: changes.asOf,
    agencies: changes.agencies.map(({ code, name, kind, score, rank }) => ({ code, name, kind, score, rank })),
  };
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
