// Gives each test file a clean database on the run's PostgreSQL: a fresh database per file on a
// real server (files may run in parallel), or a reset public schema on the shared embedded one
// (files run one at a time there).
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export interface TestDatabase {
  url: string;
  kind: 'embedded' | 'external';
  drop(): Promise<void>;
}

/** A fresh, empty database on the PostgreSQL server at `adminUrl`; `drop()` removes it. */
export async function createDatabaseOn(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kpi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.KPI_TEST_ADMIN_URL;
  const kind = process.env.KPI_TEST_DB_KIND as 'embedded' | 'external' | undefined;
  if (!adminUrl || !kind) throw new Error('test/support/global-setup.js did not run');
  if (kind === 'external') return { ...(await createDatabaseOn(adminUrl)), kind };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  } finally {
    await admin.end();
  }
  return { url: adminUrl, kind, drop: async () => {} };
}
