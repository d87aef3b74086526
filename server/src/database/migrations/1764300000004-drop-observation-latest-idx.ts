import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * observation_latest_idx (assignment_id, observed_at DESC, current rows) repeats the leading
 * columns and the predicate of the unique key observation_current_key (assignment_id,
 * observed_at, source, current rows), which PostgreSQL scans backwards for the same "latest at or
 * before a time" lookups; every insert paid for both. Since the observation_latest table the
 * lookups are rarer still.
 */
export class DropObservationLatestIdx1764300000004 implements MigrationInterface {
  name = 'DropObservationLatestIdx1764300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS observation_latest_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX observation_latest_idx ON observation (assignment_id, observed_at DESC) WHERE superseded_at IS NULL`,
    );
  }
}
