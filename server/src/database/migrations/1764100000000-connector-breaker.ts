import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A circuit breaker per connector, kept in the database so every instance agrees whether a
 * failing source is left alone; and a `skipped` run status for the ticks an open breaker skips
 * (so the run log shows them rather than a silent gap).
 */
export class ConnectorBreaker1764100000000 implements MigrationInterface {
  name = 'ConnectorBreaker1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE connector
        ADD COLUMN breaker_state text NOT NULL DEFAULT 'closed' CHECK (breaker_state IN ('closed', 'open', 'half_open')),
        ADD COLUMN breaker_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN breaker_retry_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE connector_run DROP CONSTRAINT connector_run_status_check;
      ALTER TABLE connector_run ADD CONSTRAINT connector_run_status_check
        CHECK (status IN ('running', 'ok', 'partial', 'failed', 'skipped'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM connector_run WHERE status = 'skipped';
      ALTER TABLE connector_run DROP CONSTRAINT connector_run_status_check;
      ALTER TABLE connector_run ADD CONSTRAINT connector_run_status_check
        CHECK (status IN ('running', 'ok', 'partial', 'failed'));
      ALTER TABLE connector DROP COLUMN breaker_state, DROP COLUMN breaker_failures, DROP COLUMN breaker_retry_at,
        DROP COLUMN updated_at;
    `);
  }
}
