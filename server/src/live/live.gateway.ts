// The /live socket.io namespace (DESIGN §7): the access token is checked at the handshake (no
// token or a bad one: the connection is refused); the server puts the socket in its rooms —
// `leaders` for leaders, operators and admins, `agency:<code>` for an agency account — and the
// client cannot join any other (there is no join message). On connect a snapshot, then deltas,
// each numbered per socket; `resync` asks for a new snapshot.
//
// With several instances, the instance that rescored tells the others through the socket.io
// adapter (serverSideEmit over Redis) and each instance numbers and sends to its own sockets.
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  LEADERS_ROOM,
  agencyRoom,
  publicTable,
  type ClientToServerEvents,
  type LiveAlert,
  type LiveReminder,
  type Ranking,
  type ServerToClientEvents,
} from '@kpi/shared/live';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { ScoreEvents, type ScoreChange } from '../scoring/score-events.js';
import { AlertEvents, ReminderEvents, type AlertChange, type ReminderChange } from '../alerts/alert-events.js';
import type { ReminderRecord } from '../alerts/reminders.repository.js';
import { AlertsRepository, type AlertRecord } from '../alerts/alerts.repository.js';

/** The plan a socket follows when its handshake names none: the plan this product follows. */
export const DEFAULT_LIVE_PLAN = 'vinh-tuy-2026';
const CHANGE_EVENT = 'kpi:score-change';
const ALERT_EVENT = 'kpi:alert-change';
const REMINDER_EVENT = 'kpi:reminder-change';

function liveAlert(a: AlertRecord): LiveAlert {
  return {
    id: a.id,
    plan: a.plan,
    agency: a.agency,
    indicator: a.indicator,
    state: a.state,
    level: a.level,
    probabilityOfMiss: a.probabilityOfMiss,
    forecast: a.forecast,
    explanation: a.explanation,
    openedAt: a.openedAt,
    acknowledgedBy: a.acknowledgedBy,
    note: a.note,
    escalatedTo: a.escalatedTo ?? null,
    escalatedAt: a.escalatedAt ?? null,
  };
}

function liveReminder(r: ReminderRecord): LiveReminder {
  const { assignmentId: _assignment, ...reminder } = r;
  return reminder;
}

interface SocketData {
  user: Principal;
  plan: string;
  seq: number;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit {
  private readonly logger = new Logger('Live');
  @WebSocketServer() private namespace!: Namespace<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >;

  constructor(
    private readonly auth: AuthService,
    private readonly scoring: ScoringService,
    private readonly catalog: CatalogRepository,
    private readonly events: ScoreEvents,
    private readonly alertEvents: AlertEvents,
    private readonly reminderEvents: ReminderEvents,
    private readonly alerts: AlertsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.alertEvents.subscribe(async (changes) => {
      await this.deliverAlerts(changes);
      if (this.config.redisUrl)
        (this.namespace.serverSideEmit as (ev: string, c: AlertChange[]) => void)(ALERT_EVENT, changes);
    });
    this.reminderEvents.subscribe(async (changes) => {
      await this.deliverReminders(changes);
      if (this.config.redisUrl)
        (this.namespace.serverSideEmit as (ev: string, c: ReminderChange[]) => void)(REMINDER_EVENT, changes);
    });
    this.events.subscribe(async (change) => {
      await this.deliver(change);
      // other instances deliver to their own sockets
      if (this.config.redisUrl)
        (this.namespace.serverSideEmit as (ev: string, c: ScoreChange) => void)(CHANGE_EVENT, change);
    });
  }

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      void this.authenticate(socket as LiveSocket).then(
        () => next(),
        (error: unknown) => next(new Error(error instanceof Error ? error.message : 'unauthorized')),
      );
    });
    if (this.config.redisUrl) {
      (namespace.on as (ev: string, fn: (c: AlertChange[]) => void) => void)(ALERT_EVENT, (changes) => {
        void this.deliverAlerts(changes).catch((error: unknown) =>
          this.logger.error({ msg: 'alert delivery failed', error: String(error) }),
        );
      });
      (namespace.on as (ev: string, fn: (c: ReminderChange[]) => void) => void)(REMINDER_EVENT, (changes) => {
        void this.deliverReminders(changes).catch((error: unknown) =>
          this.logger.error({ msg: 'reminder delivery failed', error: String(error) }),
        );
      });
      (namespace.on as (ev: string, fn: (c: ScoreChange) => void) => void)(CHANGE_EVENT, (change) => {
        void this.deliver(change).catch((error: unknown) =>
          this.logger.error({ msg: 'delivery failed', error: String(error) }),
        );
      });
    }
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const { user } = socket.data;
    if (!user) return; // refused by the middleware
    await socket.join(user.role === 'agency' ? agencyRoom(user.agency!) : LEADERS_ROOM);
    await this.sendSnapshot(socket);
  }

  @SubscribeMessage('resync')
  async resync(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    await this.sendSnapshot(socket);
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    if (typeof token !== 'string' || !token) throw new Error('unauthorized: auth.token required');
    const user = await this.auth.verify(token).catch(() => {
      throw new Error('unauthorized: token invalid or expired');
    });
    const requested = (socket.handshake.auth as { plan?: unknown }).plan;
    const plan = typeof requested === 'string' && requested ? requested : DEFAULT_LIVE_PLAN;
    if (!(await this.catalog.reader().findPlan(plan))) throw new Error(`unknown plan "${plan}"`);
    socket.data = { user, plan, seq: 0 };
  }

  private async sendSnapshot(socket: LiveSocket): Promise<void> {
    const { user, plan } = socket.data;
    const isAgency = user.role === 'agency';
    const [ranking, open, acknowledged] = await Promise.all([
      this.scoring.ranking(plan) as Promise<Ranking>,
      this.alerts.list({ plan, state: 'open', agency: isAgency ? user.agency! : undefined }),
      this.alerts.list({ plan, state: 'acknowledged', agency: isAgency ? user.agency! : undefined }),
    ]);
    socket.emit('snapshot', {
      seq: ++socket.data.seq,
      plan,
      rankings: isAgency ? publicTable(ranking) : ranking,
      alerts: [...open, ...acknowledged].map(liveAlert),
    });
  }

  /** Sends alert changes to this instance's leaders and to the agency concerned. */
  private async deliverAlerts(changes: AlertChange[]): Promise<void> {
    const sockets = (await this.namespace.local.fetchSockets()) as unknown as LiveSocket[];
    for (const change of changes) {
      for (const socket of sockets) {
        const { user, plan } = socket.data;
        if (plan !== change.alert.plan) continue;
        if (user.role === 'agency' && user.agency !== change.alert.agency) continue;
        socket.emit(change.type, { seq: ++socket.data.seq, alert: liveAlert(change.alert) });
      }
    }
  }

  /** Data reminders go to the agency concerned only: they are its to-do list, not the leaders' pager. */
  private async deliverReminders(changes: ReminderChange[]): Promise<void> {
    const sockets = (await this.namespace.local.fetchSockets()) as unknown as LiveSocket[];
    for (const socket of sockets) {
      const { user, plan } = socket.data;
      if (user.role !== 'agency') continue;
      for (const change of changes) {
        if (change.reminder.plan !== plan || change.reminder.agency !== user.agency) continue;
        socket.emit(change.type, { seq: ++socket.data.seq, reminder: liveReminder(change.reminder) });
      }
    }
  }

  /** Sends a score change to this instance's sockets that follow the plan. */
  private async deliver(change: ScoreChange): Promise<void> {
    const sockets = (await this.namespace.local.fetchSockets()) as unknown as LiveSocket[];
    const following = sockets.filter((s) => s.data.plan === change.plan);
    if (!following.length) return;
    const ranking = (await this.scoring.ranking(change.plan)) as Ranking;
    const table = publicTable(ranking);
    const changed = new Set(change.agencies);
    for (const socket of following) {
      const { user } = socket.data;
      const isAgency = user.role === 'agency';
      socket.emit('ranking.updated', {
        seq: ++socket.data.seq,
        plan: change.plan,
        rankings: isAgency ? table : ranking,
      });
      if (isAgency && changed.has(user.agency!)) {
        const own = ranking.agencies.find((a) => a.code === user.agency);
        socket.emit('agency.updated', {
          seq: ++socket.data.seq,
          plan: change.plan,
          agency: user.agency!,
          score: own?.score ?? null,
          rank: own?.rank ?? null,
          pillars: own?.pillars ?? {},
        });
      }
    }
  }
}
