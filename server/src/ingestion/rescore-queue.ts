// Rescorings requested by ingestion, coalesced per plan: one rescoring of a plan runs at a time
// in this instance, and every batch stored while it runs is merged into the next one (the union
// of their agencies, as of the latest of their times). A batch's promise settles when a rescoring
// that started after the batch was stored has finished, so "stored and scored" still holds for
// whoever awaits it — but ten batches arriving together cost two rescorings instead of ten.
// Only ingestion's rescorings go through here; a full rescoring asked elsewhere is not delayed.
import { Injectable } from '@nestjs/common';
import { ScoringService } from '../scoring/scoring.service.js';

/**
 * Requests further apart than this are not merged: a simulator tick or a test replaying a past
 * time must be scored as of that time, not as of a live batch's "now".
 */
const MERGE_WINDOW_MS = 60_000;

interface Group {
  asOfMs: number;
  /** null: every agency of the plan */
  agencies: Set<string> | null;
  /** assignments whose history changed (their forecasts are redone even if their score stays) */
  assignments: Set<number>;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

interface PlanQueue {
  running: boolean;
  pending: Group[];
}

@Injectable()
export class RescoreQueue {
  private readonly plans = new Map<string, PlanQueue>();

  constructor(private readonly scoring: ScoringService) {}

  /** Settles once the plan has been rescored (as of `asOfMs` or a bit later) for `agencies` (all when null). */
  request(
    plan: string,
    asOfMs: number,
    agencies: Iterable<string> | null,
    assignments: Iterable<number> = [],
  ): Promise<void> {
    let queue = this.plans.get(plan);
    if (!queue) {
      queue = { running: false, pending: [] };
      this.plans.set(plan, queue);
    }
    const promise = new Promise<void>((resolve, reject) => {
      const last = queue.pending.at(-1);
      let group: Group;
      if (last && Math.abs(last.asOfMs - asOfMs) <= MERGE_WINDOW_MS) {
        group = last;
        group.asOfMs = Math.max(group.asOfMs, asOfMs);
        if (agencies === null) group.agencies = null;
        else if (group.agencies) for (const a of agencies) group.agencies.add(a);
        for (const id of assignments) group.assignments.add(id);
      } else {
        group = {
          asOfMs,
          agencies: agencies === null ? null : new Set(agencies),
          assignments: new Set(assignments),
          waiters: [],
        };
        queue.pending.push(group);
      }
      group.waiters.push({ resolve, reject });
    });
    if (!queue.running) void this.drain(plan, queue);
    return promise;
  }

  private async drain(plan: string, queue: PlanQueue): Promise<void> {
    queue.running = true;
    try {
      for (let group = queue.pending.shift(); group; group = queue.pending.shift()) {
        try {
          await this.scoring.rescore(plan, new Date(group.asOfMs), group.agencies ? [...group.agencies] : undefined, [
            ...group.assignments,
          ]);
          for (const w of group.waiters) w.resolve();
        } catch (error) {
          for (const w of group.waiters) w.reject(error);
        }
      }
    } finally {
      queue.running = false;
      if (!queue.pending.length) this.plans.delete(plan);
    }
  }
}
