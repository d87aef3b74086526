import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A catalog change after which the plans named were fully rescored (by `kpi import`, a process
 * of its own). The server hears of it through pg NOTIFY and the first instance to claim the row
 * (announced_at) announces the new scores to live clients and alerts, once.
 */
export class CatalogChange1764200200000 implements MigrationInterface {
  name = 'CatalogChange1764200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_change (
        id bigserial PRIMARY KEY,
        plans text[] NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        announced_at timestamptz
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE catalog_change');
  }
}
