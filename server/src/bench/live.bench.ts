// npm run bench:live — 1,000 socket.io clients on /live (leaders and agency accounts), one
// observation ingested, the time until every client has its update (p50, p99, last), and the
// server's memory growth for the connections. Clients run in this same process (2 cores), so
// their own processing is part of the figures.
import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mb, percentile, report, startBenchServer } from './bench-support.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const PLAN = 'vinh-tuy-2026';

const server = await startBenchServer({ DEMO: '1', DEMO_INGEST_KEY: 'bench-key' });
const sockets: Socket[] = [];
try {
  const jwt = server.app.get(JwtService);
  const agencies = (await server.app.get(CatalogRepository).reader().activeAssignments([PLAN])).map((a) => a.agency);
  const uniqueAgencies = [...new Set(agencies)];
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;

  let pending: ((at: number) => void)[] = [];
  const connected: Promise<void>[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    // tokens signed directly: signing in 1,000 times would measure Argon2, not the push
    const agency = i % 2 ? uniqueAgencies[i % uniqueAgencies.length] : null;
    const token = await jwt.signAsync(
      agency ? { sub: `bench-${i}`, role: 'agency', agency } : { sub: `bench-${i}`, role: 'leader' },
      { expiresIn: 3600 },
    );
    const socket = io(`${server.url}/live`, {
      auth: { token, plan: PLAN },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    connected.push(
      new Promise((resolve, reject) => {
        socket.once('snapshot', () => resolve());
        socket.once('connect_error', reject);
      }),
    );
    socket.on('ranking.updated', () => pending[i]?.(performance.now()));
  }
  await Promise.all(connected);
  global.gc?.();
  const rssConnected = process.memoryUsage().rss;
  const heapConnected = process.memoryUsage().heapUsed;

  const rounds: number[][] = [];
  for (let round = 0; round < 5; round++) {
    const arrivals: Promise<number>[] = [];
    pending = [];
    for (let i = 0; i < CLIENTS; i++) arrivals.push(new Promise((resolve) => (pending[i] = resolve)));
    const t0 = performance.now();
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
    const times = (await Promise.all(arrivals)).map((t) => t - t0).sort((a, b) => a - b);
    rounds.push(times);
  }
  const all = rounds.flat().sort((a, b) => a - b);
  const last = rounds.map((r) => r[r.length - 1]);
  report('bench:live', {
    clients: `${CLIENTS} (${Math.ceil(CLIENTS / 2)} leaders, ${Math.floor(CLIENTS / 2)} agency accounts), websocket, 5 observations ingested one after another`,
    'ingest → client has ranking.updated': `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms; last client per round ${last.map((t) => t.toFixed(0)).join(', ')} ms (goal p99 < 100 ms)`,
    'memory for the connections (server and clients share the process)': `RSS +${mb(rssConnected - rssBefore)} MB, heap +${mb(heapConnected - heapBefore)} MB (goal < 200 MB)`,
  });
} finally {
  for (const s of sockets) s.disconnect();
  await server.close();
}
