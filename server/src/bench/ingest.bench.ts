// npm run bench:ingest — observations per second through POST /api/ingest and through a connector
// run. Every pushed batch is 10,000 values over HTTP, validated, deduplicated, stored and rescored
// before its answer (the answer means "stored and scored"), with distinct times so every value
// is new. Three figures:
// - one source system pushing its batches one after another (BENCH_BATCHES, default 10);
// - several source systems pushing at once (BENCH_PUSHERS push connectors, default 4, each with
//   its own key, each sending BENCH_BATCHES_EACH batches, default 3, one after another, for its
//   own share of the assignments) — how a province's systems reach the server; batches stored
//   while a plan is being rescored share the next rescoring;
// - a connector run: the simulator's backfill of two plans (batches of 20,000 stored one after
//   another while the previous ones are scored).
import { ConnectorRunner } from '../connectors/connector-runner.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { hashApiKey } from '../connectors/api-key.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { mb, report, startBenchServer } from './bench-support.js';

const BATCH = 10_000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);
const PUSHERS = Number(process.env.BENCH_PUSHERS ?? 4);
const BATCHES_EACH = Number(process.env.BENCH_BATCHES_EACH ?? 3);
const MINUTE = 60_000;

const server = await startBenchServer({ DEMO: '1', DEMO_INGEST_KEY: 'bench-key' });
try {
  const assignments = await server.app
    .get(CatalogRepository)
    .reader()
    .activeAssignments(['hanoi-139-2025', 'vinh-tuy-2026']);
  const connectors = server.app.get(ConnectorsRepository);
  for (let p = 0; p < PUSHERS; p++)
    await connectors.save({
      id: `bench-push-${p}`,
      kind: 'push',
      name: `Bench source system ${p}`,
      apiKeyHash: hashApiKey(`bench-key-${p}`),
      config: {},
      schedule: null,
      enabled: true,
    });

  /** Pushes one batch; `first` numbers the values so every (assignment, time) is new. */
  const push = async (key: string, share: typeof assignments, first: number) => {
    const observations = Array.from({ length: BATCH }, (_, i) => {
      const a = share[(first + i) % share.length];
      const at = new Date(Date.UTC(2026, 0, 1) + (first + i) * MINUTE).toISOString();
      return { agency: a.agency, indicator: a.indicator, at, value: 50 + ((first + i) % 50) };
    });
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ observations }),
    });
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    if (res.status !== 200 || body.rejected.length)
      throw new Error(`batch at ${first}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body.accepted;
  };

  const rssBefore = process.memoryUsage().rss;
  let accepted = 0;
  let started = performance.now();
  for (let b = 0; b < BATCHES; b++) accepted += await push('bench-key', assignments, b * BATCH);
  const oneSeconds = (performance.now() - started) / 1000;
  const oneAccepted = accepted;

  // the concurrent sources use later times than the single one, so nothing is a duplicate
  const offset = BATCHES * BATCH;
  started = performance.now();
  const perPusher = await Promise.all(
    Array.from({ length: PUSHERS }, async (_, p) => {
      const share = assignments.filter((_, i) => i % PUSHERS === p);
      let n = 0;
      for (let b = 0; b < BATCHES_EACH; b++)
        n += await push(`bench-key-${p}`, share, offset + (b * PUSHERS + p) * BATCH);
      return n;
    }),
  );
  const manySeconds = (performance.now() - started) / 1000;
  const manyAccepted = perPusher.reduce((a, b) => a + b, 0);

  const runStarted = performance.now();
  const run = await server.app.get(ConnectorRunner).runNow('demo-simulator', 'backfill');
  const runSeconds = (performance.now() - runStarted) / 1000;

  const rate = (n: number, s: number) => `${s.toFixed(2)} s = ${Math.round(n / s)} observations/s`;
  report('bench:ingest', {
    database: server.databaseKind,
    'push API, one source': `${oneAccepted} observations in ${BATCHES} batches of ${BATCH}, one after another: ${rate(oneAccepted, oneSeconds)}`,
    [`push API, ${PUSHERS} sources at once`]: `${manyAccepted} observations in ${PUSHERS} × ${BATCHES_EACH} batches of ${BATCH}: ${rate(manyAccepted, manySeconds)}`,
    'connector run (simulator backfill)': `${run.accepted} observations: ${rate(run.accepted, runSeconds)}`,
    'server RSS growth': `${mb(process.memoryUsage().rss - rssBefore)} MB`,
  });
} finally {
  await server.close();
}
