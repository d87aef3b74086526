import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scheduled run records the tick it serves; the unique index lets exactly one instance claim a
 * tick, however many run the same schedule (no lock is held while the run works).
 */
export class ConnectorTicks1764000400000 implements MigrationInterface {
  name = 'ConnectorTicks1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE connector_run ADD COLUMN tick_at timestamptz;
      CREATE UNIQUE INDEX connector_run_tick_key ON connector_run (connector_id, tick_at) WHERE tick_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX connector_run_tick_key; ALTER TABLE connector_run DROP COLUMN tick_at');
  }
}
