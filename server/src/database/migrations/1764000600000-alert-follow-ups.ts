import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happens after an alert opens (issue 7): escalation of alerts nobody acknowledged to the
 * leaders above the agency, data reminders to the agency that reports late, and an outbox of
 * outbound notifications (webhook, e-mail) retried until delivered.
 */
export class AlertFollowUps1764000600000 implements MigrationInterface {
  name = 'AlertFollowUps1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alert ADD COLUMN escalated_to text, ADD COLUMN escalated_at timestamptz;

      CREATE TABLE data_reminder (
        id bigserial PRIMARY KEY,
        assignment_id integer NOT NULL REFERENCES assignment(id),
        plan_code text NOT NULL,
        agency_code text NOT NULL,
        indicator_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('due', 'overdue', 'missing')),
        last_observed_at timestamptz,
        due_at timestamptz,
        message_vi text NOT NULL,
        message_en text NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        resolved_at timestamptz
      );
      CREATE UNIQUE INDEX data_reminder_active_key ON data_reminder (assignment_id) WHERE resolved_at IS NULL;
      CREATE INDEX data_reminder_agency_idx ON data_reminder (plan_code, agency_code, resolved_at);

      CREATE TABLE notification (
        id bigserial PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
        kind text NOT NULL,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      );
      CREATE INDEX notification_pending_idx ON notification (next_attempt_at) WHERE state = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE notification, data_reminder; ALTER TABLE alert DROP COLUMN escalated_to, DROP COLUMN escalated_at`,
    );
  }
}
