// The only place the notification outbox touches the database.
import { Injectable } from '@nestjs/common';
import { isoOrNull } from '../common/sql-values.js';
import { DataSource } from 'typeorm';

export type Channel = 'webhook' | 'email';

export interface Notification {
  id: number;
  channel: Channel;
  kind: string;
  subject: string;
  payload: Record<string, unknown>;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

function toNotification(r: Record<string, unknown>): Notification {
  return {
    id: Number(r.id),
    channel: r.channel as Channel,
    kind: String(r.kind),
    subject: String(r.subject),
    payload: r.payload as Record<string, unknown>,
    state: r.state as Notification['state'],
    attempts: Number(r.attempts),
    nextAttemptAt: isoOrNull(r.next_attempt_at)!,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: isoOrNull(r.created_at)!,
    sentAt: isoOrNull(r.sent_at),
  };
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async enqueue(items: { channel: Channel; kind: string; subject: string; payload: unknown }[]): Promise<void> {
    if (!items.length) return;
    await this.dataSource.query(
      `INSERT INTO notification (channel, kind, subject, payload)
       SELECT r.channel, r.kind, r.subject, r.payload
         FROM jsonb_to_recordset($1::jsonb) AS r(channel text, kind text, subject text, payload jsonb)`,
      [JSON.stringify(items)],
    );
  }

  /**
   * Takes up to `limit` due notifications for `leaseMs`: another instance skips them meanwhile,
   * and if this one dies mid-delivery they come due again when the lease ends.
   */
  async claimDue(limit: number, leaseMs: number): Promise<Notification[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM notification WHERE state = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED),
       taken AS (
         UPDATE notification n SET next_attempt_at = now() + $2 * interval '1 millisecond', attempts = attempts + 1
           FROM due WHERE n.id = due.id RETURNING n.*)
       SELECT * FROM taken ORDER BY id`,
      [limit, leaseMs],
    );
    return rows.map(toNotification);
  }

  async markSent(id: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET state = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET last_error = $2, state = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
        WHERE id = $1`,
      [id, error.slice(0, 1000), retryAt],
    );
  }

  async list(filter: { state?: string }): Promise<Notification[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM notification WHERE ($1::text IS NULL OR state = $1) ORDER BY id DESC LIMIT 500`,
      [filter.state ?? null],
    );
    return rows.map(toNotification);
  }
}
