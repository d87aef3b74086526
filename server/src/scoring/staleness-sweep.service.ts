// The staleness sweep (DESIGN §5.1): a value older than its indicator's max data age scores 0,
// so a score changes when time passes, not only when data arrives. Every hour (node-cron,
// Asia/Ho_Chi_Minh) the agencies whose stored scores still count a value that has gone stale are
// rescored incrementally, so ScoreEvents fire and live dashboards and alerts follow. The sweep
// looks at the stored state rather than at "what crossed the boundary since the last tick", so a
// missed tick (restart, downtime) is caught up by the next one. Each instance schedules it; the
// scoring_sweep row of a tick lets one instance do the work. Started by server.ts after listen,
// off with SCHEDULER=0.
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import cron, { type ScheduledTask } from 'node-cron';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ScoringRepository } from './scoring.repository.js';
import { ScoringService } from './scoring.service.js';
import { Clock } from '../common/clock.js';

/** Minute 7 of every hour: off the hour, when connector ticks cluster. */
export const SWEEP_SCHEDULE = '7 * * * *';
export const SWEEP_TIMEZONE = 'Asia/Ho_Chi_Minh';

export interface SweepResult {
  /** False when another instance had already claimed this tick. */
  ran: boolean;
  plans: number;
  agencies: number;
}

@Injectable()
export class StalenessSweep implements OnModuleDestroy {
  private readonly logger = new Logger('StalenessSweep');
  private task: ScheduledTask | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scores: ScoringRepository,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (!this.config.scheduler.enabled || this.task) return;
    this.task = cron.schedule(
      SWEEP_SCHEDULE,
      async (context) => {
        // the tick is the scheduled instant, the same on every instance
        const tickAt = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
        // stale as of the business clock (the real time unless CLOCK_NOW pins it)
        const run = this.sweep(new Date(this.clock.now()), tickAt).catch((error: unknown) =>
          this.logger.error({ msg: 'staleness sweep failed', error: String(error) }),
        );
        this.running = run;
        await run;
        this.running = null;
      },
      { timezone: SWEEP_TIMEZONE, name: 'scoring:staleness-sweep', noOverlap: true },
    );
  }

  /** Rescores, as of `asOf`, every agency whose stored score counts a value stale by then. */
  async sweep(asOf: Date, tickAt: Date = asOf): Promise<SweepResult> {
    if (!(await this.scores.claimSweepTick(tickAt))) return { ran: false, plans: 0, agencies: 0 };
    const stale = await this.scores.agenciesWithStaleScores(asOf);
    let agencies = 0;
    for (const [plan, codes] of stale) {
      await this.scoring.rescore(plan, asOf, codes);
      agencies += codes.length;
    }
    await this.scores.finishSweepTick(tickAt, agencies);
    if (agencies) this.logger.log({ msg: 'stale values rescored', plans: stale.size, agencies });
    return { ran: true, plans: stale.size, agencies };
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    await this.running;
  }
}
