import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Early-warning alerts (DESIGN §6): one active alert per assignment, and every change kept. */
export class Alerts1764000500000 implements MigrationInterface {
  name = 'Alerts1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert (
        id bigserial PRIMARY KEY,
        assignment_id integer NOT NULL REFERENCES assignment(id),
        plan_code text NOT NULL,
        agency_code text NOT NULL,
        indicator_code text NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        level text NOT NULL CHECK (level IN ('at_risk', 'off_track')),
        probability_of_miss double precision,
        forecast double precision,
        low double precision,
        high double precision,
        explanation_vi text NOT NULL,
        explanation_en text NOT NULL,
        opened_at timestamptz NOT NULL,
        level_since timestamptz NOT NULL,
        resolved_at timestamptz,
        acknowledged_by text,
        acknowledged_at timestamptz,
        note text
      );
      CREATE UNIQUE INDEX alert_active_key ON alert (assignment_id) WHERE state <> 'resolved';
      CREATE INDEX alert_plan_idx ON alert (plan_code, state);

      CREATE TABLE alert_event (
        id bigserial PRIMARY KEY,
        alert_id bigint NOT NULL REFERENCES alert(id),
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        level text NOT NULL,
        actor text,
        note text
      );
      CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_event, alert');
  }
}
