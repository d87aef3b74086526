// Two server *processes* (the built `server/dist/main.js`, as deployed) on different ports, sharing
// one PostgreSQL and the Redis on 127.0.0.1:6379: a value ingested on one reaches socket.io
// clients connected to either, and a scheduled connector tick runs on exactly one of them.
// Needs a real PostgreSQL (TEST_DATABASE_URL, as CI sets) — the embedded test database lives
// inside the Jest process and serves one connection at a time — and a Redis; without them the
// test says so and checks nothing. Runs the build, so `npm run build` first (CI does).
import { existsSync } from 'node:fs';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { createDatabaseOn } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { TEST_REDIS_URL as REDIS_URL, redisReachable } from '../support/redis.js';

const PLAN = 'vinh-tuy-2026';
const KEY = 'multi-process-key-0123456789';
const JWT_SECRET = 'multi-process-secret-multi-process-secret';

const redisUp = await redisReachable();
const externalDb = process.env.TEST_DATABASE_URL;
const runnable = Boolean(externalDb && redisUp);
if (!runnable) console.warn('multi-process test skipped: it needs TEST_DATABASE_URL and a Redis at ' + REDIS_URL);

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

(runnable ? describe : describe.skip)('two server processes sharing PostgreSQL and Redis', () => {
  let database: { url: string; drop(): Promise<void> };
  let a: AppProcess;
  let b: AppProcess;
  let db: pg.Client;
  const sockets: Socket[] = [];
  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_URL,
    JWT_SECRET,
    DEMO: '1',
    DEMO_INGEST_KEY: KEY,
  });

  beforeAll(async () => {
    if (!existsSync('server/dist/main.js')) throw new Error('server/dist/main.js is missing: run `npm run build`');
    database = await createDatabaseOn(externalDb!);
    // The first start loads the catalog and the demo; its scheduler stays off so the simulator
    // can be switched to a tick every two seconds (no backfill, and only Hà Nội 139's values, so
    // what the live test sees on Vĩnh Tuy's plan is its own value) before both schedule it.
    const seeding = await startAppProcess({ ...env(), SCHEDULER: '0' });
    await seeding.stop();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await db.query(
      `UPDATE connector SET schedule = '*/2 * * * * *', config = config || '{"backfill": false, "plans": ["hanoi-139-2025"]}'
       WHERE id = 'demo-simulator'`,
    );
    // the demo's DHIS2 pull would add its first-start history (56,000 values) under the live test
    await db.query(`UPDATE connector SET enabled = false WHERE id = 'demo-dhis2'`);
    [a, b] = await Promise.all([startAppProcess(env()), startAppProcess(env())]);
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
    await database?.drop();
  }, 60_000);

  it('delivers a value ingested on one process to leaders connected to either', async () => {
    const token = await login(a.url, 'leader');
    const clients = [a, b].map((p) => {
      const socket = io(`${p.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      const received: { event: string; payload: any }[] = [];
      socket.onAny((event: string, payload: any) => received.push({ event, payload }));
      return received;
    });
    for (const received of clients) await waitFor(() => received.find((r) => r.event === 'snapshot'));

    const at = new Date().toISOString();
    const res = await fetch(`${a.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        observations: [{ agency: 'vinh-tuy-ttpvhcc', indicator: `${PLAN}/19`, at, value: 100 }],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1 });

    for (const received of clients) {
      // nothing else reports on this plan (no backfill, the simulator is on Hà Nội 139), so the
      // one-stop shop's first score above 0 is this value's
      const delta = await waitFor(() =>
        received.find(
          (r) =>
            r.event === 'ranking.updated' &&
            r.payload.plan === PLAN &&
            // the rows that moved (with the change, to the other process too), or the whole ranking
            (r.payload.changes ?? r.payload.rankings).agencies.some(
              (x: any) => x.code === 'vinh-tuy-ttpvhcc' && x.score > 0,
            ),
        ),
      );
      expect(delta.payload.seq).toBeGreaterThan(1);
    }
    // sequence numbers stay consecutive on each connection, whichever process computed the change
    for (const received of clients) {
      const seqs = received.map((r) => r.payload.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    }
  }, 30_000);

  it('runs each scheduled tick of a connector on exactly one process', async () => {
    const runs = await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT tick_at FROM connector_run WHERE connector_id = 'demo-simulator' AND trigger = 'schedule'`,
      );
      return rows.length >= 4 && rows;
    }, 20_000);
    const ticks = runs.map((r: { tick_at: Date }) => r.tick_at.toISOString());
    expect(new Set(ticks).size).toBe(ticks.length);
    // both processes were scheduling: each logged ticks it lost to the other, or took some itself
    expect(a.output()).not.toMatch(/scheduled run crashed/);
    expect(b.output()).not.toMatch(/scheduled run crashed/);
  }, 30_000);
});
