import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scrubber's results: claim status after scrubbing, current edits, payer rule sets. */
export class ClaimEdits1764000000310 implements MigrationInterface {
  name = 'ClaimEdits1764000000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ADD COLUMN revision int NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE claims.claim ADD COLUMN scrubbed_at timestamptz`);
    await q.query(`CREATE TABLE claims.claim_edit (
      claim_id uuid NOT NULL REFERENCES claims.claim(id) ON DELETE CASCADE,
      seq int NOT NULL,
      edit_id text NOT NULL,
      category text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('reject', 'warn')),
      line int,
      codes text[] NOT NULL,
      message text NOT NULL,
      PRIMARY KEY (claim_id, seq))`);
    await q.query(`CREATE INDEX claim_edit_id ON claims.claim_edit (edit_id)`);
    await q.query(`CREATE TABLE claims.payer_rule_set (
      version serial PRIMARY KEY,
      rules jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims.payer_rule_set`);
    await q.query(`DROP TABLE claims.claim_edit`);
    for (const c of ['scrubbed_at', 'revision']) await q.query(`ALTER TABLE claims.claim DROP COLUMN ${c}`);
  }
}
