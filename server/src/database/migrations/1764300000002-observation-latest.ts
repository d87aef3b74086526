import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each assignment's latest current observation (latest observed time, then latest id), kept by
 * statement-level triggers on observation: a full rescoring reads 166,050 rows from here instead
 * of searching 2 million observations (one index descent per assignment). Inserts (plain, ON
 * CONFLICT, COPY) fold in the statement's newest row per assignment; updates (a correction
 * supersedes) and deletes recompute the touched assignments from observation. Scoring still
 * searches the history for an assignment whose latest observation is after the time it scores
 * as of.
 */
export class ObservationLatest1764300000002 implements MigrationInterface {
  name = 'ObservationLatest1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observation_latest (
        assignment_id integer PRIMARY KEY,
        observation_id bigint NOT NULL,
        observed_at timestamptz NOT NULL,
        value double precision NOT NULL,
        source text NOT NULL
      );
      INSERT INTO observation_latest (assignment_id, observation_id, observed_at, value, source)
      SELECT DISTINCT ON (assignment_id) assignment_id, id, observed_at, value, source
        FROM observation WHERE superseded_at IS NULL
       ORDER BY assignment_id, observed_at DESC, id DESC;

      CREATE FUNCTION observation_latest_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO observation_latest AS l (assignment_id, observation_id, observed_at, value, source)
        SELECT DISTINCT ON (assignment_id) assignment_id, id, observed_at, value, source
          FROM added WHERE superseded_at IS NULL
         ORDER BY assignment_id, observed_at DESC, id DESC
        ON CONFLICT (assignment_id) DO UPDATE SET observation_id = EXCLUDED.observation_id,
          observed_at = EXCLUDED.observed_at, value = EXCLUDED.value, source = EXCLUDED.source
         WHERE (EXCLUDED.observed_at, EXCLUDED.observation_id) > (l.observed_at, l.observation_id);
        RETURN NULL;
      END $$;

      -- the rows are locked first, in a statement of their own (assignment order, as every writer
      -- locks), so the read below takes a fresh snapshot: reading before waiting for the lock let
      -- a correction write an older value over a newer one committed meanwhile
      CREATE FUNCTION observation_latest_recompute() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM observation_latest
          WHERE assignment_id IN (SELECT DISTINCT assignment_id FROM changed)
          ORDER BY assignment_id FOR UPDATE;
        WITH latest AS (
               SELECT t.assignment_id, o.id, o.observed_at, o.value, o.source
                 FROM (SELECT DISTINCT assignment_id FROM changed) t
                 LEFT JOIN LATERAL (
                   SELECT id, observed_at, value, source FROM observation
                    WHERE assignment_id = t.assignment_id AND superseded_at IS NULL
                    ORDER BY observed_at DESC, id DESC LIMIT 1) o ON true),
             gone AS (
               DELETE FROM observation_latest l USING latest
                WHERE l.assignment_id = latest.assignment_id AND latest.id IS NULL)
        INSERT INTO observation_latest AS l (assignment_id, observation_id, observed_at, value, source)
        SELECT assignment_id, id, observed_at, value, source FROM latest WHERE id IS NOT NULL
         ORDER BY assignment_id
        ON CONFLICT (assignment_id) DO UPDATE SET observation_id = EXCLUDED.observation_id,
          observed_at = EXCLUDED.observed_at, value = EXCLUDED.value, source = EXCLUDED.source;
        RETURN NULL;
      END $$;

      CREATE FUNCTION observation_latest_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE observation_latest;
        RETURN NULL;
      END $$;

      CREATE TRIGGER observation_latest_insert AFTER INSERT ON observation
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION observation_latest_added();
      CREATE TRIGGER observation_latest_update AFTER UPDATE ON observation
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION observation_latest_recompute();
      CREATE TRIGGER observation_latest_delete AFTER DELETE ON observation
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION observation_latest_recompute();
      CREATE TRIGGER observation_latest_truncate AFTER TRUNCATE ON observation
        FOR EACH STATEMENT EXECUTE FUNCTION observation_latest_cleared();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER observation_latest_truncate ON observation;
      DROP TRIGGER observation_latest_delete ON observation;
      DROP TRIGGER observation_latest_update ON observation;
      DROP TRIGGER observation_latest_insert ON observation;
      DROP FUNCTION observation_latest_cleared(), observation_latest_recompute(), observation_latest_added();
      DROP TABLE observation_latest;
    `);
  }
}
