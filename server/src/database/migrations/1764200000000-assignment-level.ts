import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The early-warning level of each assignment (DESIGN §6) next to its score, written by the alerts
 * evaluation that already forecasts every rescored assignment: the scorecard and the scorecard
 * matrix show it without running the forecaster again for every cell they list.
 */
export class AssignmentLevel1764200000000 implements MigrationInterface {
  name = 'AssignmentLevel1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment_score ADD COLUMN level text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment_score DROP COLUMN level`);
  }
}
