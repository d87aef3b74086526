// Early warning in the server (DESIGN §6): after each rescoring, the shared forecaster estimates
// every touched assignment at its deadline; the shared lifecycle table decides whether an alert
// opens, escalates or resolves (one active alert per assignment, never a duplicate), and each
// alert says why in Vietnamese and English. Missing data is a level of its own, not an alert.
// Acknowledgements are audited. Every change is announced for live push.
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { acknowledge as acknowledgeAlert, transition, type Alert } from '@kpi/shared/alerts';
import { explain, forecastAssignment, type ForecastResult } from '@kpi/shared/forecast';
import { AuditRepository } from '../audit/audit.repository.js';
import { assertCanReadAgency, type Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { ScoreEvents } from '../scoring/score-events.js';
import { AlertEvents, type AlertChange } from './alert-events.js';
import { AlertsRepository, type AlertRecord, type EvaluationInput } from './alerts.repository.js';

function toShared(a: AlertRecord): Alert {
  return {
    state: a.state === 'acknowledged' ? 'acknowledged' : 'open',
    level: a.level,
    openedAtMs: Date.parse(a.openedAt),
    levelSinceMs: Date.parse(a.levelSince),
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAtMs: a.acknowledgedAt ? Date.parse(a.acknowledgedAt) : null,
    note: a.note,
  };
}

export interface AlertView extends AlertRecord {
  history?: Record<string, unknown>[];
}

@Injectable()
export class AlertsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  /** Evaluations under way, awaited at shutdown so none is cut off mid-transaction. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly events: AlertEvents,
    private readonly scoreEvents: ScoreEvents,
    private readonly audit: AuditRepository,
  ) {}

  onModuleInit(): void {
    this.scoreEvents.subscribe((change) => this.queue(change.plan, change.agencies));
  }

  /**
   * One evaluation per plan at a time on this instance: changes that arrive meanwhile are merged
   * (null: every agency) and evaluated together when it ends. Without this, a burst of rescorings
   * started as many evaluations, each holding a pooled connection while it waited for the plan's
   * lock — with a long one running, the pool ran dry and the whole server stalled.
   */
  private readonly running = new Set<string>();
  private readonly waiting = new Map<string, Set<string> | null>();

  private queue(plan: string, agencies: string[] | null): void {
    if (this.running.has(plan)) {
      const merged = this.waiting.has(plan) ? this.waiting.get(plan)! : new Set<string>();
      this.waiting.set(plan, merged === null || agencies === null ? null : new Set([...merged, ...agencies]));
      return;
    }
    this.running.add(plan);
    const run = this.evaluate(plan, agencies, Date.now())
      .catch((error: unknown) => this.logger.error({ msg: 'alert evaluation failed', plan, error: String(error) }))
      .finally(() => {
        this.inFlight.delete(run);
        this.running.delete(plan);
        if (this.waiting.has(plan)) {
          const next = this.waiting.get(plan)!;
          this.waiting.delete(plan);
          this.queue(plan, next === null ? null : [...next]);
        }
      });
    this.inFlight.add(run);
  }

  async onModuleDestroy(): Promise<void> {
    this.waiting.clear();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  forecastOne(input: EvaluationInput, asOfMs: number): ForecastResult | null {
    return forecastAssignment(input, asOfMs);
  }

  /** Re-evaluates the assignments of `agencies` in the plan; returns the alert changes made. */
  async evaluate(plan: string, agencies: string[] | null, asOfMs: number): Promise<AlertChange[]> {
    const inputs = await this.alerts.evaluationInputs(plan, agencies);
    const evaluated = inputs
      .map((input) => ({ input, result: this.forecastOne(input, asOfMs) }))
      .filter((e): e is { input: EvaluationInput; result: ForecastResult } => e.result !== null);
    const changes: AlertChange[] = [];
    const at = new Date(asOfMs).toISOString();
    // the levels shown on scorecards are written on their own, before the alert transaction: inside
    // it they would keep every evaluated score row locked (and rescorings waiting) until it commits
    await this.alerts.saveLevels(evaluated.map((e) => ({ assignmentId: e.input.assignmentId, level: e.result.level })));
    await this.alerts.transaction(async (manager) => {
      // evaluations of one plan take turns (across instances too): two at once would both see no
      // active alert for an assignment and both open one
      await this.alerts.lockPlan(manager, plan);
      const active = await this.alerts.active(
        manager,
        evaluated.map((e) => e.input.assignmentId),
      );
      const opened: Omit<AlertRecord, 'id'>[] = [];
      const updated: AlertRecord[] = [];
      const events: { alertId: number; action: string; level: string }[] = [];
      for (const { input, result } of evaluated) {
        const current = active.get(input.assignmentId) ?? null;
        const step = transition(current ? toShared(current) : null, result.level, asOfMs);
        const words = explain(result, { name: input.name ?? input.text.slice(0, 80), target: input.targets[0] });
        const figures = {
          probabilityOfMiss: result.probabilityOfMiss,
          forecast: result.forecast,
          low: result.low,
          high: result.high,
          explanation: words,
        };
        if (step.action === 'open') {
          opened.push({
            assignmentId: input.assignmentId,
            plan,
            agency: input.agency,
            indicator: input.indicator,
            state: 'open',
            level: step.alert!.level,
            ...figures,
            openedAt: at,
            levelSince: at,
            resolvedAt: null,
            acknowledgedBy: null,
            acknowledgedAt: null,
            note: null,
          });
        } else if (current && step.action === 'escalate') {
          const next: AlertRecord = {
            ...current,
            ...figures,
            state: 'open',
            level: step.alert!.level,
            levelSince: at,
            acknowledgedBy: null,
            acknowledgedAt: null,
            note: null,
          };
          updated.push(next);
          events.push({ alertId: current.id, action: 'escalated', level: next.level });
          changes.push({ type: 'alert.escalated', alert: next, reason: 'level' });
        } else if (current && step.action === 'resolve') {
          const next: AlertRecord = { ...current, ...figures, state: 'resolved', resolvedAt: at };
          updated.push(next);
          events.push({ alertId: current.id, action: 'resolved', level: result.level });
          changes.push({ type: 'alert.resolved', alert: next });
        } else if (current) {
          // same level: keep the figures and the words current, without an event
          updated.push({ ...current, ...figures });
        }
      }
      // one statement each, however many alerts: a national full rescoring evaluates 166,050
      // assignments, and a round trip per alert held this transaction (and every evaluation
      // waiting on the plan's lock, each holding a pooled connection) for minutes
      const ids = await this.alerts.insertMany(manager, opened);
      opened.forEach((record, i) => {
        events.push({ alertId: ids[i], action: 'opened', level: record.level });
        changes.unshift({ type: 'alert.opened', alert: { ...record, id: ids[i] } });
      });
      await this.alerts.updateMany(manager, updated);
      await this.alerts.eventMany(manager, events);
    });
    if (changes.length) this.logger.log({ msg: 'alerts changed', plan, changes: changes.length });
    this.events.publish(changes);
    return changes;
  }

  async list(principal: Principal, filter: { plan?: string; agency?: string; state?: string; level?: string }) {
    // an agency account sees its own alerts only
    const agency = principal.role === 'agency' ? principal.agency! : filter.agency;
    if (principal.role === 'agency' && filter.agency && filter.agency !== principal.agency)
      assertCanReadAgency(principal, filter.agency);
    return this.alerts.list({ ...filter, agency });
  }

  async get(principal: Principal, id: number): Promise<AlertView> {
    const alert = await this.alerts.find(id);
    if (!alert) throw DomainError.notFound('alert', String(id));
    assertCanReadAgency(principal, alert.agency);
    return { ...alert, history: await this.alerts.history(id) };
  }

  async acknowledge(principal: Principal, id: number, note: string | null): Promise<AlertRecord> {
    const updated = await this.alerts.transaction(async (manager) => {
      const alert = await this.alerts.find(id, manager);
      if (!alert) throw DomainError.notFound('alert', String(id));
      assertCanReadAgency(principal, alert.agency);
      if (alert.state === 'resolved') throw new DomainError('conflict', `alert ${id} is resolved`);
      const nowMs = Date.now();
      const acked = acknowledgeAlert(toShared(alert), principal.username, note, nowMs);
      const next: AlertRecord = {
        ...alert,
        state: 'acknowledged',
        acknowledgedBy: acked.acknowledgedBy ?? principal.username,
        acknowledgedAt: new Date(nowMs).toISOString(),
        note: acked.note ?? null,
      };
      await this.alerts.update(manager, next);
      await this.alerts.event(manager, id, 'acknowledged', next.level, principal.username, next.note);
      await this.audit.record(
        {
          actor: principal.username,
          action: 'alert.acknowledge',
          subject: `alert:${id}`,
          before: { state: alert.state },
          after: { state: next.state, note: next.note },
        },
        manager,
      );
      return next;
    });
    this.events.publish([{ type: 'alert.acknowledged', alert: updated }]);
    return updated;
  }
}
