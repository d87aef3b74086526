// The /live socket.io namespace (DESIGN §7): the access token is checked at the handshake (no
// token or a bad one: the connection is refused); the server puts the socket in its rooms —
// `leaders` for leaders, operators and admins, `agency:<code>` for an agency account — and the
// client cannot join any other (there is no join message). On connect a snapshot, then deltas
// with consecutive numbers (numbered per stream, see below); `resync` asks for a new snapshot.
//
// With several instances, the instance that rescored tells the others through the socket.io
// adapter (serverSideEmit over Redis) and each instance numbers and sends to its own sockets.
//
// A score change names the ranked rows that moved (`moved`), so `ranking.updated` is built from
// the change itself — no database read between the rescoring and the push — and carries only
// those rows; a change without them (a catalog import announced by another process) is followed
// by a read of the whole ranking, sent whole. A little after deltas went out, the instance reads
// the ranking back once (at most every CHECK_AFTER_MS per plan): if its streams' rows differ —
// a change lost between instances, or two applied out of order — it sends the whole ranking.
import { Inject, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
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
  publicChanges,
  publicTable,
  type ClientToServerEvents,
  type LiveAlert,
  type LiveReminder,
  type Ranking,
  type RankingChanges,
  type RankingRow,
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
/** How long after deltas built from changes the ranking is read back to check them. */
const CHECK_AFTER_MS = 2_000;

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

/** A snapshot's data being read, and the stream's number when the read started (at least 1). */
interface SnapshotRead {
  seq: number;
  /** The plan's count of score changes received when the read started (see `changesSeen`). */
  changes: number;
  read: Promise<{ ranking: Ranking; alerts: LiveAlert[] }>;
}

interface SocketData {
  user: Principal;
  plan: string;
}

/**
 * Every socket of an instance that follows a plan as a leader, or as one agency, receives the
 * same messages: that is its stream, a room of its own. A message goes to a stream's room once
 * (socket.io encodes it once for all its sockets) and is numbered in the stream, so each socket
 * still sees consecutive numbers — without encoding the ranking a thousand times.
 */
const STREAM_PREFIX = 'stream:';
const leadersStream = (plan: string) => `${STREAM_PREFIX}${plan}:leaders`;
const agencyStream = (plan: string, agency: string) => `${STREAM_PREFIX}${plan}:agency:${agency}`;
const streamOf = (user: Principal, plan: string) =>
  user.role === 'agency' ? agencyStream(plan, user.agency!) : leadersStream(plan);

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Live');
  /** The last number sent on each of this instance's streams. */
  private readonly streamSeq = new Map<string, number>();
  /**
   * Per plan, the ranked rows as this instance last knew them (from a ranking read, then kept
   * current by the changes): the names and kinds a delta row carries, and the own row of an
   * agency that was rescored without moving.
   */
  private readonly known = new Map<string, Map<string, RankingRow>>();
  /** Per plan, how many score changes were applied to `known` (a read older than one is not kept). */
  private readonly knownVersion = new Map<string, number>();
  /** Per plan, the delivery still reading the ranking: the next one waits for it, so deltas keep their order. */
  private readonly pending = new Map<string, Promise<void>>();
  /**
   * Per plan, the score changes this instance has received. A stream's numbers do not move while
   * it has no socket yet (nothing is sent to an empty room), so the first socket of a stream —
   * often an agency's only one — could not otherwise tell that a change was delivered while its
   * snapshot was being read, and would keep rows that deltas never send again.
   */
  private readonly changesSeen = new Map<string, number>();
  /** Per stream, the snapshot read in flight (see snapshotRead). */
  private readonly snapshotReads = new Map<string, SnapshotRead>();
  /** Per plan, the check of the deltas sent, when one is due. */
  private readonly checks = new Map<string, NodeJS.Timeout>();
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

  onModuleDestroy(): void {
    for (const timer of this.checks.values()) clearTimeout(timer);
    this.checks.clear();
  }

  afterInit(namespace: Namespace): void {
    // a stream nobody follows any more starts again from a snapshot
    namespace.adapter.on('delete-room', (room: string) => this.streamSeq.delete(room));
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
    socket.data = { user, plan };
  }

  /**
   * The snapshot, numbered in the socket's stream, and then the socket joins the stream. If a
   * delta went out while the snapshot was read, it is read again, so the data a snapshot carries
   * is never older than its number says.
   */
  private async sendSnapshot(socket: LiveSocket): Promise<void> {
    const { user, plan } = socket.data;
    const isAgency = user.role === 'agency';
    const stream = streamOf(user, plan);
    for (let attempt = 0; ; attempt++) {
      const shared = this.snapshotRead(stream, plan, isAgency ? user.agency! : undefined);
      const { ranking, alerts } = await shared.read;
      const seq = this.streamSeq.get(stream) ?? 0;
      const stale = Math.max(seq, 1) !== shared.seq || (this.changesSeen.get(plan) ?? 0) !== shared.changes;
      if (stale && attempt < 3) continue;
      if (!socket.connected) return;
      // the first snapshot of a stream is 1; later joiners share the number of the last delta
      if (seq === 0) this.streamSeq.set(stream, 1);
      socket.emit('snapshot', {
        seq: Math.max(seq, 1),
        plan,
        rankings: ranking,
        alerts,
      });
      // in the same tick as the snapshot: no delta can fall between the two
      void socket.join(stream);
      return;
    }
  }

  /**
   * The data of a snapshot for a stream: the read in flight for it when it started at the stream's
   * current number (its data is then as new as a read started now), else a new read — so a
   * thousand sockets connecting at once (a restart, a network blip) share a few reads.
   */
  private snapshotRead(stream: string, plan: string, agency: string | undefined): SnapshotRead {
    // 0 (no snapshot yet) and 1 (the first snapshot) both mean no delta went out: deltas start at 2
    const seq = Math.max(this.streamSeq.get(stream) ?? 0, 1);
    const changes = this.changesSeen.get(plan) ?? 0;
    const inFlight = this.snapshotReads.get(stream);
    if (inFlight && inFlight.seq === seq && inFlight.changes === changes) return inFlight;
    const version = this.knownVersion.get(plan) ?? 0;
    const read = Promise.all([
      this.scoring.ranking(plan) as Promise<Ranking>,
      this.alerts.list({ plan, state: 'open', agency }),
      this.alerts.list({ plan, state: 'acknowledged', agency }),
    ]).then(([ranking, open, acknowledged]) => {
      this.remember(plan, ranking, version);
      return { ranking: agency ? publicTable(ranking) : ranking, alerts: [...open, ...acknowledged].map(liveAlert) };
    });
    const entry = { seq, changes, read };
    this.snapshotReads.set(stream, entry);
    const done = () => {
      if (this.snapshotReads.get(stream) === entry) this.snapshotReads.delete(stream);
    };
    read.then(done, done);
    return entry;
  }

  /** One message to every local socket of a stream, encoded once, with the stream's next number. */
  private emitToStream<E extends keyof ServerToClientEvents>(
    stream: string,
    event: E,
    payload: Omit<Parameters<ServerToClientEvents[E]>[0], 'seq'>,
  ): void {
    if (!this.namespace.adapter.rooms.has(stream)) return;
    const seq = (this.streamSeq.get(stream) ?? 0) + 1;
    this.streamSeq.set(stream, seq);
    (this.namespace.local.to(stream).emit as (ev: string, p: unknown) => void)(event, { ...payload, seq });
  }

  /** This instance's agency streams of a plan, by agency code. */
  private agencyStreams(plan: string): Map<string, string> {
    const prefix = `${STREAM_PREFIX}${plan}:agency:`;
    const out = new Map<string, string>();
    for (const room of this.namespace.adapter.rooms.keys()) {
      if (room.startsWith(prefix)) out.set(room.slice(prefix.length), room);
    }
    return out;
  }

  /** Sends alert changes to this instance's leaders and to the agency concerned. */
  private async deliverAlerts(changes: AlertChange[]): Promise<void> {
    for (const change of changes) {
      const { plan, agency } = change.alert;
      const alert = liveAlert(change.alert);
      this.emitToStream(leadersStream(plan), change.type, { alert });
      this.emitToStream(agencyStream(plan, agency), change.type, { alert });
    }
  }

  /** Data reminders go to the agency concerned only: they are its to-do list, not the leaders' pager. */
  private async deliverReminders(changes: ReminderChange[]): Promise<void> {
    for (const change of changes) {
      const { plan, agency } = change.reminder;
      this.emitToStream(agencyStream(plan, agency), change.type, { reminder: liveReminder(change.reminder) });
    }
  }

  /** Keeps a ranking read as the rows known, unless a change was applied since the read began. */
  private remember(plan: string, ranking: Ranking, versionAtRead: number): void {
    if ((this.knownVersion.get(plan) ?? 0) !== versionAtRead) return;
    this.known.set(plan, new Map(ranking.agencies.map((a) => [a.code, a])));
    // a read that began earlier and ends later is older than this one: it must not replace it
    this.knownVersion.set(plan, versionAtRead + 1);
  }

  /**
   * Sends a score change to this instance's streams that follow the plan — at once when the
   * change names the rows that moved, else after reading the ranking; deliveries of a plan go
   * out in the order the changes came.
   */
  private deliver(change: ScoreChange): Promise<void> {
    this.changesSeen.set(change.plan, (this.changesSeen.get(change.plan) ?? 0) + 1);
    const before = this.pending.get(change.plan);
    if (!before) {
      const done = this.deliverNow(change);
      if (!done) return Promise.resolve();
      return this.track(change.plan, done);
    }
    // after the one before, whether it was delivered or failed (it logged its failure)
    const next = () => this.deliverNow(change) ?? undefined;
    return this.track(change.plan, before.then(next, next));
  }

  private track(plan: string, delivery: Promise<void>): Promise<void> {
    const settled = delivery.finally(() => {
      if (this.pending.get(plan) === settled) this.pending.delete(plan);
    });
    this.pending.set(plan, settled);
    return settled;
  }

  /** Delivers a change; returns a promise only when it has to read the ranking first. */
  private deliverNow(change: ScoreChange): Promise<void> | null {
    const { plan } = change;
    const known = this.known.get(plan);
    if (change.moved && known && change.moved.every((m) => known.has(m.code))) {
      this.knownVersion.set(plan, (this.knownVersion.get(plan) ?? 0) + 1);
      const rows = change.moved.map((m) => {
        const { name, kind } = known.get(m.code)!;
        const row = { code: m.code, name, kind, score: m.score, rank: m.rank, pillars: m.pillars };
        known.set(m.code, { ...known.get(m.code)!, ...row });
        return row;
      });
      this.sendChanges(change, { asOf: change.asOf ?? null, agencies: rows }, known);
      this.scheduleCheck(plan);
      return null;
    }
    const agencies = this.agencyStreams(plan);
    if (!agencies.size && !this.namespace.adapter.rooms.has(leadersStream(plan))) {
      // nobody follows the plan here: what is known of it may be out of date now
      this.known.delete(plan);
      return null;
    }
    // the rows that moved are not named (or not all known here): read the whole ranking
    return this.deliverRead(change);
  }

  /** The rows that moved: to the leaders with pillars, to each agency the public rows and its own detail. */
  private sendChanges(change: ScoreChange, changes: RankingChanges, known: Map<string, RankingRow>): void {
    const { plan } = change;
    if (changes.agencies.length) this.emitToStream(leadersStream(plan), 'ranking.updated', { plan, changes });
    const agencies = this.agencyStreams(plan);
    if (!agencies.size) return;
    const table = changes.agencies.length ? publicChanges(changes) : null;
    const changed = new Set(change.agencies);
    for (const [code, stream] of agencies) {
      if (table) this.emitToStream(stream, 'ranking.updated', { plan, changes: table });
      if (changed.has(code)) this.emitOwnRow(stream, plan, code, known.get(code));
    }
  }

  /** An agency's own score, rank and pillars, to its stream. */
  private emitOwnRow(stream: string, plan: string, code: string, own: RankingRow | undefined): void {
    this.emitToStream(stream, 'agency.updated', {
      plan,
      agency: code,
      score: own?.score ?? null,
      rank: own?.rank ?? null,
      pillars: own?.pillars ?? {},
    });
  }

  /** A change whose moved rows are not known: the whole ranking, read back, to every stream. */
  private async deliverRead(change: ScoreChange): Promise<void> {
    const { plan } = change;
    const version = this.knownVersion.get(plan) ?? 0;
    const ranking = (await this.scoring.ranking(plan)) as Ranking;
    this.remember(plan, ranking, version);
    this.sendWhole(plan, ranking, change.agencies);
  }

  /** The whole ranking to the leaders, the public table to each agency, and their own row to those in `changed`. */
  private sendWhole(plan: string, ranking: Ranking, changed: string[]): void {
    this.emitToStream(leadersStream(plan), 'ranking.updated', { plan, rankings: ranking });
    const agencies = this.agencyStreams(plan);
    if (!agencies.size) return;
    const table = publicTable(ranking);
    const concerned = new Set(changed);
    for (const [code, stream] of agencies) {
      this.emitToStream(stream, 'ranking.updated', { plan, rankings: table });
      if (concerned.has(code))
        this.emitOwnRow(
          stream,
          plan,
          code,
          ranking.agencies.find((a) => a.code === code),
        );
    }
  }

  private scheduleCheck(plan: string): void {
    if (this.checks.has(plan)) return;
    const timer = setTimeout(() => {
      this.checks.delete(plan);
      this.check(plan).catch((error: unknown) =>
        this.logger.error({ msg: 'live ranking check failed', plan, error: String(error) }),
      );
    }, CHECK_AFTER_MS);
    timer.unref();
    this.checks.set(plan, timer);
  }

  /**
   * Reads the ranking back and compares it with the rows the deltas gave this instance's streams;
   * if they differ, sends the whole ranking. A change applied meanwhile makes the read moot: the
   * check is then due again.
   */
  private async check(plan: string): Promise<void> {
    const known = this.known.get(plan);
    if (!known || (!this.agencyStreams(plan).size && !this.namespace.adapter.rooms.has(leadersStream(plan)))) return;
    const version = this.knownVersion.get(plan) ?? 0;
    const ranking = (await this.scoring.ranking(plan)) as Ranking;
    if ((this.knownVersion.get(plan) ?? 0) !== version || this.pending.has(plan)) {
      this.scheduleCheck(plan);
      return;
    }
    const differ = ranking.agencies.filter((a) => !sameRow(known.get(a.code), a)).map((a) => a.code);
    if (!differ.length && ranking.agencies.length === known.size) return;
    this.logger.warn({ msg: 'live ranking out of step with the database: whole ranking sent', plan, rows: differ });
    this.remember(plan, ranking, version);
    this.sendWhole(plan, ranking, differ);
  }
}

/** Same name, kind, score, rank and pillars (the week-earlier rank is not carried by deltas). */
function sameRow(a: RankingRow | undefined, b: RankingRow): boolean {
  if (!a || a.name !== b.name || a.kind !== b.kind || a.score !== b.score || a.rank !== b.rank) return false;
  const pa = a.pillars ?? {};
  const pb = b.pillars ?? {};
  const keys = Object.keys(pa);
  return keys.length === Object.keys(pb).length && keys.every((k) => pa[k] === pb[k]);
}
