import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A repeat of a file's bytes answers with the advice the first upload answered with: its first
 * posted set in file order. Sets post concurrently, so their posted_at need not follow the file;
 * the file row keeps that advice. Older files fall back to the earliest posted advice.
 */
export class FileFirstAdvice1764000000490 implements MigrationInterface {
  name = 'FileFirstAdvice1764000000490';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.remittance_file ADD COLUMN first_advice_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.remittance_file DROP COLUMN first_advice_id`);
  }
}
