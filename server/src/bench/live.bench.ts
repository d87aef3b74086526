// npm run bench:live — 1,000 socket.io clients on /live (leaders and agency accounts), one
// observation ingested, the time until every client has its update (p50, p99, last), and the
// server's memory growth for the connections. The clients run in a child process
// (live-clients.ts), so the server's memory is its own; both processes share the 2 cores.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JwtService } from '@nestjs/jwt';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mb, percentile, report, startBenchServer } from './bench-support.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
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

  const rounds: number[][] = [];
  for (let round = 0; round < 10; round++) {
    clients.send({ type: 'round' });
    await next('armed');
    const t0 = now();
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' },
      body: JSON.stringify({
        observations: [
          {
            agency: 'vinh-tuy-ca',
            indicator: `${PLAN}/26a`,
            at: new Date(Date.now() - round * 1000).toISOString(),
            value: 80 + round,
          },
        ],
      }),
    });
    if (res.status !== 200) throw new Error(`ingest ${res.status}`);
    const { arrivals } = (await next('arrived')) as unknown as { arrivals: number[] };
    rounds.push(arrivals.map((t) => t - t0).sort((a, b) => a - b));
    await new Promise((r) => setTimeout(r, 300)); // let the alert evaluation of this round settle
  }
  const all = rounds.flat().sort((a, b) => a - b);
  const last = rounds.map((r) => r[r.length - 1]);
  report('bench:live', {
    clients: `${CLIENTS} (${Math.ceil(CLIENTS / 2)} leaders, ${Math.floor(CLIENTS / 2)} agency accounts over ${uniqueAgencies.length} agencies), websocket, in a separate process; 10 observations ingested one after another`,
    'ingest → client has ranking.updated': `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms; last client per round ${last.map((t) => t.toFixed(0)).join(', ')} ms (goal p99 < 100 ms)`,
    'server memory for the connections': `RSS +${mb(rssConnected - rssBefore)} MB, heap +${mb(heapConnected - heapBefore)} MB (goal < 200 MB)`,
  });
} finally {
  clients.send({ type: 'stop' });
  await server.close();
}
