import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two small tables for rescoring at national scale. A version per plan, bumped by every rescoring that writes scores: a server keeps each plan's
 * agency scores in memory to re-rank without reading them back, and a version that moved (another
 * instance or `kpi import` wrote) tells it to read them again. And a row per day on which every
 * assignment was re-forecast for alerts: after a rescoring only the assignments whose score
 * changed are, so time passing is caught up once a day, by one instance.
 */
export class ScoringPlan1764300000001 implements MigrationInterface {
  name = 'ScoringPlan1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scoring_plan (
        plan_code text PRIMARY KEY,
        version bigint NOT NULL
      );
      CREATE TABLE alert_forecast_day (
        day date PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_forecast_day, scoring_plan');
  }
}
