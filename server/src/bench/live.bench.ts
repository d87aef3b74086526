// npm run bench:live — 1,000 socket.io clients on /live (leaders and agency accounts), one
// observation ingested, the time until every client has its update (p50, p99, last), and the
// server's memory growth for the connections. The clients run in a child process
// (live-clients.ts), so the server's memory is its own; both processes share the 2 cores.
//
// The first rounds run a cold server (JIT, first queries): they are reported on their own, and
// the figures of the warm rounds after them. Each round is split where the time goes: ingest
// until the score change is published (validate, store, rescore), until the gateway has written
// to every socket, until the first and the last client has it. BENCH_CPU_PROFILE=<file> writes a
// CPU profile of the server process over the rounds (open it in Chrome's DevTools).
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { JwtService } from '@nestjs/jwt';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { ScoreEvents } from '../scoring/score-events.js';
import { mb, percentile, report, startBenchServer } from './bench-support.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const COLD_ROUNDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PLAN = 'vinh-tuy-2026';

const server = await startBenchServer({ DEMO: '1', DEMO_INGEST_KEY: 'bench-key' });
const clients = fork(fileURLToPath(new URL('./live-clients.js', import.meta.url)), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const inbox: { type: string; [k: string]: unknown }[] = [];
let wake: (() => void) | null = null;
clients.on('message', (m: { type: string }) => {
  inbox.push(m);
  wake?.();
});
async function next(type: string): Promise<{ type: string; [k: string]: unknown }> {
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
    if (i >= 0) {
      const [m] = inbox.splice(i, 1);
      if (m.type === 'error') throw new Error(`client: ${String(m.error)}`);
      return m;
    }
    await new Promise<void>((r) => (wake = r));
  }
}
const now = () => performance.timeOrigin + performance.now();
try {
  const jwt = server.app.get(JwtService);
  const agencies = (await server.app.get(CatalogRepository).reader().activeAssignments([PLAN])).map((a) => a.agency);
  const uniqueAgencies = [...new Set(agencies)];
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;

  // tokens signed directly: signing in 1,000 times would measure Argon2, not the push
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const agency = i % 2 ? uniqueAgencies[i % uniqueAgencies.length] : null;
    tokens.push(
      await jwt.signAsync(
        agency ? { sub: `bench-${i}`, role: 'agency', agency } : { sub: `bench-${i}`, role: 'leader' },
        { expiresIn: 3600 },
      ),
    );
  }
  clients.send({ type: 'start', url: server.url, plan: PLAN, tokens });
  await next('ready');
  global.gc?.();
  const rssConnected = process.memoryUsage().rss;
  const heapConnected = process.memoryUsage().heapUsed;

  // published: when the rescoring announced the change. The gateway subscribed first and writes
  // to its sockets synchronously when the change names the rows that moved, so this listener,
  // run after it, marks when every socket has been written to.
  // The server's CPU time over the same span does not depend on what else loads the machine.
  let published = 0;
  let emitted = 0;
  let cpuAtPublish: NodeJS.CpuUsage | undefined;
  let fanOutCpu = 0;
  const events = server.app.get(ScoreEvents);
  events.subscribe((change) => {
    if (change.plan !== PLAN || emitted) return;
    emitted = now();
    const used = process.cpuUsage(cpuAtPublish);
    fanOutCpu = (used.user + used.system) / 1000;
  });
  const publish = events.publish.bind(events);
  events.publish = (change) => {
    if (change.plan === PLAN && !published) {
      published = now();
      cpuAtPublish = process.cpuUsage();
    }
    publish(change);
  };

  interface Round {
    arrivals: number[];
    published: number;
    answered: number;
    emitted: number;
    fanOutCpu: number;
    clientsCpu: number;
  }
  const rounds: Round[] = [];
  const session = new Session();
  if (process.env.BENCH_CPU_PROFILE) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  for (let round = 0; round < COLD_ROUNDS + ROUNDS; round++) {
    clients.send({ type: 'round' });
    await next('armed');
    published = emitted = 0;
    const t0 = now();
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' },
      body: JSON.stringify({
        observations: [
          // a new latest value every round (below the 95% target), so the agency's score moves
          { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at: new Date().toISOString(), value: 60 + round },
        ],
      }),
    });
    if (res.status !== 200) throw new Error(`ingest ${res.status}`);
    const answered = now() - t0;
    const { arrivals, cpuMs } = (await next('arrived')) as unknown as { arrivals: number[]; cpuMs: number };
    rounds.push({
      arrivals: arrivals.map((t) => t - t0).sort((a, b) => a - b),
      published: published - t0,
      answered,
      emitted: emitted - t0,
      fanOutCpu,
      clientsCpu: cpuMs,
    });
    await new Promise((r) => setTimeout(r, 300)); // let the alert evaluation of this round settle
  }
  if (process.env.BENCH_CPU_PROFILE) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profile));
  }
  const ms = (t: number) => t.toFixed(0);
  const summary = (list: Round[]) => {
    const all = list.flatMap((r) => r.arrivals).sort((a, b) => a - b);
    return `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms`;
  };
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const cold = rounds.slice(0, COLD_ROUNDS);
  const warm = rounds.slice(COLD_ROUNDS);
  const last = (r: Round) => r.arrivals[r.arrivals.length - 1];
  report('bench:live', {
    clients: `${CLIENTS} (${Math.ceil(CLIENTS / 2)} leaders, ${Math.floor(CLIENTS / 2)} agency accounts over ${uniqueAgencies.length} agencies), websocket, in a separate process; ${COLD_ROUNDS} + ${ROUNDS} observations ingested one after another; database ${server.databaseKind}`,
    'cold rounds (first after start), last client': `${cold.map((r) => ms(last(r))).join(', ')} ms`,
    'warm rounds, ingest → client has ranking.updated': `${summary(warm)}; last client per round ${warm.map((r) => ms(last(r))).join(', ')} ms (goal p99 < 100 ms)`,
    'all rounds, cold included': summary(rounds),
    'warm rounds, medians: change published / ingest answered / all sockets written / first client / last client': [
      median(warm.map((r) => r.published)),
      median(warm.map((r) => r.answered)),
      median(warm.map((r) => r.emitted)),
      median(warm.map((r) => r.arrivals[0])),
      median(warm.map(last)),
    ]
      .map((t) => `${ms(t)} ms`)
      .join(' / '),
    'warm rounds, median CPU: server from the change published to all sockets written / clients process for the round': `${ms(median(warm.map((r) => r.fanOutCpu)))} ms / ${ms(median(warm.map((r) => r.clientsCpu)))} ms`,
    'server memory for the connections': `RSS +${mb(rssConnected - rssBefore)} MB, heap +${mb(heapConnected - heapBefore)} MB (goal < 200 MB)`,
  });
} finally {
  clients.send({ type: 'stop' });
  await server.close();
}
