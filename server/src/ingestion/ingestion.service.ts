// The one way values enter the system (push API, connector runs, manual entry): each value
// is checked on its own (a finite number in its unit's range, a known agency and indicator that
// are assigned, a time not in the future), bad ones are kept with their reason in the run log
// and the rest goes in. The same (assignment, time, source) with the same value is a duplicate;
// with another value it is a correction that supersedes the earlier row, which stays in the
// history. The agencies whose values changed are then rescored.
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { parseIsoMs } from '@kpi/shared/scoring';
import { ScoringService } from '../scoring/scoring.service.js';
import type { RejectedValue } from '../connectors/connectors.repository.js';
import { ObservationsRepository, type NewObservation } from './observations.repository.js';

/** Clocks of source systems drift: a value may be stamped this far in the future. */
export const FUTURE_SKEW_MS = 5 * 60_000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: RejectedValue[];
}

interface Candidate {
  index: number;
  assignmentId: number;
  planCode: string;
  agency: string;
  atMs: number;
  value: number;
  payloadHash: string;
}

function rangeProblem(unit: string | null, value: number): string | null {
  if (unit === '%' && (value < 0 || value > 100)) return `a percentage must be within 0–100, got ${value}`;
  if (unit === 'rank' && (value < 1 || !Number.isInteger(value)))
    return `a rank must be a whole number ≥ 1, got ${value}`;
  if (unit !== 'rank' && value < 0) return `must not be negative, got ${value}`;
  return null;
}

@Injectable()
export class IngestionService {
  private readonly logger = new Logger('Ingestion');

  constructor(
    private readonly observations: ObservationsRepository,
    private readonly scoring: ScoringService,
  ) {}

  /**
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
    const rejected: RejectedValue[] = [];
    const reject = (index: number, field: string, reason: string) => rejected.push({ index, field, reason });

    // 1. shape of each item
    const shaped: { index: number; agency: string; indicator: string; atMs: number; value: number; raw: unknown }[] =
      [];
    items.forEach((raw, index) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        return reject(index, '(item)', 'must be an object {agency, indicator, at, value}');
      const item = raw as Record<string, unknown>;
      if (typeof item.agency !== 'string' || !item.agency) return reject(index, 'agency', 'must be an agency code');
      if (typeof item.indicator !== 'string' || !item.indicator)
        return reject(index, 'indicator', 'must be an indicator code');
      const atMs = typeof item.at === 'string' ? parseIsoMs(item.at) : null;
      if (atMs === null) return reject(index, 'at', 'must be an ISO 8601 date or date-time');
      if (atMs > nowMs + FUTURE_SKEW_MS) return reject(index, 'at', 'is in the future');
      if (typeof item.value !== 'number' || !Number.isFinite(item.value))
        return reject(index, 'value', 'must be a finite number');
      shaped.push({ index, agency: item.agency, indicator: item.indicator, atMs, value: item.value, raw });
    });

    // 2. references and ranges
    const [agencies, indicators, assignments] = await Promise.all([
      this.observations.knownAgencies([...new Set(shaped.map((s) => s.agency))]),
      this.observations.knownIndicators([...new Set(shaped.map((s) => s.indicator))]),
      this.observations.assignments(shaped.map((s) => ({ agency: s.agency, indicator: s.indicator }))),
    ]);
    const candidates: Candidate[] = [];
    for (const s of shaped) {
      if (!agencies.has(s.agency)) reject(s.index, 'agency', `unknown agency "${s.agency}"`);
      else if (!indicators.has(s.indicator)) reject(s.index, 'indicator', `unknown indicator "${s.indicator}"`);
      else {
        const assignment = assignments.get(`${s.agency}|${s.indicator}`);
        const range = rangeProblem(indicators.get(s.indicator) ?? null, s.value);
        if (!assignment) reject(s.index, 'indicator', `"${s.indicator}" is not assigned to "${s.agency}"`);
        else if (range) reject(s.index, 'value', range);
        else {
          candidates.push({
            index: s.index,
            assignmentId: assignment.assignmentId,
            planCode: assignment.planCode,
            agency: s.agency,
            atMs: s.atMs,
            value: s.value,
            payloadHash: createHash('sha256').update(JSON.stringify(s.raw)).digest('hex'),
          });
        }
      }
    }

    // 3. duplicates, corrections, inserts: one transaction
    let duplicates = 0;
    let corrections = 0;
    const changed = new Map<string, Set<string>>(); // plan → agencies
    await this.observations.transaction(async (manager) => {
      // within a batch, the last value for a key wins
      const latest = new Map<string, Candidate>();
      for (const c of candidates) {
        const key = `${c.assignmentId}|${c.atMs}`;
        if (latest.has(key)) duplicates++;
        latest.set(key, c);
      }
      const current = await this.observations.current(manager, source, [...latest.values()]);
      const toInsert: NewObservation[] = [];
      const toSupersede: number[] = [];
      for (const [key, c] of latest) {
        const existing = current.get(key);
        if (existing && existing.value === c.value) {
          duplicates++;
          continue;
        }
        if (existing) {
          toSupersede.push(existing.id);
          corrections++;
        }
        toInsert.push({
          assignmentId: c.assignmentId,
          atMs: c.atMs,
          value: c.value,
          source,
          payloadHash: c.payloadHash,
          runId,
        });
        const set = changed.get(c.planCode) ?? new Set<string>();
        set.add(c.agency);
        changed.set(c.planCode, set);
      }
      await this.observations.supersede(manager, toSupersede);
      await this.observations.insert(manager, toInsert);
      await within?.(manager, { inserted: toInsert.length, corrections: toSupersede.length });
    });

    const accepted = candidates.length - duplicates;
    for (const [plan, agencyCodes] of changed) {
      await this.scoring.rescore(plan, new Date(nowMs), [...agencyCodes]);
    }
    rejected.sort((a, b) => a.index - b.index);
    if (rejected.length) this.logger.warn({ msg: 'values rejected', source, rejected: rejected.length, accepted });
    return { accepted, duplicates, corrections, rejected };
  }
}
