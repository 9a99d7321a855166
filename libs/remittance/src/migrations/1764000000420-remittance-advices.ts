import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per 835 transaction set (ST/SE) posted: the payment (BPR) and its reassociation trace
 * (TRN), which deposits are matched to. The file it came in keeps its bytes' hash, so the same
 * upload twice is recognised even when its traces differ.
 */
export class RemittanceAdvices1764000000420 implements MigrationInterface {
  name = 'RemittanceAdvices1764000000420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.remittance_file (
      id uuid PRIMARY KEY,
      sha256 text NOT NULL UNIQUE,
      byte_count bigint NOT NULL,
      received_via text NOT NULL,
      received_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE remittance.remittance_advice (
      id uuid PRIMARY KEY,
      file_id uuid NOT NULL REFERENCES remittance.remittance_file (id),
      -- our payer id when the 835's payer (1000A N1*PR / TRN03) is known to us, else that identifier
      payer_id text NOT NULL,
      payer_name text,
      -- TRN02: the check or EFT trace number; TRN03: the payer's originating company id
      trace_number text NOT NULL,
      trace_originator text,
      -- BPR02 (signed: BPR03 D is a debit), BPR04 ACH/CHK/BOP/FWT/NON, BPR16
      paid_cents bigint NOT NULL,
      payment_method text NOT NULL,
      payment_date date NOT NULL,
      transaction_set_control_number text NOT NULL,
      claim_count int NOT NULL DEFAULT 0,
      plb_cents bigint NOT NULL DEFAULT 0,
      posted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (payer_id, trace_number, paid_cents))`);
    await q.query(
      `CREATE INDEX remittance_advice_payment_date ON remittance.remittance_advice (payment_date)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.remittance_advice`);
    await q.query(`DROP TABLE remittance.remittance_file`);
  }
}
