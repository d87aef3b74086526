// npm run bench:ingest — observations per second through POST /api/ingest and through a connector
// run. Every pushed batch is 10,000 values over HTTP, validated, deduplicated, stored and rescored
// before its answer (the answer means "stored and scored"), with distinct times so every value is
// new. The pushing source systems run in a child process (ingest-pushers.ts) with their bodies
// built beforehand, so the figures are the server's. Three figures:
// - one source system pushing its batches one after another (BENCH_BATCHES, default 10);
// - several source systems pushing at once (BENCH_PUSHERS push connectors, default 4, each with
//   its own key, each sending BENCH_BATCHES_EACH batches, default 3, one after another, for its
//   own share of the assignments) — how a province's systems reach the server; batches stored
//   while a plan is being rescored share the next rescoring;
// - a connector run: the simulator's backfill of two plans (batches of 20,000 stored one after
//   another while the previous ones are scored), in the server's process;
// - a pull connector run: the demo's DHIS2 (served by the same server) read over HTTP, mapped
//   with code maps and ingested — the whole path a real source takes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConnectorRunner } from '../connectors/connector-runner.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { hashApiKey } from '../connectors/api-key.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { DataSource } from 'typeorm';
import { cpuSince, cpuSnapshot, mb, report, startBenchServer, type CpuSnapshot } from './bench-support.js';

const BATCH = 10_000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);
const PUSHERS = Number(process.env.BENCH_PUSHERS ?? 4);
const BATCHES_EACH = Number(process.env.BENCH_BATCHES_EACH ?? 3);

interface Source {
  key: string;
  share: { agency: string; indicator: string }[];
  firsts: number[];
}

const server = await startBenchServer({ DEMO: '1', DEMO_INGEST_KEY: 'bench-key' });
const pushers = fork(fileURLToPath(new URL('./ingest-pushers.js', import.meta.url)), [], { stdio: 'inherit' });
const next = (type: string) =>
  new Promise<{ accepted: number }>((resolve, reject) => {
    const on = (m: { type: string; error?: string; accepted?: number }) => {
      if (m.type === 'error') reject(new Error(m.error));
      else if (m.type === type) resolve({ accepted: m.accepted ?? 0 });
      else return;
      pushers.off('message', on);
    };
    pushers.on('message', on);
  });

const dataSource = server.app.get(DataSource);
const snapshot = () => cpuSnapshot((sql) => dataSource.query(sql));
/** CPU per 10,000 values since `before`: the server's process and PostgreSQL's backends. */
async function cpuPer10k(before: CpuSnapshot, values: number): Promise<string> {
  const used = cpuSince(before, await snapshot());
  const per = (ms: number) => Math.round((ms * 10_000) / values);
  return used.postgres === null
    ? `server ${per(used.node)} ms`
    : `server ${per(used.node)} ms + PostgreSQL ${per(used.postgres)} ms`;
}

/** Runs the sources at once; seconds from `go` to the last answer. */
async function pushAll(sources: Source[]): Promise<{ accepted: number; seconds: number; cpu: string }> {
  pushers.send({ type: 'prepare', url: server.url, sources });
  await next('ready');
  const before = await snapshot();
  const started = performance.now();
  pushers.send({ type: 'go' });
  const { accepted } = await next('done');
  const seconds = (performance.now() - started) / 1000;
  return { accepted, seconds, cpu: await cpuPer10k(before, accepted) };
}

try {
  const assignments = (
    await server.app.get(CatalogRepository).reader().activeAssignments(['hanoi-139-2025', 'vinh-tuy-2026'])
  ).map((a) => ({ agency: a.agency, indicator: a.indicator }));
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
  const rssBefore = process.memoryUsage().rss;

  const one = await pushAll([
    { key: 'bench-key', share: assignments, firsts: Array.from({ length: BATCHES }, (_, b) => b * BATCH) },
  ]);
  // the concurrent sources use later times than the single one, so nothing is a duplicate
  const offset = BATCHES * BATCH;
  const many = await pushAll(
    Array.from({ length: PUSHERS }, (_, p) => ({
      key: `bench-key-${p}`,
      share: assignments.filter((_, i) => i % PUSHERS === p),
      firsts: Array.from({ length: BATCHES_EACH }, (_, b) => offset + (b * PUSHERS + p) * BATCH),
    })),
  );

  // the demo simulates Vĩnh Tuy alone (plan 139 comes from its DHIS2): the bench backfills both
  const simulator = (await connectors.find('demo-simulator'))!;
  await connectors.update({
    ...simulator,
    config: { ...simulator.config, plans: ['hanoi-139-2025', 'vinh-tuy-2026'] },
  });
  const runner = server.app.get(ConnectorRunner);
  let before = await snapshot();
  const runStarted = performance.now();
  const run = await runner.runNow('demo-simulator', 'backfill');
  const runSeconds = (performance.now() - runStarted) / 1000;
  const runCpu = await cpuPer10k(before, run.accepted);
  // a real pull: the demo's DHIS2 over HTTP (plan 139's monthly history), mapped with code maps
  before = await snapshot();
  const pullStarted = performance.now();
  const pull = await runner.runNow('demo-dhis2');
  const pullSeconds = (performance.now() - pullStarted) / 1000;
  const pullCpu = await cpuPer10k(before, pull.accepted + pull.duplicates);

  const rate = (n: number, s: number) => `${s.toFixed(2)} s = ${Math.round(n / s)} observations/s`;
  report('bench:ingest', {
    database: server.databaseKind,
    'push API, one source': `${one.accepted} observations in ${BATCHES} batches of ${BATCH}, one after another: ${rate(one.accepted, one.seconds)}; CPU per 10,000: ${one.cpu}`,
    [`push API, ${PUSHERS} sources at once`]: `${many.accepted} observations in ${PUSHERS} × ${BATCHES_EACH} batches of ${BATCH}: ${rate(many.accepted, many.seconds)}; CPU per 10,000: ${many.cpu}`,
    'connector run (simulator backfill)': `${run.accepted} observations: ${rate(run.accepted, runSeconds)}; CPU per 10,000: ${runCpu}`,
    'connector run (DHIS2 pull over HTTP)': `${pull.accepted} observations (${pull.duplicates} duplicates): ${rate(pull.accepted + pull.duplicates, pullSeconds)}; CPU per 10,000: ${pullCpu}`,
    'server RSS growth': `${mb(process.memoryUsage().rss - rssBefore)} MB`,
  });
} finally {
  pushers.send({ type: 'exit' });
  await server.close();
}
