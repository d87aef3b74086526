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

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.KPI_TEST_ADMIN_URL;
  const kind = process.env.KPI_TEST_DB_KIND as 'embedded' | 'external' | undefined;
  if (!adminUrl || !kind) throw new Error('test/support/global-setup.js did not run');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (kind === 'embedded') {
      await admin.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
      return { url: adminUrl, kind, drop: async () => {} };
    }
    const name = `kpi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind,
      drop: async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}
