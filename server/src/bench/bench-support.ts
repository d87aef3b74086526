// Shared by the benchmarks: a server instance on its own fresh database (BENCH_DATABASE_URL or
// TEST_DATABASE_URL's server, else an embedded one in a temp folder), timing and reporting.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config/app-config.js';
import { startServer, type RunningServer } from '../server.js';

export interface BenchServer extends RunningServer {
  databaseKind: 'embedded' | 'external';
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let cleanup = async () => {};
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (adminUrl) {
    const name = `kpi_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'kpi-bench-'));
    cleanup = async () => rmSync(dataDir!, { recursive: true, force: true });
  }
  const server = await startServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      SCHEDULER: '0',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
      ...env,
    }),
  );
  return {
    ...server,
    databaseKind: databaseUrl ? 'external' : 'embedded',
    async close() {
      await server.close();
      await cleanup();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export function report(title: string, lines: Record<string, string | number>): void {
  process.stdout.write(`\n## ${title}\n${new Date().toISOString().slice(0, 10)} — ${machine()}\n`);
  for (const [k, v] of Object.entries(lines)) process.stdout.write(`- ${k}: ${v}\n`);
}

export interface CpuSnapshot {
  node: number;
  /** per backend pid; null when the backends' CPU cannot be read (not Linux, another host) */
  backends: Map<number, number> | null;
}

/**
 * CPU time (ms) spent so far by this process and by the PostgreSQL backends serving the current
 * database, when PostgreSQL runs on this machine (Linux /proc). Unlike wall time it barely moves
 * when other work shares the cores, so before/after comparisons hold on a busy machine. A backend
 * that exits between two snapshots is missed (the pool keeps its connections for 30 s idle).
 */
export async function cpuSnapshot(query: (sql: string) => Promise<{ pid: number }[]>): Promise<CpuSnapshot> {
  const { user, system } = process.cpuUsage();
  let backends: Map<number, number> | null = new Map();
  try {
    const rows = await query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
    );
    for (const { pid } of rows) {
      // after "pid (comm) ": utime and stime are the 12th and 13th fields, in 1/100 s
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      backends.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    backends = null;
  }
  return { node: (user + system) / 1000, backends };
}

/** CPU ms used since `before`: this process, and the database's backends (null if unreadable). */
export function cpuSince(before: CpuSnapshot, after: CpuSnapshot): { node: number; postgres: number | null } {
  let postgres: number | null = null;
  if (before.backends && after.backends) {
    postgres = 0;
    for (const [pid, ms] of after.backends) postgres += ms - (before.backends.get(pid) ?? 0);
  }
  return { node: after.node - before.node, postgres };
}
