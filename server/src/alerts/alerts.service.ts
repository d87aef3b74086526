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
import { Clock } from '../common/clock.js';
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

/** Agencies per chunk when whole agencies are evaluated (×50 indicators at national scale). */
const AGENCY_CHUNK = 40;
/** Assignments per chunk when single assignments are evaluated. */
const ASSIGNMENT_CHUNK = 2000;
/** Forecasts between two yields to the event loop. */
const FORECAST_SLICE = 200;

/** What is waiting to be evaluated for a plan: whole agencies, and single assignments. */
interface Work {
  agencies: Set<string>;
  assignments: Set<number>;
}

function sameFigures(
  a: AlertRecord,
  b: Pick<AlertRecord, 'probabilityOfMiss' | 'forecast' | 'low' | 'high' | 'explanation'>,
): boolean {
  return (
    a.probabilityOfMiss === b.probabilityOfMiss &&
    a.forecast === b.forecast &&
    a.low === b.low &&
    a.high === b.high &&
    a.explanation.vi === b.explanation.vi &&
    a.explanation.en === b.explanation.en
  );
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
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scoreEvents.subscribe((change) => {
      // only the assignments whose score changed are re-forecast (a full rescoring that confirms
      // what is stored forecasts nothing); without that detail, every assignment of the agencies
      const work: Work = change.changed
        ? { agencies: new Set(), assignments: new Set(change.changed.flatMap((c) => c.assignments)) }
        : { agencies: new Set(change.agencies), assignments: new Set() };
      if (work.agencies.size || work.assignments.size) this.queue(change.plan, work);
    });
  }

  /**
   * One evaluation per plan at a time on this instance: changes that arrive meanwhile are merged
   * and evaluated together when it ends. Without this, a burst of rescorings started as many
   * evaluations, each holding a pooled connection while it waited for the plan's lock — with a
   * long one running, the pool ran dry and the whole server stalled.
   */
  private readonly running = new Set<string>();
  private readonly waiting = new Map<string, Work>();

  private queue(plan: string, work: Work): void {
    if (this.running.has(plan)) {
      const merged = this.waiting.get(plan);
      if (!merged) this.waiting.set(plan, work);
      else {
        for (const a of work.agencies) merged.agencies.add(a);
        for (const id of work.assignments) merged.assignments.add(id);
      }
      return;
    }
    this.running.add(plan);
    const run = this.evaluate(plan, [...work.agencies], this.clock.now(), [...work.assignments])
      .catch((error: unknown) => this.logger.error({ msg: 'alert evaluation failed', plan, error: String(error) }))
      .finally(() => {
        this.inFlight.delete(run);
        this.running.delete(plan);
        const next = this.waiting.get(plan);
        if (next) {
          this.waiting.delete(plan);
          this.queue(plan, next);
        }
      });
    this.inFlight.add(run);
  }

  async onModuleDestroy(): Promise<void> {
    this.waiting.clear();
    this.stopping = true;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private stopping = false;

  /** Resolves once no evaluation runs or waits on this instance (benchmarks; tests). */
  async idle(): Promise<void> {
    // score-change listeners run on a later microtask: let them queue first
    await new Promise((resolve) => setImmediate(resolve));
    while (this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  forecastOne(input: EvaluationInput, asOfMs: number): ForecastResult | null {
    return forecastAssignment(input, asOfMs);
  }

  /**
   * Re-forecasts every active assignment of every plan, once a day across instances (the first
   * to claim the day does it): a forecast moves as time passes, while after a rescoring only the
   * assignments whose score changed are re-forecast. Returns whether this call did it.
   */
  async reforecastDaily(asOfMs: number): Promise<boolean> {
    // the day in Vietnam (UTC+7, no daylight saving)
    const day = new Date(asOfMs + 7 * 3_600_000).toISOString().slice(0, 10);
    if (!(await this.alerts.claimForecastDay(day))) return false;
    try {
      for (const plan of await this.alerts.plans()) await this.evaluate(plan, null, asOfMs);
    } catch (error) {
      // a failure (or a stop) part-way must not leave the day done: give it back for the next sweep
      await this.alerts.releaseForecastDay(day).catch(() => undefined);
      throw error;
    }
    if (this.stopping) {
      await this.alerts.releaseForecastDay(day).catch(() => undefined);
      return false;
    }
    return true;
  }

  /**
   * Re-evaluates assignments of the plan: every one of `agencies` (null: of every agency) and
   * those of `assignmentIds`; returns the alert changes made. Works in chunks (each its own
   * load, forecast and transaction) and yields to the event loop while forecasting, so a
   * national evaluation neither holds 2 million points in memory nor blocks requests.
   */
  async evaluate(
    plan: string,
    agencies: string[] | null,
    asOfMs: number,
    assignmentIds: number[] = [],
  ): Promise<AlertChange[]> {
    const changes: AlertChange[] = [];
    const agencyList = agencies ?? (await this.alerts.planAgencies(plan));
    for (let i = 0; i < agencyList.length && !this.stopping; i += AGENCY_CHUNK) {
      const loading = performance.now();
      const inputs = await this.alerts.evaluationInputs(plan, agencyList.slice(i, i + AGENCY_CHUNK));
      this.logger.debug({
        msg: 'evaluation inputs',
        plan,
        assignments: inputs.length,
        loadMs: Math.round(performance.now() - loading),
      });
      changes.push(...(await this.evaluateInputs(plan, inputs, asOfMs)));
    }
    // assignments of agencies evaluated whole above are not evaluated twice
    const whole = new Set(agencyList);
    const ids = assignmentIds.length ? [...new Set(assignmentIds)] : [];
    for (let i = 0; i < ids.length && !this.stopping; i += ASSIGNMENT_CHUNK) {
      const inputs = (await this.alerts.evaluationInputs(plan, null, ids.slice(i, i + ASSIGNMENT_CHUNK))).filter(
        (input) => !whole.has(input.agency),
      );
      changes.push(...(await this.evaluateInputs(plan, inputs, asOfMs)));
    }
    if (changes.length) this.logger.log({ msg: 'alerts changed', plan, changes: changes.length });
    return changes;
  }

  private async evaluateInputs(plan: string, inputs: EvaluationInput[], asOfMs: number): Promise<AlertChange[]> {
    if (!inputs.length) return [];
    const started = performance.now();
    const evaluated: { input: EvaluationInput; result: ForecastResult }[] = [];
    for (let i = 0; i < inputs.length; i++) {
      // forecasting is CPU on the server's one thread: let requests and rescorings in between
      if (i > 0 && i % FORECAST_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const result = this.forecastOne(inputs[i], asOfMs);
      if (result) evaluated.push({ input: inputs[i], result });
    }
    const forecasted = performance.now();
    const changes: AlertChange[] = [];
    const at = new Date(asOfMs).toISOString();
    // the levels shown on scorecards are written on their own, before the alert transaction: inside
    // it they would keep every evaluated score row locked (and rescorings waiting) until it commits;
    // only the levels that moved are sent
    await this.alerts.saveLevels(
      evaluated
        .filter((e) => e.input.level !== e.result.level)
        .map((e) => ({ assignmentId: e.input.assignmentId, level: e.result.level })),
    );
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
        if (step.action !== 'open' && !current) continue;
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
        } else if (current && !sameFigures(current, figures)) {
          // same level: keep the figures and the words current, without an event (and without a
          // write when they did not move)
          updated.push({ ...current, ...figures });
        }
      }
      // one statement each, however many alerts: a round trip per alert held this transaction
      // (and every evaluation waiting on the plan's lock, each holding a pooled connection) for
      // minutes
      const ids = await this.alerts.insertMany(manager, opened);
      opened.forEach((record, i) => {
        events.push({ alertId: ids[i], action: 'opened', level: record.level });
        changes.unshift({ type: 'alert.opened', alert: { ...record, id: ids[i] } });
      });
      await this.alerts.updateMany(manager, updated);
      await this.alerts.eventMany(manager, events);
    });
    this.logger.debug({
      msg: 'evaluated',
      plan,
      assignments: inputs.length,
      forecastMs: Math.round(forecasted - started),
      writeMs: Math.round(performance.now() - forecasted),
    });
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
      const nowMs = this.clock.now();
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
