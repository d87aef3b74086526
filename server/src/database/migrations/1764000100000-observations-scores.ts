import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observations (append-only; a correction supersedes, never overwrites) and the score state the
 * scoring service keeps current: per assignment, per agency and plan, and the agency history
 * that answers "rank 5 → 3 since last week".
 */
export class ObservationsScores1764000100000 implements MigrationInterface {
  name = 'ObservationsScores1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observation (
        id bigserial PRIMARY KEY,
        assignment_id integer NOT NULL REFERENCES assignment(id),
        observed_at timestamptz NOT NULL,
        value double precision NOT NULL,
        source text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        payload_hash text,
        superseded_at timestamptz
      );
      CREATE UNIQUE INDEX observation_current_key ON observation (assignment_id, observed_at, source) WHERE superseded_at IS NULL;
      CREATE INDEX observation_latest_idx ON observation (assignment_id, observed_at DESC) WHERE superseded_at IS NULL;

      CREATE TABLE assignment_score (
        assignment_id integer PRIMARY KEY REFERENCES assignment(id),
        plan_code text NOT NULL,
        agency_code text NOT NULL,
        value double precision,
        observed_at timestamptz,
        source text,
        target_in_force double precision,
        final_target double precision,
        score double precision NOT NULL,
        status text NOT NULL,
        as_of timestamptz NOT NULL
      );
      CREATE INDEX assignment_score_agency_idx ON assignment_score (agency_code, plan_code);

      CREATE TABLE agency_score (
        plan_code text NOT NULL REFERENCES plan(code),
        agency_code text NOT NULL REFERENCES agency(code),
        score double precision,
        pillars jsonb NOT NULL DEFAULT '{}',
        rank integer,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (plan_code, agency_code)
      );

      CREATE TABLE agency_score_history (
        id bigserial PRIMARY KEY,
        plan_code text NOT NULL,
        agency_code text NOT NULL,
        score double precision,
        pillars jsonb NOT NULL DEFAULT '{}',
        rank integer,
        as_of timestamptz NOT NULL
      );
      CREATE INDEX agency_score_history_idx ON agency_score_history (plan_code, agency_code, as_of DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agency_score_history, agency_score, assignment_score, observation');
  }
}
