// Shared by the benchmarks: a server instance on its own fresh database (BENCH_DATABASE_URL or
// TEST_DATABASE_URL's server, else an embedded one in a temp folder), timing and reporting.
import { mkdtempSync, rmSync } from 'node:fs';
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
