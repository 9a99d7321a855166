import { MigrationInterface, QueryRunner } from 'typeorm';

/** charts schema: patients, payers, coverages, providers, encounters. PHI columns hold AES-GCM ciphertext. */
export class ChartsTables1764000000100 implements MigrationInterface {
  name = 'ChartsTables1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE charts.patient (
      id uuid PRIMARY KEY,
      mrn text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      date_of_birth text NOT NULL,
      sex char(1) NOT NULL CHECK (sex IN ('F', 'M', 'U')),
      address text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE charts.payer (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      payer_id text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE charts.coverage (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES charts.patient(id),
      payer_id uuid NOT NULL REFERENCES charts.payer(id),
      member_id text NOT NULL,
      group_number text,
      relationship text NOT NULL CHECK (relationship IN ('self', 'spouse', 'child', 'other')),
      subscriber text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX coverage_patient ON charts.coverage (patient_id)`);
    await q.query(`CREATE TABLE charts.provider (
      id uuid PRIMARY KEY,
      npi char(10) NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('organization', 'individual')),
      name text NOT NULL,
      first_name text,
      taxonomy text,
      tax_id text,
      address jsonb,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE charts.encounter (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES charts.patient(id),
      coverage_id uuid NOT NULL REFERENCES charts.coverage(id),
      billing_provider_id uuid NOT NULL REFERENCES charts.provider(id),
      rendering_provider_id uuid NOT NULL REFERENCES charts.provider(id),
      referring_provider_id uuid REFERENCES charts.provider(id),
      date_of_service date NOT NULL,
      place_of_service char(2) NOT NULL,
      diagnoses jsonb NOT NULL,
      procedures jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'finalized')),
      finalized_at timestamptz,
      finalized_by text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX encounter_patient ON charts.encounter (patient_id)`);
    await q.query(`CREATE INDEX encounter_status ON charts.encounter (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['encounter', 'provider', 'coverage', 'payer', 'patient'])
      await q.query(`DROP TABLE charts.${t}`);
  }
}
