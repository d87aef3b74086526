// Runs a connector once: opens a run (a scheduled tick is claimed by exactly one instance), pulls
// from the source through the runner for its kind, closes the run with its counts and rejected
// values, and never lets a source's failure escape as anything but a failed run. The circuit
// breaker (state in the database, so instances agree) turns scheduled ticks of a source that
// keeps failing into `skipped` runs until its cool-down is over; then one tick probes it. "Run
// now" always runs: an operator asking is the probe, and its outcome moves the breaker too.
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { IngestResult } from '../ingestion/ingestion.service.js';
import { ConnectorsRepository, type Connector } from './connectors.repository.js';
import { SimulatorRunner } from './simulator.runner.js';
import { PullRunner } from './pull/pull.runner.js';
import { resilienceOf } from './pull/config.js';

/** A run older than this that never finished (its instance died) no longer blocks "run now". */
const STALE_RUN_MS = 10 * 60_000;

export interface RunSummary {
  run: number;
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: number;
  error: string | null;
}

@Injectable()
export class ConnectorRunner {
  private readonly logger = new Logger('Connectors');
  private readonly running = new Set<string>();

  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly simulator: SimulatorRunner,
    private readonly pull: PullRunner,
  ) {}

  /** "Run now" by an operator: one run at a time per connector. */
  async runNow(id: string, mode: 'tick' | 'backfill' = 'tick'): Promise<RunSummary> {
    const connector = await this.connectors.find(id);
    if (!connector) throw DomainError.notFound('connector', id);
    if (connector.kind === 'push')
      throw DomainError.invalid('id', 'a push connector is not pulled: its source sends to /api/ingest');
    if (this.running.has(id) || (await this.connectors.isRunning(id, STALE_RUN_MS))) {
      throw new DomainError('conflict', `connector "${id}" is already running`);
    }
    return (await this.run(connector, mode === 'backfill' ? 'backfill' : 'manual', null))!;
  }

  /** A scheduled tick: null when another instance (or an earlier call) already took it. */
  async runTick(id: string, tickAt: Date): Promise<RunSummary | null> {
    const connector = await this.connectors.find(id);
    if (!connector?.enabled || this.running.has(id)) return null;
    return this.run(connector, 'schedule', tickAt);
  }

  private async run(connector: Connector, trigger: string, tickAt: Date | null): Promise<RunSummary | null> {
    const runId = await this.connectors.startRun(connector.id, trigger, tickAt);
    if (runId === null) return null;
    const resilience = resilienceOf(connector.config);
    if (trigger === 'schedule' && connector.breaker && connector.breaker.state !== 'closed') {
      // the probe's claim lasts as long as a run may: every attempt timing out, with its waits
      const leaseMs = Math.max(
        resilience.breakerCooldownMs,
        (resilience.retries + 1) * (resilience.timeoutMs + resilience.retryMaxMs),
      );
      if (!(await this.connectors.claimProbe(connector.id, leaseMs))) {
        const error = `skipped: circuit breaker ${connector.breaker.state}${
          connector.breaker.retryAt ? ` until ${connector.breaker.retryAt}` : ''
        } after ${connector.breaker.consecutiveFailures} consecutive failed runs`;
        const empty = { accepted: 0, duplicates: 0, corrections: 0, rejected: [] };
        await this.connectors.finishRun(runId, { status: 'skipped', ...empty, error });
        return { run: runId, status: 'skipped', ...empty, rejected: 0, error };
      }
    }
    this.running.add(connector.id);
    const nowMs = tickAt?.getTime() ?? Date.now();
    let result: IngestResult = { accepted: 0, duplicates: 0, corrections: 0, rejected: [] };
    let error: string | null = null;
    try {
      if (connector.kind === 'simulator') {
        result =
          trigger === 'backfill'
            ? await this.simulator.backfill(connector, runId, nowMs)
            : await this.simulator.tick(connector, runId, nowMs);
      } else {
        // a real source's values are checked against the real clock, not the tick
        result = await this.pull.run(connector, runId, Date.now());
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      this.logger.warn({ msg: 'connector run failed', connector: connector.id, run: runId, error });
    } finally {
      this.running.delete(connector.id);
    }
    const status = error ? 'failed' : result.rejected.length ? 'partial' : 'ok';
    await this.connectors.finishRun(runId, { status, ...result, error });
    const breaker = await this.connectors.recordOutcome(
      connector.id,
      !error,
      resilience.breakerThreshold,
      resilience.breakerCooldownMs,
    );
    if (error && breaker.state === 'open' && connector.breaker?.state !== 'open')
      this.logger.warn({ msg: 'circuit breaker opened', connector: connector.id, retryAt: breaker.retryAt });
    return {
      run: runId,
      status,
      accepted: result.accepted,
      duplicates: result.duplicates,
      corrections: result.corrections,
      rejected: result.rejected.length,
      error,
    };
  }
}
