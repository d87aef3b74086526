// The only place data reminders touch the database.
import { Injectable } from '@nestjs/common';
import { isoOrNull } from '../common/sql-values.js';
import { DataSource, EntityManager } from 'typeorm';
import type { LiveReminder } from '@kpi/shared/live';

export interface ReminderInput {
  assignmentId: number;
  plan: string;
  agency: string;
  indicator: string;
  name: string;
  maxAgeDays: number;
  startMs: number;
  lastObservedAtMs: number | null;
}

export interface ReminderRecord extends LiveReminder {
  assignmentId: number;
}

function toReminder(r: Record<string, unknown>): ReminderRecord {
  return {
    id: Number(r.id),
    assignmentId: Number(r.assignment_id),
    plan: String(r.plan_code),
    agency: String(r.agency_code),
    indicator: String(r.indicator_code),
    status: r.status as ReminderRecord['status'],
    lastObservedAt: isoOrNull(r.last_observed_at),
    dueAt: isoOrNull(r.due_at),
    message: { vi: String(r.message_vi), en: String(r.message_en) },
    openedAt: isoOrNull(r.opened_at)!,
    resolvedAt: isoOrNull(r.resolved_at),
  };
}

function toRow(r: Omit<ReminderRecord, 'id'>) {
  return {
    assignment_id: r.assignmentId,
    plan_code: r.plan,
    agency_code: r.agency,
    indicator_code: r.indicator,
    status: r.status,
    last_observed_at: r.lastObservedAt,
    due_at: r.dueAt,
    message_vi: r.message.vi,
    message_en: r.message.en,
    opened_at: r.openedAt,
    resolved_at: r.resolvedAt,
  };
}

@Injectable()
export class RemindersRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Each active assignment's latest current value (plans and agencies: null for all). */
  async inputs(plan: string | null, agencies: string[] | null): Promise<ReminderInput[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, i.plan_code, a.agency_code, i.code, coalesce(i.name, left(i.text, 80)) AS name, i.max_age_days,
              i.start_date::text AS start, max(o.observed_at) AS last
         FROM assignment a
         JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL
         LEFT JOIN observation o ON o.assignment_id = a.id AND o.superseded_at IS NULL
        WHERE a.retired_at IS NULL AND ($1::text IS NULL OR i.plan_code = $1)
          AND ($2::text[] IS NULL OR a.agency_code = ANY($2))
        GROUP BY a.id, i.code`,
      [plan, agencies],
    );
    return rows.map((r) => ({
      assignmentId: Number(r.id),
      plan: String(r.plan_code),
      agency: String(r.agency_code),
      indicator: String(r.code),
      name: String(r.name),
      maxAgeDays: Number(r.max_age_days),
      startMs: Date.parse(`${String(r.start)}T00:00:00Z`),
      lastObservedAtMs: r.last ? new Date(r.last as string).getTime() : null,
    }));
  }

  /** The active reminders of these assignments, locked until the transaction ends. */
  async active(manager: EntityManager, assignmentIds: number[]): Promise<Map<number, ReminderRecord>> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT * FROM data_reminder WHERE resolved_at IS NULL AND assignment_id = ANY($1::int[]) FOR UPDATE`,
      [assignmentIds],
    );
    return new Map(rows.map((r) => [Number(r.assignment_id), toReminder(r)]));
  }

  /** Opens reminders in one statement; those another instance opened first are left out. */
  async openMany(manager: EntityManager, reminders: Omit<ReminderRecord, 'id'>[]): Promise<ReminderRecord[]> {
    if (!reminders.length) return [];
    const rows: Record<string, unknown>[] = await manager.query(
      `WITH added AS (
         INSERT INTO data_reminder (assignment_id, plan_code, agency_code, indicator_code, status, last_observed_at,
                                    due_at, message_vi, message_en, opened_at, updated_at)
         SELECT r.assignment_id, r.plan_code, r.agency_code, r.indicator_code, r.status, r.last_observed_at, r.due_at,
                r.message_vi, r.message_en, r.opened_at, r.opened_at
           FROM jsonb_to_recordset($1::jsonb) AS r(assignment_id int, plan_code text, agency_code text,
                indicator_code text, status text, last_observed_at timestamptz, due_at timestamptz, message_vi text,
                message_en text, opened_at timestamptz)
         ON CONFLICT (assignment_id) WHERE resolved_at IS NULL DO NOTHING
         RETURNING *)
       SELECT * FROM added ORDER BY id`,
      [JSON.stringify(reminders.map(toRow))],
    );
    return rows.map(toReminder);
  }

  async updateMany(manager: EntityManager, reminders: ReminderRecord[], at: string): Promise<void> {
    if (!reminders.length) return;
    await manager.query(
      `UPDATE data_reminder d SET status = r.status, last_observed_at = r.last_observed_at, due_at = r.due_at,
              message_vi = r.message_vi, message_en = r.message_en, resolved_at = r.resolved_at, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, last_observed_at timestamptz,
              due_at timestamptz, message_vi text, message_en text, resolved_at timestamptz)
        WHERE d.id = r.id`,
      [JSON.stringify(reminders.map((r) => ({ id: r.id, ...toRow(r) }))), at],
    );
  }

  async list(filter: { plan?: string; agency?: string; state?: 'active' | 'resolved' }): Promise<ReminderRecord[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM data_reminder
        WHERE ($1::text IS NULL OR plan_code = $1) AND ($2::text IS NULL OR agency_code = $2)
          AND ($3::text IS NULL OR ($3 = 'active') = (resolved_at IS NULL))
        ORDER BY resolved_at IS NOT NULL, CASE status WHEN 'overdue' THEN 0 WHEN 'missing' THEN 1 ELSE 2 END,
                 due_at NULLS FIRST, id
        LIMIT 2000`,
      [filter.plan ?? null, filter.agency ?? null, filter.state ?? null],
    );
    return rows.map(toReminder);
  }
}
