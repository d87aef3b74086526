// npm run bench:ingest — observations per second through POST /api/ingest (batches of 10,000 over
// HTTP, each validated, deduplicated, stored and followed by the rescoring of the agencies it
// touched) and through a connector run (the simulator's backfill of two plans).
import { ConnectorRunner } from '../connectors/connector-runner.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mb, report, startBenchServer } from './bench-support.js';

const BATCH = 10_000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);

const server = await startBenchServer({ DEMO: '1', DEMO_INGEST_KEY: 'bench-key' });
try {
  const assignments = await server.app
    .get(CatalogRepository)
    .reader()
    .activeAssignments(['hanoi-139-2025', 'vinh-tuy-2026']);
  const rssBefore = process.memoryUsage().rss;
  let accepted = 0;
  const started = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const observations = Array.from({ length: BATCH }, (_, i) => {
      const a = assignments[(b * BATCH + i) % assignments.length];
      // distinct times, so every value is new (no duplicates to skip)
      const at = new Date(Date.UTC(2026, 0, 1) + (b * BATCH + i) * 60_000).toISOString();
      return { agency: a.agency, indicator: a.indicator, at, value: 50 + ((b + i) % 50) };
    });
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' },
      body: JSON.stringify({ observations }),
    });
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    if (res.status !== 200 || body.rejected.length)
      throw new Error(`batch ${b}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    accepted += body.accepted;
  }
  const pushSeconds = (performance.now() - started) / 1000;

  const runStarted = performance.now();
  const run = await server.app.get(ConnectorRunner).runNow('demo-simulator', 'backfill');
  const runSeconds = (performance.now() - runStarted) / 1000;

  report('bench:ingest', {
    database: server.databaseKind,
    'push API': `${accepted} observations in ${BATCHES} batches of ${BATCH}: ${pushSeconds.toFixed(2)} s = ${Math.round(accepted / pushSeconds)} observations/s`,
    'connector run (simulator backfill)': `${run.accepted} observations: ${runSeconds.toFixed(2)} s = ${Math.round(run.accepted / runSeconds)} observations/s`,
    'server RSS growth': `${mb(process.memoryUsage().rss - rssBefore)} MB`,
  });
} finally {
  await server.close();
}
