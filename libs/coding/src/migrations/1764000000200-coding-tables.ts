import { MigrationInterface, QueryRunner } from 'typeorm';

/** coding schema: the coder work queue and the record of coded encounters. */
export class CodingTables1764000000200 implements MigrationInterface {
  name = 'CodingTables1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE coding.work_item (
      id uuid PRIMARY KEY,
      encounter_id text NOT NULL UNIQUE,
      patient_id text NOT NULL,
      payer_id text NOT NULL,
      date_of_service date NOT NULL,
      encounter text NOT NULL,
      problems jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'completed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      completed_by text)`);
    await q.query(`CREATE INDEX work_item_open ON coding.work_item (status, created_at)`);
    await q.query(`CREATE TABLE coding.coded_encounter (
      encounter_id text PRIMARY KEY,
      patient_id text NOT NULL,
      method text NOT NULL CHECK (method IN ('auto', 'coder')),
      coded_by text NOT NULL,
      coded_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coding.coded_encounter`);
    await q.query(`DROP TABLE coding.work_item`);
  }
}
