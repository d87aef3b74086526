import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connectors (the source systems values come from) and their run log: every pull or push batch
 * is a run, and a rejected value is kept there with its reason (DESIGN §9). Observations point
 * at the run that brought them (provenance).
 */
export class Connectors1764000200000 implements MigrationInterface {
  name = 'Connectors1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connector (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('push', 'http-json', 'sql', 'csv', 'dhis2', 'simulator')),
        name text NOT NULL,
        api_key_hash text UNIQUE,
        config jsonb NOT NULL DEFAULT '{}',
        schedule text,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE connector_run (
        id bigserial PRIMARY KEY,
        connector_id text NOT NULL REFERENCES connector(id),
        trigger text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'partial', 'failed')),
        accepted integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        corrections integer NOT NULL DEFAULT 0,
        rejected jsonb NOT NULL DEFAULT '[]',
        error text
      );
      CREATE INDEX connector_run_connector_idx ON connector_run (connector_id, started_at DESC);

      ALTER TABLE observation ADD COLUMN run_id bigint REFERENCES connector_run(id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE observation DROP COLUMN run_id; DROP TABLE connector_run, connector');
  }
}
