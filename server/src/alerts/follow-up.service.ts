// What follows an alert when people do not act (issue 7): an open alert nobody acknowledges
// within ALERT_ACKNOWLEDGE_DAYS goes to the leaders above its agency; and missing or ageing data
// becomes a reminder to the agency that reports it — timed from the indicator's reporting cycle —
// instead of an at-risk alert that pages the leaders. Reminders are reconciled after every
// rescoring (a fresh value resolves its reminder at once) and by a scheduled sweep (time alone
// makes values age); the same schedule re-forecasts every assignment once a day for alerts. The
// sweep is safe on several instances at once: escalation is a conditional
// UPDATE and reminders are locked rows with a unique active key.
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import cron, { type ScheduledTask } from 'node-cron';
import { explainReminder, reminderStatus } from '@kpi/shared/alerts';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ScoreEvents } from '../scoring/score-events.js';
import { AlertEvents, ReminderEvents, type AlertChange, type ReminderChange } from './alert-events.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { RemindersRepository, type ReminderRecord } from './reminders.repository.js';

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

@Injectable()
export class FollowUpService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('FollowUp');
  private task: ScheduledTask | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsRepository,
    private readonly reminders: RemindersRepository,
    private readonly alertEvents: AlertEvents,
    private readonly reminderEvents: ReminderEvents,
    private readonly scoreEvents: ScoreEvents,
    private readonly alertsService: AlertsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // a reminder follows an assignment's latest value, which is part of its score row: when the
    // rescoring says which rows changed, only their agencies are reconciled
    this.scoreEvents.subscribe((change) => {
      const agencies = change.changed ? change.changed.map((c) => c.agency) : change.agencies;
      if (agencies.length) this.queueReminders(change.plan, agencies);
    });
  }

  /**
   * Reminders after rescoring are coalesced: a stream of batches touching the same agencies is
   * reconciled once a second, not once per batch (that halved ingestion throughput). A reminder
   * resolves within about a second of the value that answers it.
   */
  private readonly pending = new Map<string, Set<string>>();
  private flushTimer: NodeJS.Timeout | null = null;

  private queueReminders(plan: string, agencies: string[]): void {
    const set = this.pending.get(plan) ?? new Set<string>();
    for (const a of agencies) set.add(a);
    this.pending.set(plan, set);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      const batches = [...this.pending];
      this.pending.clear();
      void this.track(
        (async () => {
          for (const [p, set] of batches) await this.reconcileReminders(p, [...set], this.clock.now());
        })().catch((error: unknown) =>
          this.logger.error({ msg: 'reminder reconciliation failed', error: String(error) }),
        ),
      );
    }, 1000);
  }

  /** Called once the server listens (as the connector scheduler is); off with SCHEDULER=0. */
  start(): void {
    if (!this.config.scheduler.enabled || this.task) return;
    this.task = cron.schedule(
      this.config.followUp.sweepSchedule,
      () =>
        this.track(
          (async () => {
            await this.sweep(this.clock.now());
            // once a day (one instance): forecasts move as time passes, not only when scores do
            await this.alertsService.reforecastDaily(this.clock.now());
          })().catch((error: unknown) => this.logger.error({ msg: 'follow-up sweep failed', error: String(error) })),
        ),
      { timezone: 'Asia/Ho_Chi_Minh', name: 'follow-up', noOverlap: true },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    // what is still queued is caught up by the next sweep
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  async sweep(asOfMs: number): Promise<{ escalated: number; reminders: number }> {
    const escalated = await this.escalateUnacknowledged(asOfMs);
    const reminders = await this.reconcileReminders(null, null, asOfMs);
    if (escalated.length || reminders.length) {
      this.logger.log({ msg: 'follow-up sweep', escalated: escalated.length, reminders: reminders.length });
    }
    return { escalated: escalated.length, reminders: reminders.length };
  }

  async escalateUnacknowledged(asOfMs: number): Promise<AlertChange[]> {
    const days = this.config.followUp.acknowledgeWithinDays;
    const changes = await this.alerts.transaction(async (manager) => {
      const taken = await this.alerts.escalateUnacknowledged(
        manager,
        new Date(asOfMs - days * DAY_MS),
        new Date(asOfMs),
      );
      for (const alert of taken) {
        await this.alerts.event(
          manager,
          alert.id,
          'escalated',
          alert.level,
          null,
          `unacknowledged for ${days} days: sent to ${alert.escalatedTo}`,
        );
      }
      return taken.map((alert): AlertChange => ({ type: 'alert.escalated', alert, reason: 'unacknowledged' }));
    });
    this.alertEvents.publish(changes);
    return changes;
  }

  /** Opens, updates or resolves the data reminders of the plan's agencies (null: everything). */
  async reconcileReminders(plan: string | null, agencies: string[] | null, asOfMs: number): Promise<ReminderChange[]> {
    const inputs = await this.reminders.inputs(plan, agencies);
    if (!inputs.length) return [];
    const at = new Date(asOfMs).toISOString();
    const leadDays = this.config.followUp.reminderLeadDays;
    const changes = await this.reminders.transaction(async (manager) => {
      const active = await this.reminders.active(
        manager,
        inputs.map((i) => i.assignmentId),
      );
      const toOpen: Omit<ReminderRecord, 'id'>[] = [];
      const updated: ReminderRecord[] = [];
      const resolved: ReminderRecord[] = [];
      for (const input of inputs) {
        const state = reminderStatus({ ...input, asOfMs, leadDays });
        const current = active.get(input.assignmentId);
        const lastObservedAt = iso(input.lastObservedAtMs);
        if (state.status === 'ok') {
          if (current) resolved.push({ ...current, resolvedAt: at, lastObservedAt });
          continue;
        }
        const fields = {
          status: state.status,
          lastObservedAt,
          dueAt: iso(state.dueAtMs),
          message: explainReminder(state, input),
        };
        if (!current) {
          toOpen.push({
            assignmentId: input.assignmentId,
            plan: input.plan,
            agency: input.agency,
            indicator: input.indicator,
            ...fields,
            openedAt: at,
            resolvedAt: null,
          });
        } else if (current.status !== fields.status || current.lastObservedAt !== lastObservedAt) {
          updated.push({ ...current, ...fields });
        }
      }
      await this.reminders.updateMany(manager, [...updated, ...resolved], at);
      const opened = await this.reminders.openMany(manager, toOpen);
      return [
        ...opened.map((reminder): ReminderChange => ({ type: 'reminder.opened', reminder })),
        ...updated.map((reminder): ReminderChange => ({ type: 'reminder.updated', reminder })),
        ...resolved.map((reminder): ReminderChange => ({ type: 'reminder.resolved', reminder })),
      ];
    });
    this.reminderEvents.publish(changes);
    return changes;
  }
}
