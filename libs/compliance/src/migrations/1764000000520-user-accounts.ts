import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The portal's people (issue 11): accounts with argon2id password hashes, lockout counters and a
 * sealed TOTP secret; sessions stored by the SHA-256 of their cookie value, never the value itself.
 * HIPAA §164.312(a)(2)(i) unique user identification: one account per person, user names unique
 * without regard to case.
 */
export class UserAccounts1764000000520 implements MigrationInterface {
  name = 'UserAccounts1764000000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE compliance.user_account (
      id uuid PRIMARY KEY,
      user_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('coder', 'biller', 'finance', 'compliance', 'admin')),
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      totp_secret text,
      totp_pending_secret text,
      totp_last_step bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      password_changed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX user_account_name ON compliance.user_account (lower(user_name))`);
    await q.query(`CREATE TABLE compliance.user_session (
      id_digest char(64) PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES compliance.user_account (id),
      stage text NOT NULL CHECK (stage IN ('active', 'password-change', 'second-factor', 'second-factor-enrollment')),
      csrf_digest char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      end_reason text)`);
    await q.query(
      `CREATE INDEX user_session_user ON compliance.user_session (user_id) WHERE ended_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.user_session`);
    await q.query(`DROP TABLE compliance.user_account`);
  }
}
