// observation_latest (each assignment's current latest value, kept by triggers) under concurrent
// writers: a correction of an older value, waiting for a batch that inserts a newer one, must
// not write the older value back once that batch commits. Needs a real PostgreSQL server (two
// connections); the embedded database serves one.
import pg from 'pg';
import { startTestServer, type TestServer } from '../support/test-server.js';

const external = process.env.KPI_TEST_DB_KIND === 'external';

(external ? describe : describe.skip)('observation_latest with concurrent writers', () => {
  let server: TestServer;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    a = new pg.Client({ connectionString: server.database.url });
    b = new pg.Client({ connectionString: server.database.url });
    await Promise.all([a.connect(), b.connect()]);
  });
  afterAll(async () => {
    await Promise.all([a?.end(), b?.end()]);
    await server.close();
  });

  it('keeps the newer value when a correction of an older one waited for it', async () => {
    const [{ id: assignment }] = (
      await a.query(
        `SELECT id FROM assignment WHERE agency_code = 'vinh-tuy-ca' AND indicator_code = 'vinh-tuy-2026/26a'`,
      )
    ).rows;
    const [{ id: january }] = (
      await a.query(
        `INSERT INTO observation (assignment_id, observed_at, value, source) VALUES ($1, '2026-01-31', 50, 'test') RETURNING id`,
        [assignment],
      )
    ).rows;

    // A inserts February and holds its transaction open (the trigger locked the latest row)
    await a.query('BEGIN');
    await a.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source) VALUES ($1, '2026-02-28', 60, 'test')`,
      [assignment],
    );
    // B corrects January: its trigger must wait for A
    await b.query('BEGIN');
    const correcting = b.query(`UPDATE observation SET superseded_at = now() WHERE id = $1`, [january]);
    await new Promise((r) => setTimeout(r, 300));
    await a.query('COMMIT');
    await correcting;
    await b.query('COMMIT');

    const latest = (
      await a.query(`SELECT observed_at, value FROM observation_latest WHERE assignment_id = $1`, [assignment])
    ).rows[0];
    expect(latest.value).toBe(60);
    expect(new Date(latest.observed_at).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
