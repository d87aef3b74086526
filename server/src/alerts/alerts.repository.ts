// The only place alerts touch the database.
import { Injectable } from '@nestjs/common';
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
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

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
    openedAt: iso(r.opened_at)!,
    levelSince: iso(r.level_since)!,
    resolvedAt: iso(r.resolved_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    acknowledgedAt: iso(r.acknowledged_at),
    note: (r.note as string | null) ?? null,
    escalatedTo: (r.escalated_to as string | null) ?? null,
    escalatedAt: iso(r.escalated_at),
  };
}

@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** What the forecaster needs for the active assignments of `agencies` in the plan. */
  async evaluationInputs(plan: string, agencies: string[] | null): Promise<EvaluationInput[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.agency_code, i.code, i.name, i.text, i.targets, i.unit, i.baseline, i.start_date::text AS start,
              i.deadline::text AS deadline, i.max_age_days,
              coalesce(json_agg(json_build_array(extract(epoch FROM o.observed_at) * 1000, o.value) ORDER BY o.observed_at)
                       FILTER (WHERE o.id IS NOT NULL), '[]') AS observations
         FROM assignment a
         JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL
         LEFT JOIN observation o ON o.assignment_id = a.id AND o.superseded_at IS NULL
        WHERE i.plan_code = $1 AND a.retired_at IS NULL AND ($2::text[] IS NULL OR a.agency_code = ANY($2))
        GROUP BY a.id, i.code`,
      [plan, agencies],
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
    }));
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

  async insert(manager: EntityManager, a: Omit<AlertRecord, 'id'>): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO alert (assignment_id, plan_code, agency_code, indicator_code, state, level, probability_of_miss, forecast,
                          low, high, explanation_vi, explanation_en, opened_at, level_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        a.assignmentId,
        a.plan,
        a.agency,
        a.indicator,
        a.state,
        a.level,
        a.probabilityOfMiss,
        a.forecast,
        a.low,
        a.high,
        a.explanation.vi,
        a.explanation.en,
        a.openedAt,
        a.levelSince,
      ],
    );
    return Number(rows[0].id);
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
