import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recompute trigger (a correction or a delete) read the latest observation from a snapshot
 * taken before it waited for the row lock, then overwrote the row unconditionally: a batch that
 * inserted a newer value and committed while it waited was overwritten by the older one, and the
 * assignment was scored on it until its next insert. It now locks the assignments' rows first (in
 * assignment order, like every writer), in a statement of its own, so the read that follows takes
 * a fresh snapshot that sees whatever committed meanwhile.
 */
export class ObservationLatestLock1764300000003 implements MigrationInterface {
  name = 'ObservationLatestLock1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION observation_latest_recompute() RETURNS trigger LANGUAGE plpgsql AS $$
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
    `);
  }

  async down(): Promise<void> {
    // the earlier body had the race this fixes: nothing to restore
  }
}
