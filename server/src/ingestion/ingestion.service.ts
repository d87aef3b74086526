// The one way values enter the system (push API, connector runs, manual entry): each value
// is checked on its own (a finite number in its unit's range, a known agency and indicator that
// are assigned, a time not in the future), bad ones are kept with their reason in the run log
// and the rest goes in. The same (assignment, time, source) with the same value is a duplicate;
// with another value it is a correction that supersedes the earlier row, which stays in the
// history. The agencies whose values changed are then rescored; rescorings of a plan are
// coalesced across concurrent batches (RescoreQueue), and `ingest` answers once its batch is
// both stored and scored.
import { Injectable, Logger } from '@nestjs/common';
import { hash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { parseIsoMs } from '@kpi/shared/scoring';
import type { RejectedValue } from '../connectors/connectors.repository.js';
import { ObservationsRepository, type NewObservation, type PairReference } from './observations.repository.js';
import { RescoreQueue } from './rescore-queue.js';

/** SQLSTATEs of a transaction PostgreSQL aborted to break a deadlock or a serialization conflict. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs `work` again (up to three times, after a short random wait) when PostgreSQL aborted it for a conflict. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { code?: string; driverError?: { code?: string } }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** Clocks of source systems drift: a value may be stamped this far in the future. */
export const FUTURE_SKEW_MS = 5 * 60_000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: RejectedValue[];
}

/** A distinct (agency, indicator) pair of a batch, and what the catalog says about it. */
interface Pair {
  agency: string;
  indicator: string;
  ref: PairReference | null;
}

interface Shaped {
  index: number;
  pair: Pair;
  agency: string;
  indicator: string;
  atMs: number;
  value: number;
  raw: unknown;
}

interface Candidate {
  /** position in the batch: among values for one key, the last one sent wins */
  index: number;
  assignmentId: number;
  planCode: string;
  agency: string;
  atMs: number;
  value: number;
  payloadHash: string;
}

/** Candidates in (assignment, time) order, the order of the unique key they are written in, then as sent. */
function byKeyThenIndex(a: Candidate, b: Candidate): number {
  return a.assignmentId - b.assignmentId || a.atMs - b.atMs || a.index - b.index;
}

function rangeProblem(unit: string | null, value: number): string | null {
  if (unit === '%' && (value < 0 || value > 100)) return `a percentage must be within 0–100, got ${value}`;
  if (unit === 'rank' && (value < 1 || !Number.isInteger(value)))
    return `a rank must be a whole number ≥ 1, got ${value}`;
  if (unit !== 'rank' && value < 0) return `must not be negative, got ${value}`;
  return null;
}

/** A batch stored; `scored` settles when the agencies it changed have been rescored. */
export interface StoredBatch extends IngestResult {
  scored: Promise<void>;
}

@Injectable()
export class IngestionService {
  private readonly logger = new Logger('Ingestion');

  constructor(
    private readonly observations: ObservationsRepository,
    private readonly rescoring: RescoreQueue,
  ) {}

  /**
   * Stores a batch and answers once the agencies it changed are rescored (rankings reflect it).
   *
   * @param within runs inside the batch's transaction once the values are stored (e.g. an audit
   *   entry that must commit or roll back with them), told how many rows were written
   */
  async ingest(
    items: unknown[],
    source: string,
    runId: number | null,
    nowMs = Date.now(),
    within?: (manager: EntityManager, stored: { inserted: number; corrections: number }) => Promise<void>,
  ): Promise<IngestResult> {
    const { scored, ...result } = await this.store(items, source, runId, nowMs, within);
    await scored;
    return result;
  }

  /**
   * Stores a batch and asks for the rescoring of the agencies it changed without waiting for it:
   * a caller with several batches (a connector run) stores the next while this one is scored, and
   * awaits `scored` before saying it is done. Rescorings of a plan are coalesced (RescoreQueue).
   */
  async store(
    items: unknown[],
    source: string,
    runId: number | null,
    nowMs = Date.now(),
    within?: (manager: EntityManager, stored: { inserted: number; corrections: number }) => Promise<void>,
  ): Promise<StoredBatch> {
    const t0 = performance.now();
    const rejected: RejectedValue[] = [];
    const reject = (index: number, field: string, reason: string) => rejected.push({ index, field, reason });

    // 1. shape of each item; the (agency, indicator) pairs to look up, each once (agency →
    // indicator → pair: no key string built per value)
    const shaped: Shaped[] = [];
    const pairIndex = new Map<string, Map<string, Pair>>();
    const pairs: Pair[] = [];
    for (let index = 0; index < items.length; index++) {
      const raw = items[index];
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        reject(index, '(item)', 'must be an object {agency, indicator, at, value}');
        continue;
      }
      const item = raw as Record<string, unknown>;
      const { agency, indicator, at, value } = item;
      if (typeof agency !== 'string' || !agency) {
        reject(index, 'agency', 'must be an agency code');
        continue;
      }
      if (typeof indicator !== 'string' || !indicator) {
        reject(index, 'indicator', 'must be an indicator code');
        continue;
      }
      const atMs = typeof at === 'string' ? parseIsoMs(at) : null;
      if (atMs === null) {
        reject(index, 'at', 'must be an ISO 8601 date or date-time');
        continue;
      }
      if (atMs > nowMs + FUTURE_SKEW_MS) {
        reject(index, 'at', 'is in the future');
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        reject(index, 'value', 'must be a finite number');
        continue;
      }
      let ofAgency = pairIndex.get(agency);
      if (!ofAgency) pairIndex.set(agency, (ofAgency = new Map()));
      let pair = ofAgency.get(indicator);
      if (!pair) {
        ofAgency.set(indicator, (pair = { agency, indicator, ref: null }));
        pairs.push(pair);
      }
      shaped.push({ index, pair, agency, indicator, atMs, value, raw });
    }
    const t1 = performance.now();

    // 2. references and ranges: one query for the distinct pairs; the values are hashed
    // (provenance) while PostgreSQL answers. One turn of the event loop first lets the query go
    // out (the pool and driver hand it over in callbacks); one turn only, so background work (a
    // previous batch's alerts) does not slip in between slices of this one.
    const refsAnswer = shaped.length ? this.observations.references(pairs) : Promise.resolve([]);
    const hashes = new Array<string>(shaped.length);
    try {
      await new Promise((r) => setImmediate(r));
      for (let k = 0; k < shaped.length; k++) hashes[k] = payloadHash(shaped[k].raw);
    } catch (error) {
      refsAnswer.catch(() => {});
      throw error;
    }
    const refs = await refsAnswer;
    for (let p = 0; p < pairs.length; p++) pairs[p].ref = refs[p];
    const t2 = performance.now();
    const valid: Candidate[] = [];
    for (let k = 0; k < shaped.length; k++) {
      const s = shaped[k];
      const ref = s.pair.ref;
      if (!ref?.agencyKnown) reject(s.index, 'agency', `unknown agency "${s.agency}"`);
      else if (!ref.indicatorKnown) reject(s.index, 'indicator', `unknown indicator "${s.indicator}"`);
      else if (!ref.assignment) reject(s.index, 'indicator', `"${s.indicator}" is not assigned to "${s.agency}"`);
      else {
        const range = rangeProblem(ref.unit, s.value);
        if (range) reject(s.index, 'value', range);
        else
          valid.push({
            index: s.index,
            assignmentId: ref.assignment.assignmentId,
            planCode: ref.assignment.planCode,
            agency: s.agency,
            atMs: s.atMs,
            value: s.value,
            payloadHash: hashes[k],
          });
      }
    }
    // within a batch, the last value for a key wins (the earlier ones count as duplicates):
    // sorted by key, the last of each run of equal keys; written in key order
    const candidates = valid.length;
    valid.sort(byKeyThenIndex);
    const unique: Candidate[] = [];
    for (let k = 0; k < valid.length; k++) {
      const c = valid[k];
      const next = valid[k + 1];
      if (next && next.assignmentId === c.assignmentId && next.atMs === c.atMs) continue;
      unique.push(c);
    }
    let duplicates = candidates - unique.length;
    const rows: NewObservation[] = unique.map((c) => ({
      assignmentId: c.assignmentId,
      atMs: c.atMs,
      value: c.value,
      source,
      payloadHash: c.payloadHash,
      runId,
    }));
    const t3 = performance.now();

    // 3. one transaction: new keys inserted in one statement; the keys that already had a
    // current row are duplicates (same value) or corrections (supersede it, insert the new one)
    let corrections = 0;
    const written = new Array<boolean>(rows.length).fill(true);
    const duplicatesInBatch = duplicates;
    // two batches that touch the same assignments (a correction in one, new values in the other)
    // can lock each assignment's latest-value row in opposite orders: PostgreSQL then aborts one
    // of them, which is retried from a clean state rather than failing the push or the run
    await retryOnConflict(() =>
      this.observations.transaction(async (manager) => {
        duplicates = duplicatesInBatch;
        corrections = 0;
        written.fill(true);
        const collided = rows.length ? await this.observations.insertNew(manager, rows) : [];
        const toSupersede: number[] = [];
        const toInsert: NewObservation[] = [];
        if (collided.length) {
          const current = await this.observations.current(
            manager,
            source,
            collided.map((i) => rows[i]),
          );
          for (const i of collided) {
            const existing = current.get(`${rows[i].assignmentId}|${rows[i].atMs}`);
            if (existing && existing.value === rows[i].value) {
              duplicates++;
              written[i] = false;
              continue;
            }
            // no current row left: a concurrent correction superseded it while we waited for its
            // lock; inserting then collides with that correction and fails the batch (a source
            // sending two different values for one key at the same instant), as it always has
            if (existing) {
              toSupersede.push(existing.id);
              corrections++;
            }
            toInsert.push(rows[i]);
          }
          await this.observations.supersede(manager, toSupersede);
          await this.observations.insert(manager, toInsert);
        }
        const inserted = written.filter(Boolean).length;
        await within?.(manager, { inserted, corrections: toSupersede.length });
      }),
    );
    const t4 = performance.now();

    // plan → the agencies to rescore, and the assignments whose history changed: their forecast
    // must be redone even when their score does not move (a corrected or backfilled past value)
    const changed = new Map<string, { agencies: Set<string>; assignments: Set<number> }>();
    for (let i = 0; i < unique.length; i++) {
      if (!written[i]) continue;
      const c = unique[i];
      let entry = changed.get(c.planCode);
      if (!entry) changed.set(c.planCode, (entry = { agencies: new Set(), assignments: new Set() }));
      entry.agencies.add(c.agency);
      entry.assignments.add(c.assignmentId);
    }
    const accepted = candidates - duplicates;
    const scored = Promise.all(
      [...changed].map(([plan, { agencies, assignments }]) =>
        this.rescoring.request(plan, nowMs, agencies, assignments),
      ),
    ).then(() => {
      this.logger.debug({
        msg: 'ingested',
        source,
        items: items.length,
        shapeMs: Math.round(t1 - t0),
        refsMs: Math.round(t2 - t1),
        prepareMs: Math.round(t3 - t2),
        storeMs: Math.round(t4 - t3),
        scoredMs: Math.round(performance.now() - t4),
      });
    });
    // a caller that stops before awaiting it (an error in a later batch) must not crash the process
    scored.catch(() => {});
    rejected.sort((a, b) => a.index - b.index);
    if (rejected.length) this.logger.warn({ msg: 'values rejected', source, rejected: rejected.length, accepted });
    return { accepted, duplicates, corrections, rejected, scored };
  }
}

/** Provenance: the value as the source sent it, hashed (one-shot `hash` is about twice as fast as a Hash object). */
function payloadHash(raw: unknown): string {
  return hash('sha256', JSON.stringify(raw), 'hex');
}
