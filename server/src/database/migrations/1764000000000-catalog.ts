import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans, pillars, the agency tree, indicators, assignments and milestones (DESIGN §3). */
export class Catalog1764000000000 implements MigrationInterface {
  name = 'Catalog1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        parent_code text REFERENCES agency(code) ON DELETE RESTRICT,
        official_code text,
        aliases text[] NOT NULL DEFAULT '{}',
        demo boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agency_parent_idx ON agency(parent_code);
      CREATE INDEX agency_kind_idx ON agency(kind);

      CREATE TABLE plan (
        code text PRIMARY KEY,
        title text NOT NULL,
        issuer text NOT NULL,
        document_ref text,
        start_date date NOT NULL,
        end_date date NOT NULL,
        source text NOT NULL,
        appendix text,
        row_count integer,
        owner_agency_code text REFERENCES agency(code),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE pillar (
        plan_code text NOT NULL REFERENCES plan(code) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (plan_code, code)
      );

      CREATE TABLE indicator (
        code text PRIMARY KEY,
        plan_code text NOT NULL REFERENCES plan(code),
        row_label text NOT NULL,
        section text,
        pillar text NOT NULL,
        name text,
        text text NOT NULL,
        target_text text,
        targets jsonb NOT NULL DEFAULT '[]',
        unit text,
        baseline double precision,
        start_date date NOT NULL,
        deadline date NOT NULL,
        deadline_text text,
        trajectory text NOT NULL CHECK (trajectory IN ('flat', 'linear')),
        cadence text NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'yearly')),
        max_age_days integer NOT NULL,
        weight double precision NOT NULL DEFAULT 1,
        monitoring_agency text,
        lead_agency text NOT NULL,
        cooperating_agencies text[] NOT NULL DEFAULT '{}',
        legal_basis text,
        note text,
        retired_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (plan_code, pillar) REFERENCES pillar(plan_code, code) DEFERRABLE INITIALLY DEFERRED
      );
      CREATE INDEX indicator_plan_idx ON indicator(plan_code);

      CREATE TABLE assignment (
        id serial PRIMARY KEY,
        indicator_code text NOT NULL REFERENCES indicator(code),
        agency_code text NOT NULL REFERENCES agency(code),
        weight double precision,
        target_override jsonb,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (indicator_code, agency_code)
      );
      CREATE INDEX assignment_agency_idx ON assignment(agency_code);

      CREATE TABLE milestone (
        code text PRIMARY KEY,
        plan_code text NOT NULL REFERENCES plan(code) ON DELETE CASCADE,
        group_label text,
        title text NOT NULL,
        lead_agency text NOT NULL,
        cooperating_agencies text[] NOT NULL DEFAULT '{}',
        deadline_text text,
        deadline date,
        expected_result text,
        output text,
        assignees text[] NOT NULL DEFAULT '{}'
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE milestone, assignment, indicator, pillar, plan, agency');
  }
}
