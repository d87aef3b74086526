// The /live namespace with real socket.io clients: refused without a valid token, rooms chosen by
// the server, snapshot then numbered deltas (the rows that moved, which applied to the snapshot
// give the ranking the REST API reads), resync, and — with Redis — a value ingested on one
// instance reaching a client connected to another.
import { createConnection } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { applyRankingUpdate, type Ranking } from '@kpi/shared/live';
import { loadConfig } from '../../server/src/config/app-config.js';
import { ScoreEvents } from '../../server/src/scoring/score-events.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait-for.js';

const PLAN = 'vinh-tuy-2026';
const KEY = 'live-test-key-0123456789';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The two-instance checks need a Redis server (CI and the development machines have one). */
const redisUp = await new Promise<boolean>((resolve) => {
  const url = new URL(REDIS_URL);
  const probe = createConnection(Number(url.port || 6379), url.hostname);
  probe.once('connect', () => (probe.end(), resolve(true)));
  probe.once('error', () => resolve(false));
});
if (!redisUp) console.warn(`no Redis at ${REDIS_URL}: live tests run on one instance only`);

interface Received {
  event: string;
  seq: number;
  payload: any;
}

function connect(url: string, auth: Record<string, unknown> | undefined) {
  const socket: Socket = io(`${url}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: Received[] = [];
  socket.onAny((event: string, payload: any) => received.push({ event, seq: payload?.seq, payload }));
  return { socket, received };
}

function connectError(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.on('connect_error', (error) => resolve(error.message)));
}

describe('live push over socket.io', () => {
  let a: TestServer;
  let b: RunningServer | null = null;
  const sockets: Socket[] = [];
  const open = (url: string, auth?: Record<string, unknown>) => {
    const c = connect(url, auth);
    sockets.push(c.socket);
    return c;
  };
  const push = (agency: string, indicator: string, value: number) =>
    a.request('/api/ingest', {
      method: 'POST',
      token: null,
      headers: { 'x-api-key': KEY },
      json: { observations: [{ agency, indicator: `${PLAN}/${indicator}`, at: new Date().toISOString(), value }] },
    });

  beforeAll(async () => {
    a = await startTestServer({ DEMO: '1', DEMO_INGEST_KEY: KEY, ...(redisUp ? { REDIS_URL } : {}) });
    if (!redisUp) return;
    b = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: a.database.url,
        DATABASE_POOL_SIZE: '1',
        LOG_LEVEL: 'warn',
        DEMO: '0',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        SCHEDULER: '0',
        REDIS_URL,
      }),
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b?.close();
    await a.close();
  });

  it('refuses a connection without a token, with a bad token, or for an unknown plan', async () => {
    expect(await connectError(open(a.url).socket)).toMatch(/unauthorized/);
    expect(await connectError(open(a.url, { token: 'nope' }).socket)).toMatch(/unauthorized/);
    const leader = await a.login('leader', 'demo');
    expect(await connectError(open(a.url, { token: leader, plan: 'no-such-plan' }).socket)).toMatch(/unknown plan/);
  });

  it('sends a snapshot first, then numbered deltas when a value arrives — on both instances', async () => {
    const leader = await a.login('leader', 'demo');
    const onA = open(a.url, { token: leader });
    const onB = open((b ?? a).url, { token: leader });
    const snapA = await waitFor(() => onA.received.find((r) => r.event === 'snapshot'));
    await waitFor(() => onB.received.find((r) => r.event === 'snapshot'));
    expect(snapA.seq).toBe(1);
    expect(snapA.payload).toMatchObject({ plan: PLAN, alerts: [] });
    expect(snapA.payload.rankings.agencies.length).toBeGreaterThan(5);
    expect(snapA.payload.rankings.agencies[0].pillars).toBeDefined();

    const res = await push('vinh-tuy-ttpvhcc', '19', 100);
    expect(res.body.accepted).toBe(1);
    for (const client of [onA, onB]) {
      const delta = await waitFor(() => client.received.find((r) => r.event === 'ranking.updated'));
      expect(delta.seq).toBe(2);
      // only the rows that moved, leaders' with their pillars; not the whole ranking
      expect(delta.payload.rankings).toBeUndefined();
      const row = delta.payload.changes.agencies.find((x: { code: string }) => x.code === 'vinh-tuy-ttpvhcc');
      expect(row.score).toBeGreaterThan(0);
      expect(row.pillars).toBeDefined();
    }
    expect(onA.received.map((r) => r.event)).toEqual(['snapshot', 'ranking.updated']);
  });

  it("puts an agency socket in its own room only: it gets its updates, the public table, never another agency's", async () => {
    const police = open((b ?? a).url, { token: await a.login('vinh-tuy-ca', 'demo') });
    await waitFor(() => police.received.find((r) => r.event === 'snapshot'));
    // asking to join another room does nothing: there is no such message
    police.socket.emit('join', 'agency:vinh-tuy-vp');
    police.socket.emit('join', 'leaders');
    await push('vinh-tuy-vp', '12', 97);
    const other = await waitFor(() => police.received.find((r) => r.event === 'ranking.updated'));
    expect(other.payload.changes.agencies.map((x: { code: string }) => x.code)).toContain('vinh-tuy-vp');
    for (const row of other.payload.changes.agencies)
      expect(Object.keys(row).sort()).toEqual(['code', 'kind', 'name', 'rank', 'score']);
    await new Promise((r) => setTimeout(r, 300));
    expect(police.received.filter((r) => r.event === 'agency.updated')).toEqual([]);

    await push('vinh-tuy-ca', '26a', 96);
    const own = await waitFor(() => police.received.find((r) => r.event === 'agency.updated'));
    expect(own.payload).toMatchObject({ plan: PLAN, agency: 'vinh-tuy-ca', score: expect.any(Number) });
    const seqs = police.received.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // consecutive from the snapshot
  });

  it('keeps a client that applies the deltas to its snapshot on the ranking the server has', async () => {
    const leader = await a.login('leader', 'demo');
    const police = await a.login('vinh-tuy-ca', 'demo');
    const clients = [open((b ?? a).url, { token: leader }), open(a.url, { token: police })];
    for (const c of clients) await waitFor(() => c.received.find((r) => r.event === 'snapshot'));
    await push('vinh-tuy-vp', '12', 40);
    await push('vinh-tuy-ca', '26a', 10);
    await push('vinh-tuy-ttpvhcc', '19', 55);
    const rest = (await a.request(`/api/rankings?plan=${PLAN}`)).body as Ranking;
    const held = (received: Received[]) =>
      received.reduce<Ranking | null>(
        (ranking, r) =>
          r.event === 'snapshot'
            ? r.payload.rankings
            : r.event === 'ranking.updated'
              ? applyRankingUpdate(ranking, r.payload)
              : ranking,
        null,
      );
    const rows = (ranking: Ranking | null, withPillars: boolean) =>
      ranking?.agencies.map((x) => [x.code, x.score, x.rank, withPillars ? x.pillars : undefined]);
    // the last push's delta is the last to arrive: once every client has its row, all are applied
    for (const [i, c] of clients.entries()) {
      await waitFor(() => {
        const mine = held(c.received)?.agencies.find((x) => x.code === 'vinh-tuy-ttpvhcc');
        return mine?.score === rest.agencies.find((x) => x.code === 'vinh-tuy-ttpvhcc')!.score;
      });
      expect(rows(held(c.received), i === 0)).toEqual(rows(rest, i === 0));
    }
    // and the check that reads the ranking back a little later finds nothing to correct
    await new Promise((r) => setTimeout(r, 2_500));
    for (const c of clients)
      expect(c.received.filter((r) => r.event === 'ranking.updated' && r.payload.rankings)).toEqual([]);
  });

  it('sends the whole ranking when the deltas sent went out of step with the database', async () => {
    const leader = await a.login('leader', 'demo');
    const client = open(a.url, { token: leader });
    const snapshot = await waitFor(() => client.received.find((r) => r.event === 'snapshot'));
    const row = snapshot.payload.rankings.agencies[0];
    // a change no rescoring wrote (as one applied out of order would leave the streams)
    a.app.get(ScoreEvents).publish({
      plan: PLAN,
      agencies: [],
      moved: [{ code: row.code, score: 0.01, rank: row.rank, pillars: row.pillars }],
      asOf: new Date().toISOString(),
    });
    const wrong = await waitFor(() => client.received.find((r) => r.event === 'ranking.updated'));
    expect(wrong.payload.changes.agencies[0].score).toBe(0.01);
    const whole = await waitFor(() => client.received.find((r) => r.event === 'ranking.updated' && r.payload.rankings));
    expect(whole.seq).toBeGreaterThan(wrong.seq);
    expect(whole.payload.rankings.agencies.find((x: { code: string }) => x.code === row.code).score).toBe(row.score);
  });

  it('sends the whole ranking when a change does not say which rows moved', async () => {
    const leader = await a.login('leader', 'demo');
    const client = open(a.url, { token: leader });
    await waitFor(() => client.received.find((r) => r.event === 'snapshot'));
    // as a catalog import announced by another process arrives: the plan and the agencies only
    a.app.get(ScoreEvents).publish({ plan: PLAN, agencies: ['vinh-tuy-ca'] });
    const delta = await waitFor(() => client.received.find((r) => r.event === 'ranking.updated'));
    expect(delta.payload.changes).toBeUndefined();
    const rest = (await a.request(`/api/rankings?plan=${PLAN}`)).body as Ranking;
    expect(delta.payload.rankings.agencies.map((x: { code: string }) => x.code)).toEqual(
      rest.agencies.map((x) => x.code),
    );
  });

  it('gives sockets connecting at once (sharing snapshot reads) each the snapshot of its own audience', async () => {
    const [leader, police, office] = await Promise.all([
      a.login('leader', 'demo'),
      a.login('vinh-tuy-ca', 'demo'),
      a.login('vinh-tuy-vp', 'demo'),
    ]);
    const crowd = Array.from({ length: 24 }, (_, i) => ({
      client: open(a.url, { token: [leader, police, office][i % 3] }),
    }));
    const snapshots = await Promise.all(
      crowd.map(({ client }) => waitFor(() => client.received.find((r) => r.event === 'snapshot'))),
    );
    const rest = (await a.request(`/api/rankings?plan=${PLAN}`)).body as Ranking;
    for (const [i, snapshot] of snapshots.entries()) {
      const rows = snapshot.payload.rankings.agencies as Ranking['agencies'];
      expect(rows.map((x) => [x.code, x.score, x.rank])).toEqual(rest.agencies.map((x) => [x.code, x.score, x.rank]));
      // leaders see pillar detail; agency accounts the public table only, and their own alerts
      expect(rows.every((x) => (i % 3 === 0 ? x.pillars !== undefined : x.pillars === undefined))).toBe(true);
      if (i % 3 === 1)
        expect(snapshot.payload.alerts.every((x: { agency: string }) => x.agency === 'vinh-tuy-ca')).toBe(true);
    }
    for (const { client } of crowd) client.socket.disconnect();
  });

  it('answers resync with a fresh snapshot, and a reconnection starts with one', async () => {
    const leader = await a.login('leader', 'demo');
    const client = open(a.url, { token: leader });
    const first = await waitFor(() => client.received.find((r) => r.event === 'snapshot'));
    client.socket.emit('resync');
    const second = await waitFor(() => client.received.filter((r) => r.event === 'snapshot')[1]);
    // a snapshot carries the number of the last delta of its stream: the next delta follows it
    expect(second.seq).toBe(first.seq);
    const res = await push('vinh-tuy-ttpvhcc', '19', 97);
    expect(res.body.accepted).toBe(1);
    const delta = await waitFor(() => client.received.find((r) => r.event === 'ranking.updated'));
    // whatever else the stream carried meanwhile (alert changes), the numbers follow the snapshot
    const after = client.received.slice(client.received.indexOf(second)).map((r) => r.seq);
    expect(after).toEqual(after.map((_, i) => second.seq + i));
    expect(delta.seq).toBeGreaterThan(second.seq);
    client.socket.disconnect();
    const again = open(a.url, { token: leader });
    const snap = await waitFor(() => again.received[0]);
    expect(snap.event).toBe('snapshot');
    expect(snap.seq).toBeGreaterThanOrEqual(delta.seq);
  });
});
