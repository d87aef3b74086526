import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wording of an assignment's target override as the leader or admin gave it (e.g. "≥ 90%"),
 * beside the parsed targets already in `target_override`: scorecards show the words, the engine
 * scores the parsed targets.
 */
export class AssignmentOverrideText1764250000000 implements MigrationInterface {
  name = 'AssignmentOverrideText1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment ADD COLUMN target_override_text text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment DROP COLUMN target_override_text`);
  }
}
