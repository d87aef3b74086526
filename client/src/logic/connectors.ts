// How the connectors screen reads the health list: today's fields, plus the schedule and circuit
// breaker the connectors API adds (`nextRunAt`, `breaker`), which may be absent on an older
// server. The last run arrives in either casing, so it is read through one function.
export interface Breaker {
  state: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  retryAt: string | null;
}

export interface ConnectorRunSummary {
  id: string;
  status: string;
  trigger: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  accepted: number;
  duplicates: number;
  rejected: number;
  error: string | null;
  /** As the server measured it, when it says. */
  durationMs?: number | null;
}

export interface ConnectorItem {
  id: string;
  kind: string;
  name: string;
  schedule: string | null;
  enabled: boolean;
  lastRun: Record<string, unknown> | null;
  nextRunAt?: string | null;
  breaker?: Breaker;
}

const pick = (o: Record<string, unknown>, ...keys: string[]) => {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
};
const num = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : Number(v ?? 0) || 0);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function lastRunOf(c: ConnectorItem): ConnectorRunSummary | null {
  const r = c.lastRun;
  if (!r) return null;
  return {
    id: String(pick(r, 'id')),
    status: String(pick(r, 'status') ?? ''),
    trigger: str(pick(r, 'trigger')),
    startedAt: str(pick(r, 'startedAt', 'started_at')),
    finishedAt: str(pick(r, 'finishedAt', 'finished_at')),
    accepted: num(pick(r, 'accepted')),
    duplicates: num(pick(r, 'duplicates')),
    rejected: num(pick(r, 'rejected')),
    error: str(pick(r, 'error')),
    durationMs: typeof r.durationMs === 'number' ? r.durationMs : undefined,
  };
}

/** Milliseconds a run took, or null while it runs. */
export function durationMs(run: {
  startedAt: string | null;
  finishedAt: string | null;
  durationMs?: number | null;
}): number | null {
  if (typeof run.durationMs === 'number') return run.durationMs;
  if (!run.startedAt || !run.finishedAt) return null;
  return Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

/** One word for the health column: what an operator needs to act on first. */
export function healthOf(c: ConnectorItem): 'disabled' | 'breaker_open' | 'failing' | 'degraded' | 'ok' | 'never' {
  if (!c.enabled) return 'disabled';
  if (c.breaker && c.breaker.state !== 'closed') return 'breaker_open';
  const run = lastRunOf(c);
  if (!run) return 'never';
  if (run.status === 'failed') return 'failing';
  if (run.status === 'partial' || run.rejected > 0) return 'degraded';
  return 'ok';
}
