import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, refresh tokens (stored as digests) and the audit log (DESIGN §8). */
export class Accounts1764000300000 implements MigrationInterface {
  name = 'Accounts1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        username text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('leader', 'agency', 'operator', 'admin')),
        agency_code text REFERENCES agency(code),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'agency') = (agency_code IS NOT NULL))
      );

      CREATE TABLE refresh_token (
        token_hash text PRIMARY KEY,
        username text NOT NULL REFERENCES app_user(username) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX refresh_token_user_idx ON refresh_token (username);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        subject text,
        before jsonb,
        after jsonb
      );
      CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log, refresh_token, app_user');
  }
}
