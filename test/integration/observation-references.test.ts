// observation's references to assignment and connector_run, checked once per statement by
// triggers (migration 1764310000000) instead of per-row foreign keys: a missing reference fails
// the whole statement with foreign_key_violation, and a referenced row cannot be deleted,
// renumbered or truncated away — what the foreign keys guaranteed.
import pg from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { startTestServer, type TestServer } from '../support/test-server.js';

const sqlState = (error: unknown) =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;

async function failure(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return { code: sqlState(error), message: (error as Error).message };
  }
  throw new Error('expected the statement to fail');
}

describe('observation references', () => {
  let server: TestServer;
  let db: DataSource;
  let assignment: number;
  let run: number;
  let day = 0;
  const insert = (assignmentIds: number[], runId: number | null) => {
    // each row a day of its own
    const from = day;
    day += assignmentIds.length;
    return db.query(
      `INSERT INTO observation (assignment_id, observed_at, value, source, run_id)
       SELECT a, timestamptz '2026-02-01' + ($3 + n) * interval '1 day', 50, 'references-test', $2
         FROM unnest($1::int[]) WITH ORDINALITY AS u(a, n)`,
      [assignmentIds, runId, from],
    );
  };
  const count = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM observation WHERE source = 'references-test'`))[0].n);

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1' });
    db = server.app.get(DataSource);
    [{ id: assignment }] = await db.query(`SELECT id FROM assignment ORDER BY id LIMIT 1`);
    [{ id: run }] = await db.query(
      `INSERT INTO connector_run (connector_id, trigger) SELECT id, 'manual' FROM connector ORDER BY id LIMIT 1 RETURNING id`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a statement with an unknown assignment or run, writing none of its rows', async () => {
    const unknownAssignment = await failure(insert([assignment, 2_000_000_000], run));
    expect(unknownAssignment.code).toBe('23503');
    expect(unknownAssignment.message).toContain('observation_assignment_id_fkey');
    const unknownRun = await failure(insert([assignment], 9_000_000_000));
    expect(unknownRun.code).toBe('23503');
    expect(unknownRun.message).toContain('observation_run_id_fkey');
    expect(await count()).toBe(0);

    // known references (and no run) go in
    await insert([assignment, assignment], run);
    await insert([assignment], null);
    expect(await count()).toBe(3);
  });

  it('refuses an update that points an observation at an unknown assignment or run', async () => {
    const [{ id }] = await db.query(`SELECT id FROM observation WHERE source = 'references-test' LIMIT 1`);
    expect(
      (await failure(db.query(`UPDATE observation SET assignment_id = 2000000000 WHERE id = $1`, [id]))).code,
    ).toBe('23503');
    expect((await failure(db.query(`UPDATE observation SET run_id = 9000000000 WHERE id = $1`, [id]))).code).toBe(
      '23503',
    );
    // superseding (what a correction does) is not a reference change
    await db.query(`UPDATE observation SET superseded_at = now() WHERE id = $1`, [id]);
  });

  it('refuses to delete, renumber or truncate a referenced run or assignment', async () => {
    expect((await failure(db.query(`DELETE FROM connector_run WHERE id = $1`, [run]))).code).toBe('23503');
    expect((await failure(db.query(`UPDATE connector_run SET id = 9000000001 WHERE id = $1`, [run]))).code).toBe(
      '23503',
    );
    expect((await failure(db.query(`TRUNCATE connector_run CASCADE`))).message).toContain('observations reference');
    // assignment rows are also referenced by scores and alerts; the observation check is what
    // refuses this one, which only observations reference
    const [{ id: lone }] = await db.query(
      `INSERT INTO assignment (agency_code, indicator_code)
       SELECT g.code, i.code FROM agency g, indicator i
        WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.agency_code = g.code AND a.indicator_code = i.code)
        LIMIT 1 RETURNING id`,
    );
    await insert([lone], null);
    const deleted = await failure(db.query(`DELETE FROM assignment WHERE id = $1`, [lone]));
    expect(deleted.code).toBe('23503');
    expect(deleted.message).toContain('observation_assignment_id_fkey');

    // a run nothing points at can go
    const [{ id: spare }] = await db.query(
      `INSERT INTO connector_run (connector_id, trigger) SELECT id, 'manual' FROM connector ORDER BY id LIMIT 1 RETURNING id`,
    );
    await db.query(`DELETE FROM connector_run WHERE id = $1`, [spare]);
  });
});

// Two connections: needs a real PostgreSQL server (the embedded database serves one).
(process.env.KPI_TEST_DB_KIND === 'external' ? describe : describe.skip)(
  'observation references with concurrent writers',
  () => {
    let server: TestServer;
    let a: pg.Client;
    let b: pg.Client;
    let lone: number;
    /** Resolves once `client`'s backend waits for a lock (polled, no fixed delay). */
    const waitingForLock = async (client: pg.Client) => {
      const pid = (client as unknown as { processID: number }).processID;
      for (;;) {
        // asked on the server's own pool: both clients may be busy
        const rows = await server.app
          .get(DataSource)
          .query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
        if (rows[0]?.wait_event_type === 'Lock') return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const observe = (client: pg.Client, day: number) =>
      client.query(
        `INSERT INTO observation (assignment_id, observed_at, value, source)
         VALUES ($1, timestamptz '2026-03-01' + $2 * interval '1 day', 50, 'references-race')`,
        [lone, day],
      );

    beforeAll(async () => {
      server = await startTestServer({ DEMO: '1' });
      const connect = async () => {
        const c = new pg.Client({ connectionString: server.database.url });
        await c.connect();
        return c;
      };
      [a, b] = await Promise.all([connect(), connect()]);
    });
    afterAll(async () => {
      await Promise.all([a?.end(), b?.end()]);
      await server.close();
    });
    beforeEach(async () => {
      // an assignment only observations will reference (no score, no alert)
      [{ id: lone }] = (
        await a.query(
          `INSERT INTO assignment (agency_code, indicator_code)
           SELECT g.code, i.code FROM agency g, indicator i
            WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.agency_code = g.code AND a.indicator_code = i.code)
            LIMIT 1 RETURNING id`,
        )
      ).rows;
    });

    it('refuses a deletion that waited for a writer, once the writer commits', async () => {
      await a.query('BEGIN');
      await observe(a, 1);
      const deleting = b.query(`DELETE FROM assignment WHERE id = $1`, [lone]).then(
        () => null,
        (error: { code?: string }) => error.code,
      );
      await waitingForLock(b);
      await a.query('COMMIT');
      expect(await deleting).toBe('23503');
      expect((await a.query(`SELECT 1 FROM assignment WHERE id = $1`, [lone])).rowCount).toBe(1);
    });

    it('refuses a writer that waited for a deletion, once the deletion commits', async () => {
      await b.query('BEGIN');
      await b.query(`DELETE FROM assignment WHERE id = $1`, [lone]);
      const writing = observe(a, 2).then(
        () => null,
        (error: { code?: string }) => error.code,
      );
      await waitingForLock(a);
      await b.query('COMMIT');
      expect(await writing).toBe('23503');
      expect(
        (await b.query(`SELECT count(*)::int AS n FROM observation WHERE assignment_id = $1`, [lone])).rows,
      ).toEqual([{ n: 0 }]);
    });
  },
);
