// The only place connectors and their run log touch the database.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type ConnectorKind = 'push' | 'http-json' | 'sql' | 'csv' | 'dhis2' | 'simulator';

export interface Breaker {
  state: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  /** open: when a probe may run; half_open: when the probe's claim lapses (its instance died) */
  retryAt: string | null;
}

export interface Connector {
  id: string;
  kind: ConnectorKind;
  name: string;
  schedule: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
  breaker?: Breaker;
}

export interface RejectedValue {
  index: number;
  field: string;
  reason: string;
}

export interface RunOutcome {
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: RejectedValue[];
  error?: string | null;
}

function toConnector(r: Record<string, unknown>): Connector {
  return {
    id: String(r.id),
    kind: r.kind as ConnectorKind,
    name: String(r.name),
    schedule: (r.schedule as string | null) ?? null,
    enabled: Boolean(r.enabled),
    config: (r.config as Record<string, unknown>) ?? {},
    breaker: {
      state: ((r.breaker_state as Breaker['state'] | undefined) ?? 'closed') as Breaker['state'],
      consecutiveFailures: Number(r.breaker_failures ?? 0),
      retryAt: r.breaker_retry_at ? new Date(r.breaker_retry_at as string).toISOString() : null,
    },
  };
}

@Injectable()
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByKeyHash(hash: string): Promise<Connector | null> {
    const rows = await this.dataSource.query(`SELECT * FROM connector WHERE api_key_hash = $1`, [hash]);
    return rows.length ? toConnector(rows[0]) : null;
  }

  async find(id: string): Promise<Connector | null> {
    const rows = await this.dataSource.query(`SELECT * FROM connector WHERE id = $1`, [id]);
    return rows.length ? toConnector(rows[0]) : null;
  }

  async save(c: Connector & { apiKeyHash: string | null }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO connector (id, kind, name, api_key_hash, config, schedule, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, api_key_hash = EXCLUDED.api_key_hash,
         config = EXCLUDED.config, schedule = EXCLUDED.schedule, enabled = EXCLUDED.enabled`,
      [c.id, c.kind, c.name, c.apiKeyHash, JSON.stringify(c.config), c.schedule, c.enabled],
    );
  }

  /** A new connector; false when the id is taken. */
  async insert(c: Connector): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO connector (id, kind, name, config, schedule, enabled) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [c.id, c.kind, c.name, JSON.stringify(c.config), c.schedule, c.enabled],
    );
    return rows.length > 0;
  }

  /** Name, schedule, enabled and config of a connector (its kind, key and breaker stay). */
  async update(c: Connector): Promise<void> {
    await this.dataSource.query(
      `UPDATE connector SET name = $2, config = $3, schedule = $4, enabled = $5, updated_at = now() WHERE id = $1`,
      [c.id, c.name, JSON.stringify(c.config), c.schedule, c.enabled],
    );
  }

  /**
   * Claims the one probe run of an open breaker whose cool-down is over (or of a half-open one
   * whose probe never reported back within `leaseMs`): exactly one caller gets true.
   */
  async claimProbe(connectorId: string, leaseMs: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE connector SET breaker_state = 'half_open', breaker_retry_at = now() + make_interval(secs => $2)
          WHERE id = $1 AND breaker_state IN ('open', 'half_open') AND breaker_retry_at <= now()
          RETURNING id)
       SELECT id FROM claimed`,
      [connectorId, leaseMs / 1000],
    );
    return rows.length > 0;
  }

  /**
   * A run's outcome moves the breaker: a success closes it; a failure counts, and opens it for
   * `cooldownMs` at `threshold` consecutive failures or when it was a half-open probe.
   */
  async recordOutcome(connectorId: string, ok: boolean, threshold: number, cooldownMs: number): Promise<Breaker> {
    const rows: Record<string, unknown>[] = ok
      ? await this.dataSource.query(
          `WITH u AS (UPDATE connector SET breaker_state = 'closed', breaker_failures = 0, breaker_retry_at = NULL
                       WHERE id = $1 RETURNING *) SELECT * FROM u`,
          [connectorId],
        )
      : await this.dataSource.query(
          `WITH u AS (
             UPDATE connector SET
               breaker_failures = breaker_failures + 1,
               breaker_state = CASE WHEN breaker_state <> 'closed' OR breaker_failures + 1 >= $2 THEN 'open' ELSE 'closed' END,
               breaker_retry_at = CASE WHEN breaker_state <> 'closed' OR breaker_failures + 1 >= $2
                                       THEN now() + make_interval(secs => $3) ELSE NULL END
             WHERE id = $1 RETURNING *) SELECT * FROM u`,
          [connectorId, threshold, cooldownMs / 1000],
        );
    return toConnector(rows[0] ?? {}).breaker!;
  }

  /** Every connector with its latest run. */
  async listWithLastRun(): Promise<(Connector & { lastRun: Record<string, unknown> | null })[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.*, to_jsonb(r) - 'rejected' AS last_run, jsonb_array_length(r.rejected) AS last_rejected,
              (extract(epoch FROM r.finished_at - r.started_at) * 1000)::bigint AS last_duration_ms
         FROM connector c
         LEFT JOIN LATERAL (SELECT * FROM connector_run WHERE connector_id = c.id ORDER BY started_at DESC, id DESC LIMIT 1) r ON true
        ORDER BY c.id`,
    );
    return rows.map((r) => ({
      ...toConnector(r),
      lastRun: r.last_run
        ? {
            ...(r.last_run as Record<string, unknown>),
            rejected: Number(r.last_rejected),
            durationMs: r.last_duration_ms === null ? null : Number(r.last_duration_ms),
          }
        : null,
    }));
  }

  /**
   * Opens a run. A scheduled run names its tick: when another instance already claimed that tick
   * the answer is null and nothing is opened.
   */
  async startRun(connectorId: string, trigger: string, tickAt: Date | null = null): Promise<number | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO connector_run (connector_id, trigger, tick_at) VALUES ($1, $2, $3)
       ON CONFLICT (connector_id, tick_at) WHERE tick_at IS NOT NULL DO NOTHING RETURNING id`,
      [connectorId, trigger, tickAt],
    );
    return rows.length ? Number(rows[0].id) : null;
  }

  /** Whether a run of the connector started in the last `withinMs` and has not finished. */
  async isRunning(connectorId: string, withinMs: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM connector_run WHERE connector_id = $1 AND status = 'running'
          AND started_at > now() - make_interval(secs => $2) LIMIT 1`,
      [connectorId, withinMs / 1000],
    );
    return rows.length > 0;
  }

  async hasRuns(connectorId: string): Promise<boolean> {
    return (
      (await this.dataSource.query(`SELECT 1 FROM connector_run WHERE connector_id = $1 LIMIT 1`, [connectorId]))
        .length > 0
    );
  }

  async scheduled(): Promise<Connector[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM connector WHERE enabled AND schedule IS NOT NULL ORDER BY id`,
    );
    return rows.map(toConnector);
  }

  async finishRun(runId: number, outcome: RunOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE connector_run SET finished_at = now(), status = $2, accepted = $3, duplicates = $4, corrections = $5,
              rejected = $6, error = $7 WHERE id = $1`,
      [
        runId,
        outcome.status,
        outcome.accepted,
        outcome.duplicates,
        outcome.corrections,
        JSON.stringify(outcome.rejected),
        outcome.error ?? null,
      ],
    );
  }

  async runs(connectorId: string, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT id, trigger, started_at AS "startedAt", finished_at AS "finishedAt", status, accepted, duplicates,
              corrections, rejected, error
         FROM connector_run WHERE connector_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
      [connectorId, limit],
    );
  }
}
