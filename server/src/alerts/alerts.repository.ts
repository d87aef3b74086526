// The only place alerts touch the database.
import { Injectable } from '@nestjs/common';
import { isoOrNull } from '../common/sql-values.js';
import { DataSource, EntityManager } from 'typeorm';
import type { Target } from '@kpi/shared/targets';
import type { LiveAlert } from '@kpi/shared/live';

/** An alert as stored: what the dashboard sees (LiveAlert) plus the band and timestamps. */
export interface AlertRecord extends LiveAlert {
  assignmentId: number;
  low: number | null;
  high: number | null;
  levelSince: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
}

export interface EvaluationInput {
  assignmentId: number;
  agency: string;
  indicator: string;
  name: string | null;
  text: string;
  targets: Target[];
  unit: string | null;
  baseline: number | null;
  start: string;
  deadline: string;
  maxAgeDays: number;
  observations: { atMs: number; value: number }[];
  /** The level stored next to the assignment's score (null: none yet), so unchanged levels are not rewritten. */
  level: string | null;
}

function toAlert(r: Record<string, unknown>): AlertRecord {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    assignmentId: Number(r.assignment_id),
    plan: String(r.plan_code),
    agency: String(r.agency_code),
    indicator: String(r.indicator_code),
    state: r.state as AlertRecord['state'],
    level: r.level as AlertRecord['level'],
    probabilityOfMiss: num(r.probability_of_miss),
    forecast: num(r.forecast),
    low: num(r.low),
    high: num(r.high),
    explanation: { vi: String(r.explanation_vi), en: String(r.explanation_en) },
    openedAt: isoOrNull(r.opened_at)!,
    levelSince: isoOrNull(r.level_since)!,
    resolvedAt: isoOrNull(r.resolved_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    note: (r.note as string | null) ?? null,
    escalatedTo: (r.escalated_to as string | null) ?? null,
    escalatedAt: isoOrNull(r.escalated_at),
  };
}

function toAlertRow(a: Omit<AlertRecord, 'id'>) {
  return {
    assignment_id: a.assignmentId,
    plan_code: a.plan,
    agency_code: a.agency,
    indicator_code: a.indicator,
    state: a.state,
    level: a.level,
    probability_of_miss: a.probabilityOfMiss,
    forecast: a.forecast,
    low: a.low,
    high: a.high,
    explanation_vi: a.explanation.vi,
    explanation_en: a.explanation.en,
    opened_at: a.openedAt,
    level_since: a.levelSince,
    resolved_at: a.resolvedAt,
    acknowledged_by: a.acknowledgedBy,
    acknowledged_at: a.acknowledgedAt,
    note: a.note,
  };
}

@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * What the forecaster needs for the active assignments of the plan: of `agencies` (null: any)
   * and of `assignmentIds` (null: any). An assignment's target override replaces the indicator's.
   */
  async evaluationInputs(
    plan: string,
    agencies: string[] | null,
    assignmentIds: number[] | null = null,
  ): Promise<EvaluationInput[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.agency_code, i.code, i.name, i.text, coalesce(nullif(a.target_override, '[]'::jsonb), i.targets) AS targets,
              i.unit, i.baseline, i.start_date::text AS start, i.deadline::text AS deadline, i.max_age_days,
              (SELECT s.level FROM assignment_score s WHERE s.assignment_id = a.id) AS level,
              coalesce(json_agg(json_build_array(extract(epoch FROM o.observed_at) * 1000, o.value) ORDER BY o.observed_at)
                       FILTER (WHERE o.id IS NOT NULL), '[]') AS observations
         FROM assignment a
         JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL
         LEFT JOIN observation o ON o.assignment_id = a.id AND o.superseded_at IS NULL
        WHERE i.plan_code = $1 AND a.retired_at IS NULL AND ($2::text[] IS NULL OR a.agency_code = ANY($2))
          AND ($3::int[] IS NULL OR a.id = ANY($3))
        GROUP BY a.id, i.code`,
      [plan, agencies, assignmentIds],
    );
    return rows.map((r) => ({
      assignmentId: Number(r.id),
      agency: String(r.agency_code),
      indicator: String(r.code),
      name: (r.name as string | null) ?? null,
      text: String(r.text),
      targets: r.targets as Target[],
      unit: (r.unit as string | null) ?? null,
      baseline: r.baseline === null ? null : Number(r.baseline),
      start: String(r.start),
      deadline: String(r.deadline),
      maxAgeDays: Number(r.max_age_days),
      observations: (r.observations as [number, number][]).map(([atMs, value]) => ({
        atMs: Number(atMs),
        value: Number(value),
      })),
      level: (r.level as string | null) ?? null,
    }));
  }

  /** The agencies with an active assignment in the plan (an evaluation of everything goes by them, in chunks). */
  async planAgencies(plan: string): Promise<string[]> {
    const rows: { agency_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT a.agency_code FROM assignment a JOIN indicator i ON i.code = a.indicator_code
        WHERE i.plan_code = $1 AND a.retired_at IS NULL AND i.retired_at IS NULL ORDER BY a.agency_code`,
      [plan],
    );
    return rows.map((r) => r.agency_code);
  }

  /** The plans with an active indicator. */
  async plans(): Promise<string[]> {
    const rows: { plan_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT plan_code FROM indicator WHERE retired_at IS NULL ORDER BY plan_code`,
    );
    return rows.map((r) => r.plan_code);
  }

  /** Claims the day's re-forecast of everything; false when another instance (or an earlier call) has it. */
  async claimForecastDay(day: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH claimed AS (INSERT INTO alert_forecast_day (day) VALUES ($1::date) ON CONFLICT DO NOTHING RETURNING day)
       SELECT day FROM claimed`,
      [day],
    );
    return rows.length === 1;
  }

  /** Gives a claimed day back (its re-forecast did not finish), so the next sweep does it again. */
  async releaseForecastDay(day: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM alert_forecast_day WHERE day = $1::date`, [day]);
  }

  /** Keeps each assignment's forecast level next to its score, for scorecards and the matrix. */
  async saveLevels(levels: { assignmentId: number; level: string }[]): Promise<void> {
    if (!levels.length) return;
    await this.dataSource.query(
      `UPDATE assignment_score s SET level = u.level
         FROM unnest($1::int[], $2::text[]) AS u(id, level)
        WHERE s.assignment_id = u.id AND s.level IS DISTINCT FROM u.level`,
      [levels.map((l) => l.assignmentId), levels.map((l) => l.level)],
    );
  }

  async lockPlan(manager: EntityManager, plan: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('kpi:alerts:' || $1))`, [plan]);
  }

  async active(manager: EntityManager, assignmentIds: number[]): Promise<Map<number, AlertRecord>> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT * FROM alert WHERE state <> 'resolved' AND assignment_id = ANY($1::int[]) FOR UPDATE`,
      [assignmentIds],
    );
    return new Map(rows.map((r) => [Number(r.assignment_id), toAlert(r)]));
  }

  async find(id: number, manager: EntityManager = this.dataSource.manager): Promise<AlertRecord | null> {
    const rows = await manager.query(`SELECT * FROM alert WHERE id = $1`, [id]);
    return rows.length ? toAlert(rows[0]) : null;
  }

  /** Inserts alerts in one statement; returns their ids in the same order. */
  async insertMany(manager: EntityManager, alerts: Omit<AlertRecord, 'id'>[]): Promise<number[]> {
    if (!alerts.length) return [];
    const rows: { id: string; n: string }[] = await manager.query(
      `WITH added AS (
         INSERT INTO alert (assignment_id, plan_code, agency_code, indicator_code, state, level, probability_of_miss,
                            forecast, low, high, explanation_vi, explanation_en, opened_at, level_since)
         SELECT r.assignment_id, r.plan_code, r.agency_code, r.indicator_code, r.state, r.level, r.probability_of_miss,
                r.forecast, r.low, r.high, r.explanation_vi, r.explanation_en, r.opened_at, r.level_since
           FROM jsonb_to_recordset($1::jsonb) AS r(assignment_id int, plan_code text, agency_code text,
                indicator_code text, state text, level text, probability_of_miss double precision,
                forecast double precision, low double precision, high double precision, explanation_vi text,
                explanation_en text, opened_at timestamptz, level_since timestamptz)
         RETURNING id, assignment_id)
       SELECT id, assignment_id FROM added`,
      [JSON.stringify(alerts.map(toAlertRow))],
    );
    // one active alert per assignment, so the assignment says which row is which
    const byAssignment = new Map(
      rows.map((r) => [Number((r as unknown as { assignment_id: number }).assignment_id), Number(r.id)]),
    );
    return alerts.map((a) => byAssignment.get(a.assignmentId)!);
  }

  async updateMany(manager: EntityManager, alerts: AlertRecord[]): Promise<void> {
    if (!alerts.length) return;
    await manager.query(
      `UPDATE alert a SET state = r.state, level = r.level, probability_of_miss = r.probability_of_miss,
              forecast = r.forecast, low = r.low, high = r.high, explanation_vi = r.explanation_vi,
              explanation_en = r.explanation_en, level_since = r.level_since, resolved_at = r.resolved_at,
              acknowledged_by = r.acknowledged_by, acknowledged_at = r.acknowledged_at, note = r.note
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, state text, level text, probability_of_miss double precision,
              forecast double precision, low double precision, high double precision, explanation_vi text,
              explanation_en text, level_since timestamptz, resolved_at timestamptz, acknowledged_by text,
              acknowledged_at timestamptz, note text)
        WHERE a.id = r.id`,
      [JSON.stringify(alerts.map((a) => ({ id: a.id, ...toAlertRow(a) })))],
    );
  }

  async eventMany(
    manager: EntityManager,
    events: { alertId: number; action: string; level: string; actor?: string | null; note?: string | null }[],
  ): Promise<void> {
    if (!events.length) return;
    await manager.query(
      `INSERT INTO alert_event (alert_id, action, level, actor, note)
       SELECT r.alert_id, r.action, r.level, r.actor, r.note
         FROM jsonb_to_recordset($1::jsonb) AS r(alert_id bigint, action text, level text, actor text, note text)`,
      [
        JSON.stringify(
          events.map((e) => ({
            alert_id: e.alertId,
            action: e.action,
            level: e.level,
            actor: e.actor ?? null,
            note: e.note ?? null,
          })),
        ),
      ],
    );
  }

  async update(manager: EntityManager, a: AlertRecord): Promise<void> {
    await manager.query(
      `UPDATE alert SET state = $2, level = $3, probability_of_miss = $4, forecast = $5, low = $6, high = $7,
              explanation_vi = $8, explanation_en = $9, level_since = $10, resolved_at = $11, acknowledged_by = $12,
              acknowledged_at = $13, note = $14
        WHERE id = $1`,
      [
        a.id,
        a.state,
        a.level,
        a.probabilityOfMiss,
        a.forecast,
        a.low,
        a.high,
        a.explanation.vi,
        a.explanation.en,
        a.levelSince,
        a.resolvedAt,
        a.acknowledgedBy,
        a.acknowledgedAt,
        a.note,
      ],
    );
  }

  async event(
    manager: EntityManager,
    alertId: number,
    action: string,
    level: string,
    actor: string | null,
    note: string | null = null,
  ): Promise<void> {
    await manager.query(`INSERT INTO alert_event (alert_id, action, level, actor, note) VALUES ($1, $2, $3, $4, $5)`, [
      alertId,
      action,
      level,
      actor,
      note,
    ]);
  }

  /**
   * Hands every open alert that has waited `days` at its level without an acknowledgement to the
   * agency above its own (`leaders` at the top of the tree), once per level. The conditional
   * UPDATE is its own guard: two instances sweeping at once cannot both take the same alert.
   */
  async escalateUnacknowledged(manager: EntityManager, cutoff: Date, now: Date): Promise<AlertRecord[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `WITH taken AS (
         UPDATE alert a SET escalated_to = coalesce(ag.parent_code, 'leaders'), escalated_at = $2
           FROM agency ag
          WHERE ag.code = a.agency_code AND a.state = 'open' AND a.level_since <= $1
            AND (a.escalated_at IS NULL OR a.escalated_at < a.level_since)
          RETURNING a.*)
       SELECT * FROM taken ORDER BY id`,
      [cutoff, now],
    );
    return rows.map(toAlert);
  }

  async list(filter: { plan?: string; agency?: string; state?: string; level?: string }): Promise<AlertRecord[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM alert
        WHERE ($1::text IS NULL OR plan_code = $1) AND ($2::text IS NULL OR agency_code = $2)
          AND ($3::text IS NULL OR state = $3) AND ($4::text IS NULL OR level = $4)
        ORDER BY (state = 'resolved'), CASE level WHEN 'off_track' THEN 0 ELSE 1 END, opened_at DESC, id DESC
        LIMIT 1000`,
      [filter.plan ?? null, filter.agency ?? null, filter.state ?? null, filter.level ?? null],
    );
    return rows.map(toAlert);
  }

  async history(alertId: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT at, action, level, actor, note FROM alert_event WHERE alert_id = $1 ORDER BY at, id`,
      [alertId],
    );
  }
}
