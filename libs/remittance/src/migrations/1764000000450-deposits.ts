import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank files (BAI2 or CSV) and the credits they report (deposits), which reconciliation matches to
 * remittance advices by the 835 trace (TRN02), the amount and the originator (TRN03) when known.
 * A file's bytes are kept only as their hash: the same file twice is stored once. The same credit
 * reported again in another file (an intraday report, then the previous-day report) is one deposit:
 * its natural key (account, date, type, amount, references, trace, n-th such line in its file) is unique.
 */
export class Deposits1764000000450 implements MigrationInterface {
  name = 'Deposits1764000000450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.bank_file (
      id uuid PRIMARY KEY,
      sha256 text NOT NULL UNIQUE,
      format text NOT NULL CHECK (format IN ('bai2', 'csv')),
      byte_count bigint NOT NULL,
      deposit_count int NOT NULL,
      total_cents bigint NOT NULL,
      received_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE remittance.deposit (
      id uuid PRIMARY KEY,
      bank_file_id uuid NOT NULL REFERENCES remittance.bank_file (id),
      line_number int NOT NULL,
      deposit_date date NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      type_code text,
      account_number text,
      bank_reference text,
      customer_reference text,
      text text NOT NULL DEFAULT '',
      trace_number text,
      originator text,
      natural_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX deposit_date ON remittance.deposit (deposit_date)`);
    // Reconciliation compares traces case-blind and looks advices up by trace alone (their unique
    // key starts with payer_id): expression indexes on upper(trace_number) on both sides.
    await q.query(`CREATE INDEX deposit_trace ON remittance.deposit (upper(trace_number))`);
    await q.query(
      `CREATE INDEX remittance_advice_trace ON remittance.remittance_advice (upper(trace_number))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX remittance.remittance_advice_trace`);
    await q.query(`DROP TABLE remittance.deposit`);
    await q.query(`DROP TABLE remittance.bank_file`);
  }
}
