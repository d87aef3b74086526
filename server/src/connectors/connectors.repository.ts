// The only place connectors and their run log touch the database.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type ConnectorKind = 'push' | 'http-json' | 'sql' | 'csv' | 'dhis2' | 'simulator';

export interface Connector {
  id: string;
  kind: ConnectorKind;
  name: string;
  schedule: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
}

export interface RejectedValue {
  index: number;
  field: string;
  reason: string;
}

export interface RunOutcome {
  status: 'ok' | 'partial' | 'failed';
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

  /** Every connector with its latest run. */
  async listWithLastRun(): Promise<(Connector & { lastRun: Record<string, unknown> | null })[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.*, to_jsonb(r) - 'rejected' AS last_run, jsonb_array_length(r.rejected) AS last_rejected
         FROM connector c
         LEFT JOIN LATERAL (SELECT * FROM connector_run WHERE connector_id = c.id ORDER BY started_at DESC, id DESC LIMIT 1) r ON true
        ORDER BY c.id`,
    );
    return rows.map((r) => ({
      ...toConnector(r),
      lastRun: r.last_run ? { ...(r.last_run as Record<string, unknown>), rejected: Number(r.last_rejected) } : null,
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
