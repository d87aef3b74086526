// The audit log (DESIGN §8): who did what, when, with the record before and after. Append-only.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Pass the transaction's manager so the entry commits or rolls back with the change it records. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor, action, subject, before, after) VALUES ($1, $2, $3, $4, $5)`, [
      entry.actor,
      entry.action,
      entry.subject ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ]);
  }

  async recent(limit: number, subject?: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT id, at, actor, action, subject, before, after FROM audit_log
        WHERE ($2::text IS NULL OR subject = $2) ORDER BY at DESC, id DESC LIMIT $1`,
      [limit, subject ?? null],
    );
  }
}
