// Connectors for operators: health (each connector with its last run, next run and breaker), the
// run log, and creating or editing pull connectors (validated per kind, audited, secrets masked).
import { Injectable } from '@nestjs/common';
import cron from 'node-cron';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { ConnectorsRepository, type Connector } from './connectors.repository.js';
import { keepSecrets, maskConfig, PULL_KINDS, validateConfig, type PullKind } from './pull/config.js';
import { SCHEDULE_TIMEZONE, SchedulerService } from './scheduler.service.js';

/** The next time a cron schedule fires in Asia/Ho_Chi_Minh, or null. */
export function nextRunAt(schedule: string | null, enabled: boolean): string | null {
  if (!enabled || !schedule || !cron.validate(schedule)) return null;
  // a task that is never started: node-cron computes its next match without scheduling anything
  const task = cron.createTask(schedule, () => undefined, { timezone: SCHEDULE_TIMEZONE });
  try {
    return task.getNextRuns(1)[0]?.toISOString() ?? null;
  } finally {
    void task.destroy();
  }
}

function checkSchedule(schedule: string | null | undefined): void {
  if (schedule === null || schedule === undefined) return;
  const check = cron.validateDetailed(schedule);
  if (!check.valid)
    throw DomainError.invalid(
      'schedule',
      `not a cron expression: ${check.errors.map((e) => e.message).join('; ') || 'unreadable'}`,
    );
}

function checkConfig(kind: PullKind, config: Record<string, unknown>): void {
  const problems = validateConfig(kind, config);
  if (problems.length)
    throw new DomainError('invalid_input', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
}

/** A connector as shown to operators: secrets masked, breaker and next run filled in. */
function view(c: Connector) {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    schedule: c.schedule,
    enabled: c.enabled,
    config: maskConfig(c.config),
    nextRunAt: nextRunAt(c.schedule, c.enabled),
    breaker: c.breaker,
  };
}

@Injectable()
export class ConnectorsService {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly audit: AuditRepository,
    private readonly scheduler: SchedulerService,
  ) {}

  async list() {
    const list = await this.connectors.listWithLastRun();
    return list.map(({ config: _config, ...c }) => ({ ...c, nextRunAt: nextRunAt(c.schedule, c.enabled) }));
  }

  async get(id: string) {
    const c = await this.connectors.find(id);
    if (!c) throw DomainError.notFound('connector', id);
    return view(c);
  }

  async runs(id: string, limit = 50) {
    if (!(await this.connectors.find(id))) throw DomainError.notFound('connector', id);
    return this.connectors.runs(id, limit);
  }

  async create(
    actor: Principal,
    input: {
      id: string;
      kind: PullKind;
      name: string;
      schedule?: string | null;
      enabled?: boolean;
      config: Record<string, unknown>;
    },
  ) {
    checkSchedule(input.schedule);
    checkConfig(input.kind, input.config);
    const connector: Connector = {
      id: input.id,
      kind: input.kind,
      name: input.name,
      schedule: input.schedule ?? null,
      enabled: input.enabled ?? true,
      config: input.config,
    };
    if (!(await this.connectors.insert(connector)))
      throw new DomainError('conflict', `connector "${input.id}" exists`, [{ field: 'id', reason: 'already taken' }]);
    await this.audit.record({
      actor: actor.username,
      action: 'connector.create',
      subject: input.id,
      before: null,
      after: view(connector),
    });
    await this.scheduler.sync();
    return this.get(input.id);
  }

  async update(
    actor: Principal,
    id: string,
    change: { name?: string; schedule?: string | null; enabled?: boolean; config?: Record<string, unknown> },
  ) {
    const before = await this.connectors.find(id);
    if (!before) throw DomainError.notFound('connector', id);
    checkSchedule(change.schedule);
    let config = before.config;
    if (change.config !== undefined) {
      if (!(PULL_KINDS as readonly string[]).includes(before.kind))
        throw DomainError.invalid('config', `a ${before.kind} connector's config is not edited here`);
      config = keepSecrets(change.config, before.config);
      checkConfig(before.kind as PullKind, config);
    }
    const after: Connector = {
      ...before,
      name: change.name ?? before.name,
      schedule: change.schedule !== undefined ? change.schedule : before.schedule,
      enabled: change.enabled ?? before.enabled,
      config,
    };
    await this.connectors.update(after);
    await this.audit.record({
      actor: actor.username,
      action: 'connector.update',
      subject: id,
      before: view(before),
      after: view(after),
    });
    await this.scheduler.sync();
    return this.get(id);
  }
}
