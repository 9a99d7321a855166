import { MigrationInterface, QueryRunner } from 'typeorm';

/** claims schema: claim header and service lines; charges in integer cents. */
export class ClaimsTables1764000000300 implements MigrationInterface {
  name = 'ClaimsTables1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE claims.patient_control_number_seq`);
    await q.query(`CREATE TABLE claims.claim (
      id uuid PRIMARY KEY,
      patient_control_number text NOT NULL UNIQUE,
      encounter_id text NOT NULL UNIQUE,
      patient_id text NOT NULL,
      payer_id text NOT NULL,
      claim_type text NOT NULL CHECK (claim_type IN ('professional', 'institutional')),
      frequency_code char(1) NOT NULL,
      status text NOT NULL,
      date_of_service date NOT NULL,
      place_of_service char(2) NOT NULL,
      total_charge_cents bigint NOT NULL CHECK (total_charge_cents >= 0),
      diagnoses jsonb NOT NULL,
      parties text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX claim_status ON claims.claim (status, created_at)`);
    await q.query(`CREATE INDEX claim_payer ON claims.claim (payer_id, created_at)`);
    await q.query(`CREATE INDEX claim_patient ON claims.claim (patient_id)`);
    await q.query(`CREATE TABLE claims.service_line (
      claim_id uuid NOT NULL REFERENCES claims.claim(id) ON DELETE CASCADE,
      line_number int NOT NULL CHECK (line_number >= 1),
      procedure_code text NOT NULL,
      modifiers text[] NOT NULL DEFAULT '{}',
      units int NOT NULL CHECK (units >= 1),
      charge_cents bigint NOT NULL CHECK (charge_cents >= 0),
      diagnosis_pointers int[] NOT NULL,
      date_of_service date NOT NULL,
      PRIMARY KEY (claim_id, line_number))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims.service_line`);
    await q.query(`DROP TABLE claims.claim`);
    await q.query(`DROP SEQUENCE claims.patient_control_number_seq`);
  }
}
