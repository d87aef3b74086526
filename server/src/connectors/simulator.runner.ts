// Runs a `simulator` connector: reads the simulated systems for the assignments of its plans
// (config `{plans: string[], share?: number}`) and hands the values to ingestion like any source.
// `share` is the fraction of assignments that report on a given tick (chosen by a hash of the
// tick, so instances agree); a backfill reports every assignment once a month up to now.
import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { toScoringIndicator } from '../scoring/scoring.service.js';
import { IngestionService, type IngestResult } from '../ingestion/ingestion.service.js';
import type { Connector } from './connectors.repository.js';
import { simulatedValue, type SimulatedSeries } from './simulator.js';

const BATCH = 10_000;

@Injectable()
export class SimulatorRunner {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly ingestion: IngestionService,
  ) {}

  /** Values at `nowMs` for a share of the assignments. */
  async tick(connector: Connector, runId: number, nowMs: number): Promise<IngestResult> {
    const series = await this.series(connector);
    const share = typeof connector.config.share === 'number' ? connector.config.share : 0.1;
    const at = new Date(nowMs).toISOString();
    const items = series
      .filter((s, i) => ((i * 2654435761 + Math.floor(nowMs / 60_000)) >>> 0) % 1000 < share * 1000)
      .map((s) => ({ agency: s.agency, indicator: s.indicator, at, value: simulatedValue(s, nowMs) }))
      .filter((item) => item.value !== null);
    return this.ingestion.ingest(items, connector.id, runId, nowMs);
  }

  /** One value per assignment at the end of every month from its start up to `nowMs`, then one at `nowMs`. */
  async backfill(connector: Connector, runId: number, nowMs: number): Promise<IngestResult> {
    const series = await this.series(connector);
    const items: { agency: string; indicator: string; at: string; value: number }[] = [];
    for (const s of series) {
      const from = new Date(s.scoring.startMs ?? nowMs);
      for (let m = 0; ; m++) {
        const atMs = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m + 1, 0, 10);
        if (atMs > nowMs) break;
        const value = simulatedValue(s, atMs);
        if (value !== null)
          items.push({ agency: s.agency, indicator: s.indicator, at: new Date(atMs).toISOString(), value });
      }
      const value = simulatedValue(s, nowMs);
      if (value !== null)
        items.push({ agency: s.agency, indicator: s.indicator, at: new Date(nowMs).toISOString(), value });
    }
    const total: IngestResult = { accepted: 0, duplicates: 0, corrections: 0, rejected: [] };
    // two batches are stored at once (PostgreSQL inserts on both cores; every key of a backfill
    // is distinct, so their order does not matter) and each is scored while later ones are
    // stored (coalesced); done once all are scored
    const starts = Array.from({ length: Math.ceil(items.length / BATCH) }, (_, b) => b * BATCH);
    const scored: Promise<void>[] = [];
    let failed = false;
    const worker = async () => {
      // once a batch failed, no new one starts: the run ends as failed with nothing left writing
      for (let i = starts.shift(); i !== undefined && !failed; i = starts.shift()) {
        const r = await this.ingestion.store(items.slice(i, i + BATCH), connector.id, runId, nowMs);
        scored.push(r.scored);
        total.accepted += r.accepted;
        total.duplicates += r.duplicates;
        total.corrections += r.corrections;
        const first = i;
        total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + first })));
      }
    };
    const outcomes = await Promise.allSettled(
      [worker(), worker()].map((w) =>
        w.catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) {
      await Promise.allSettled(scored);
      throw failure.reason;
    }
    total.rejected.sort((a, b) => a.index - b.index);
    await Promise.all(scored);
    return total;
  }

  private async series(connector: Connector): Promise<SimulatedSeries[]> {
    const plans = Array.isArray(connector.config.plans) ? (connector.config.plans as string[]) : [];
    const reader = this.catalog.reader();
    const indicators = new Map<string, ReturnType<typeof toScoringIndicator>>();
    for (const plan of plans) {
      for (const i of await reader.findIndicators({ planCode: plan })) indicators.set(i.code, toScoringIndicator(i));
    }
    return (await reader.activeAssignments(plans))
      .filter((a) => indicators.has(a.indicator))
      .map((a) => ({ agency: a.agency, indicator: a.indicator, scoring: indicators.get(a.indicator)! }));
  }
}
