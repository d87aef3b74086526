// The only place observations are written. A batch is one transaction: new rows in one multi-row
// insert, corrections mark the rows they replace as superseded (kept for the history).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AssignmentRef {
  assignmentId: number;
  planCode: string;
}

/** What validation needs to know about one (agency, indicator) pair. */
export interface PairReference {
  agencyKnown: boolean;
  /** active (not retired) */
  indicatorKnown: boolean;
  unit: string | null;
  /** the active assignment, if any */
  assignment: AssignmentRef | null;
}

/** Rows per statement: far below PostgreSQL's parameter and memory limits, large enough to amortise a round trip. */
const INSERT_CHUNK = 10_000;

/**
 * Times travel as epoch milliseconds (numbers serialise far cheaper than Date objects) and become
 * exact timestamps in SQL: whole milliseconds added to the epoch, no floating-point seconds.
 */
const MS_TO_TIMESTAMPTZ = `(timestamptz 'epoch' + at_ms::bigint * interval '1 millisecond')`;

/**
 * A PostgreSQL array literal of numbers (null → NULL), passed as one text parameter: the driver's
 * generic conversion of a 10,000-element array costs several times more on the server's one
 * thread. `String(n)` is what the driver would send for each element (no exponent PostgreSQL
 * cannot read, -0 as "0").
 */
function numberArrayLiteral(values: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (i ? ',' : '') + (v === null ? 'NULL' : String(v));
  }
  return out + '}';
}

/** A PostgreSQL array literal of lowercase hex digests (nothing to quote or escape). */
function hexArrayLiteral(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

export interface NewObservation {
  assignmentId: number;
  atMs: number;
  value: number;
  source: string;
  /** sha256 of the value as the source sent it, lowercase hex */
  payloadHash: string;
  runId: number | null;
}

@Injectable()
export class ObservationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Everything validation needs about distinct (agency, indicator) pairs, in one round trip:
   * whether the agency exists, the active indicator's unit (its first target's, else its own),
   * and the active assignment with its plan. One answer per pair, in the order asked.
   */
  async references(pairs: { agency: string; indicator: string }[]): Promise<PairReference[]> {
    const rows: {
      agency_known: boolean;
      indicator_known: boolean;
      unit: string | null;
      id: number | null;
      plan_code: string | null;
    }[] = await this.dataSource.query(
      `SELECT g.code IS NOT NULL AS agency_known, i.code IS NOT NULL AS indicator_known,
              COALESCE(i.targets -> 0 ->> 'unit', i.unit) AS unit, a.id, i.plan_code
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(agency, indicator, n)
         LEFT JOIN agency g ON g.code = p.agency
         LEFT JOIN indicator i ON i.code = p.indicator AND i.retired_at IS NULL
         LEFT JOIN assignment a ON a.agency_code = p.agency AND a.indicator_code = i.code AND a.retired_at IS NULL
        ORDER BY p.n`,
      [pairs.map((p) => p.agency), pairs.map((p) => p.indicator)],
    );
    // agency and indicator codes are keys and (agency, indicator) has one assignment: a row per pair
    if (rows.length !== pairs.length) throw new Error(`references: ${rows.length} answers for ${pairs.length} pairs`);
    return rows.map((r) => ({
      agencyKnown: r.agency_known,
      indicatorKnown: r.indicator_known,
      unit: r.unit,
      assignment: r.id === null ? null : { assignmentId: Number(r.id), planCode: r.plan_code! },
    }));
  }

  /**
   * Inserts the rows whose (assignment, time, source) has no current row yet, in one statement,
   * and returns the indexes (into `rows`) of those that collided with a current row: duplicates or
   * corrections, for the caller to sort out. A collision with a row another batch is inserting
   * waits for that batch to commit (the unique index), so two batches never both "insert" a key.
   * The common case (nothing collided: the insert's row count is the batch's) costs one plain
   * insert; only otherwise are the collided keys looked up.
   */
  async insertNew(manager: EntityManager, rows: NewObservation[]): Promise<number[]> {
    const collided: number[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const c = rows.slice(i, i + INSERT_CHUNK);
      const result = (await manager.queryRunner!.query(
        `INSERT INTO observation (assignment_id, observed_at, value, source, payload_hash, run_id)
         SELECT assignment_id, ${MS_TO_TIMESTAMPTZ}, value, $6, payload_hash, run_id
           FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::bigint[])
                AS u(assignment_id, at_ms, value, payload_hash, run_id)
         ON CONFLICT (assignment_id, observed_at, source) WHERE superseded_at IS NULL DO NOTHING`,
        [
          numberArrayLiteral(c.map((r) => r.assignmentId)),
          numberArrayLiteral(c.map((r) => r.atMs)),
          numberArrayLiteral(c.map((r) => r.value)),
          hexArrayLiteral(c.map((r) => r.payloadHash)),
          numberArrayLiteral(c.map((r) => r.runId)),
          c[0].source,
        ],
        true,
      )) as { affected?: number };
      if (result.affected === c.length) continue;
      // the current rows of these keys that this transaction did not write
      const found: { n: number }[] = await manager.query(
        `SELECT u.n::int FROM unnest($1::int[], $2::float8[]) WITH ORDINALITY AS u(assignment_id, at_ms, n)
           JOIN observation o ON o.assignment_id = u.assignment_id AND o.observed_at = ${MS_TO_TIMESTAMPTZ}
                             AND o.source = $3 AND o.superseded_at IS NULL
          WHERE o.xmin <> pg_current_xact_id()::xid`,
        [numberArrayLiteral(c.map((r) => r.assignmentId)), numberArrayLiteral(c.map((r) => r.atMs)), c[0].source],
      );
      for (const r of found) collided.push(i + r.n - 1);
    }
    return collided;
  }

  /** Current rows for (assignment, time) keys of one source, locked, keyed `assignment|ms`. */
  async current(manager: EntityManager, source: string, keys: { assignmentId: number; atMs: number }[]) {
    if (!keys.length) return new Map<string, { id: number; value: number }>();
    const rows: { id: string; assignment_id: number; at_ms: string; value: number }[] = await manager.query(
      `SELECT o.id, o.assignment_id, (extract(epoch FROM o.observed_at) * 1000)::bigint AS at_ms, o.value
         FROM unnest($2::int[], $3::float8[]) AS u(assignment_id, at_ms)
         JOIN observation o ON o.assignment_id = u.assignment_id AND o.observed_at = ${MS_TO_TIMESTAMPTZ}
                           AND o.source = $1 AND o.superseded_at IS NULL
         FOR UPDATE OF o`,
      [source, keys.map((k) => k.assignmentId), keys.map((k) => k.atMs)],
    );
    return new Map(
      rows.map((r) => [`${r.assignment_id}|${Number(r.at_ms)}`, { id: Number(r.id), value: Number(r.value) }]),
    );
  }

  async supersede(manager: EntityManager, ids: number[]): Promise<void> {
    if (ids.length)
      await manager.query(`UPDATE observation SET superseded_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async insert(manager: EntityManager, rows: NewObservation[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const c = rows.slice(i, i + INSERT_CHUNK);
      await manager.query(
        `INSERT INTO observation (assignment_id, observed_at, value, source, payload_hash, run_id)
         SELECT assignment_id, ${MS_TO_TIMESTAMPTZ}, value, source, payload_hash, run_id
           FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::text[], $6::bigint[])
                AS u(assignment_id, at_ms, value, source, payload_hash, run_id)`,
        [
          c.map((r) => r.assignmentId),
          c.map((r) => r.atMs),
          c.map((r) => r.value),
          c.map((r) => r.source),
          c.map((r) => r.payloadHash),
          c.map((r) => r.runId),
        ],
      );
    }
  }
}
