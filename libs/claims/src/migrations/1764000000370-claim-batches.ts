import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims out the door: batches (one 837 file each, stored sealed in parts), the claims in them
 * with their transaction set, delivery attempts, each payer's delivery settings, and the control
 * number sequences. ISA13, GS06 and ST02 come from sequences, never reused: unique for every
 * sender/receiver pair across restarts, concurrent requests and instances (a sequence does not
 * roll back, so a refused batch leaves a gap, never a repeat). They stop at 999999999 (ISA13 is 9
 * digits) rather than cycle.
 */
export class ClaimBatches1764000000370 implements MigrationInterface {
  name = 'ClaimBatches1764000000370';

  async up(q: QueryRunner): Promise<void> {
    for (const s of ['interchange', 'group', 'transaction_set'])
      await q.query(`CREATE SEQUENCE claims.${s}_control_number_seq MINVALUE 1 MAXVALUE 999999999 NO CYCLE`);
    await q.query(`
      CREATE TABLE claims.claim_batch (
        id uuid PRIMARY KEY,
        payer_id text NOT NULL,
        claim_type text NOT NULL,
        claim_count int NOT NULL,
        total_charge_cents bigint NOT NULL,
        sender_id text NOT NULL,
        receiver_id text NOT NULL,
        interchange_control_number text NOT NULL,
        group_control_number text NOT NULL,
        usage_indicator char(1) NOT NULL,
        status text NOT NULL,
        file_bytes bigint NOT NULL,
        file_sha256 text NOT NULL,
        delivery_method text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        acknowledged_at timestamptz,
        next_delivery_at timestamptz,
        UNIQUE (sender_id, receiver_id, interchange_control_number)
      )`);
    await q.query(`CREATE INDEX claim_batch_payer ON claims.claim_batch (payer_id, created_at)`);
    await q.query(`CREATE INDEX claim_batch_group ON claims.claim_batch (group_control_number)`);
    await q.query(
      `CREATE INDEX claim_batch_delivery_due ON claims.claim_batch (next_delivery_at) WHERE next_delivery_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE claims.claim_batch_claim (
        batch_id uuid NOT NULL REFERENCES claims.claim_batch(id) ON DELETE CASCADE,
        claim_id uuid NOT NULL REFERENCES claims.claim(id),
        transaction_set_control_number text NOT NULL,
        open boolean NOT NULL DEFAULT true,
        PRIMARY KEY (batch_id, claim_id)
      )`);
    // No claim is ever in two open batches (a batch stays open for a claim until the payer answers).
    await q.query(
      `CREATE UNIQUE INDEX claim_batch_claim_open ON claims.claim_batch_claim (claim_id) WHERE open`,
    );
    await q.query(
      `CREATE INDEX claim_batch_claim_transaction ON claims.claim_batch_claim (batch_id, transaction_set_control_number)`,
    );
    await q.query(`
      CREATE TABLE claims.claim_batch_file_part (
        batch_id uuid NOT NULL REFERENCES claims.claim_batch(id) ON DELETE CASCADE,
        seq int NOT NULL,
        content text NOT NULL,
        PRIMARY KEY (batch_id, seq)
      )`);
    await q.query(`
      CREATE TABLE claims.claim_batch_delivery_attempt (
        batch_id uuid NOT NULL REFERENCES claims.claim_batch(id) ON DELETE CASCADE,
        attempt int NOT NULL,
        method text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        ok boolean NOT NULL,
        detail text,
        PRIMARY KEY (batch_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE claims.payer_delivery (
        payer_id text PRIMARY KEY,
        method text NOT NULL,
        receiver_id text NOT NULL,
        receiver_qualifier text NOT NULL,
        receiver_name text NOT NULL,
        application_receiver_code text NOT NULL,
        sftp text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'payer_delivery',
      'claim_batch_delivery_attempt',
      'claim_batch_file_part',
      'claim_batch_claim',
      'claim_batch',
    ])
      await q.query(`DROP TABLE claims.${t}`);
    for (const s of ['interchange', 'group', 'transaction_set'])
      await q.query(`DROP SEQUENCE claims.${s}_control_number_seq`);
  }
}
