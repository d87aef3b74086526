// Schedules every enabled connector that has a cron expression (node-cron, Asia/Ho_Chi_Minh).
// Each instance schedules all of them; the run log's unique tick lets one instance per tick do
// the work. Started by server.ts once the application (and the demo) is up; off with SCHEDULER=0.
// Connectors created or edited later are picked up at once on this instance (sync after a
// change) and within a minute on the others (a periodic sync compares the schedules).
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import cron, { type ScheduledTask } from 'node-cron';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { ConnectorRunner } from './connector-runner.js';

export const SCHEDULE_TIMEZONE = 'Asia/Ho_Chi_Minh';

@Injectable()
export class SchedulerService implements OnModuleDestroy {
  private readonly logger = new Logger('Scheduler');
  private tasks: ScheduledTask[] = [];
  private fingerprint = '';
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connectors: ConnectorsRepository,
    private readonly runner: ConnectorRunner,
  ) {}

  async start(): Promise<void> {
    if (!this.config.scheduler.enabled) return;
    for (const connector of await this.connectors.scheduled()) {
      // a simulator asked to backfill reports its history once, in the background, before ticking
      if (
        connector.kind === 'simulator' &&
        connector.config.backfill === true &&
        !(await this.connectors.hasRuns(connector.id))
      ) {
        void this.runner.runNow(connector.id, 'backfill').then(
          (summary) => this.logger.log({ msg: 'simulator history backfilled', connector: connector.id, ...summary }),
          (error: unknown) =>
            this.logger.warn({ msg: 'backfill not run', connector: connector.id, error: String(error) }),
        );
      }
    }
    this.started = true;
    await this.sync();
    this.timer = setInterval(() => void this.sync().catch(() => undefined), 60_000);
    this.timer.unref();
    this.logger.log({ msg: 'scheduler started', connectors: this.tasks.length });
  }

  /** Re-creates the cron tasks when the enabled connectors' schedules changed. */
  async sync(): Promise<void> {
    if (!this.started) return;
    const scheduled = await this.connectors.scheduled();
    const fingerprint = scheduled.map((c) => `${c.id}|${c.schedule}`).join('\n');
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    for (const task of this.tasks) await task.destroy();
    this.tasks = [];
    for (const connector of scheduled) {
      if (!cron.validate(connector.schedule!)) {
        this.logger.warn({
          msg: 'invalid schedule, not scheduled',
          connector: connector.id,
          schedule: connector.schedule,
        });
        continue;
      }
      const task = cron.schedule(
        connector.schedule!,
        async (context) => {
          // the tick is the scheduled instant, the same on every instance
          const tickAt = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
          await this.runner
            .runTick(connector.id, tickAt)
            .catch((error: unknown) =>
              this.logger.error({ msg: 'scheduled run crashed', connector: connector.id, error: String(error) }),
            );
        },
        { timezone: SCHEDULE_TIMEZONE, name: `connector:${connector.id}`, noOverlap: true },
      );
      this.tasks.push(task);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    for (const task of this.tasks) await task.destroy();
    this.tasks = [];
  }
}
