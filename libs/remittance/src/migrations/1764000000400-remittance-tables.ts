import { MigrationInterface, QueryRunner } from 'typeorm';

/** remittance schema: the ledger of claims sent, which 835 matching (CLP01) will use. */
export class RemittanceTables1764000000400 implements MigrationInterface {
  name = 'RemittanceTables1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.claim_ledger (
      claim_id text PRIMARY KEY,
      patient_control_number text NOT NULL UNIQUE,
      encounter_id text NOT NULL,
      patient_id text NOT NULL,
      payer_id text NOT NULL,
      date_of_service date NOT NULL,
      total_charge_cents bigint NOT NULL,
      service_line_count int NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX claim_ledger_payer ON remittance.claim_ledger (payer_id, date_of_service)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.claim_ledger`);
  }
}
