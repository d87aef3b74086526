import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per staleness-sweep tick (DESIGN §5.1: a value older than its max age scores 0 from
 * then on). The primary key lets exactly one of several server instances claim a tick.
 */
export class ScoringSweep1764200100000 implements MigrationInterface {
  name = 'ScoringSweep1764200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scoring_sweep (
        tick_at timestamptz PRIMARY KEY,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        agencies integer
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scoring_sweep');
  }
}
