// Starts the one embedded PostgreSQL the whole test run shares when TEST_DATABASE_URL is unset.
// Workers read its URL from KPI_TEST_ADMIN_URL; with a real server that is TEST_DATABASE_URL.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.KPI_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    process.env.KPI_TEST_DB_KIND = 'external';
    return;
  }
  const db = await PGlite.create('memory://');
  // A test file holds at most the app's pool (1) plus one admin connection, one after another.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const port = server.getServerConn().split(':').pop();
  process.env.KPI_TEST_ADMIN_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  process.env.KPI_TEST_DB_KIND = 'embedded';
  globalThis.__KPI_EMBEDDED__ = { db, server };
}
