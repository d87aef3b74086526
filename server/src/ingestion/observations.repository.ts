// The only place observations are written. A batch is one transaction: new rows in one multi-row
// insert, corrections mark the rows they replace as superseded (kept for the history).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Target } from '@kpi/shared/targets';

export interface AssignmentRef {
  assignmentId: number;
  planCode: string;
}

export interface NewObservation {
  assignmentId: number;
  atMs: number;
  value: number;
  source: string;
  payloadHash: string;
  runId: number | null;
}

@Injectable()
export class ObservationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async knownAgencies(codes: string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM agency WHERE code = ANY($1)`, [
      codes,
    ]);
    return new Set(rows.map((r) => r.code));
  }

  /** Active indicators among `codes`, with the unit their values are checked against. */
  async knownIndicators(codes: string[]): Promise<Map<string, string | null>> {
    const rows: { code: string; unit: string | null; targets: Target[] }[] = await this.dataSource.query(
      `SELECT code, unit, targets FROM indicator WHERE code = ANY($1) AND retired_at IS NULL`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.targets[0]?.unit ?? r.unit]));
  }

  /** Active assignments for (agency, indicator) pairs, keyed `agency|indicator`. */
  async assignments(pairs: { agency: string; indicator: string }[]): Promise<Map<string, AssignmentRef>> {
    const rows: { id: number; agency_code: string; indicator_code: string; plan_code: string }[] =
      await this.dataSource.query(
        `SELECT a.id, a.agency_code, a.indicator_code, i.plan_code
           FROM unnest($1::text[], $2::text[]) AS p(agency, indicator)
           JOIN assignment a ON a.agency_code = p.agency AND a.indicator_code = p.indicator AND a.retired_at IS NULL
           JOIN indicator i ON i.code = a.indicator_code AND i.retired_at IS NULL`,
        [pairs.map((p) => p.agency), pairs.map((p) => p.indicator)],
      );
    return new Map(
      rows.map((r) => [`${r.agency_code}|${r.indicator_code}`, { assignmentId: r.id, planCode: r.plan_code }]),
    );
  }

  /** Current rows for (assignment, time) keys of one source, keyed `assignment|ms`. */
  async current(manager: EntityManager, source: string, keys: { assignmentId: number; atMs: number }[]) {
    const rows: { id: string; assignment_id: number; observed_at: Date; value: number }[] = await manager.query(
      `SELECT o.id, o.assignment_id, o.observed_at, o.value
         FROM unnest($2::int[], $3::timestamptz[]) AS k(assignment_id, observed_at)
         JOIN observation o ON o.assignment_id = k.assignment_id AND o.observed_at = k.observed_at
                           AND o.source = $1 AND o.superseded_at IS NULL
         FOR UPDATE OF o`,
      [source, keys.map((k) => k.assignmentId), keys.map((k) => new Date(k.atMs))],
    );
    return new Map(
      rows.map((r) => [
        `${r.assignment_id}|${new Date(r.observed_at).getTime()}`,
        { id: Number(r.id), value: Number(r.value) },
      ]),
    );
  }

  async supersede(manager: EntityManager, ids: number[]): Promise<void> {
    if (ids.length)
      await manager.query(`UPDATE observation SET superseded_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async insert(manager: EntityManager, rows: NewObservation[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 10_000) {
      const c = rows.slice(i, i + 10_000);
      await manager.query(
        `INSERT INTO observation (assignment_id, observed_at, value, source, payload_hash, run_id)
         SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::float8[], $4::text[], $5::text[], $6::bigint[])`,
        [
          c.map((r) => r.assignmentId),
          c.map((r) => new Date(r.atMs)),
          c.map((r) => r.value),
          c.map((r) => r.source),
          c.map((r) => r.payloadHash),
          c.map((r) => r.runId),
        ],
      );
    }
  }
}
