import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Posting writes a claim posting and ~2.5 posted lines per CLP; their foreign-key triggers cost
 * PostgreSQL about as much as the rows themselves (~19 µs a claim of ~95, bench:posting). The
 * parents are never deleted (advices, ledger claims and postings are kept for good; a reversal is
 * a new posting) and posting writes a child only beside its parent in the same transaction: the
 * advice it inserted, the ledger claim it holds FOR UPDATE, the posting of the same batch or the
 * one it reverses, read under that lock. So the checks on these two hot tables go; the cold ones
 * (review items, PLB, denial resolutions) keep theirs.
 */
const DROPPED = [
  ['claim_posting', 'claim_posting_advice_id_fkey', 'advice_id', 'remittance.remittance_advice (id)'],
  ['claim_posting', 'claim_posting_claim_id_fkey', 'claim_id', 'remittance.claim_ledger (claim_id)'],
  [
    'claim_posting',
    'claim_posting_reverses_posting_id_fkey',
    'reverses_posting_id',
    'remittance.claim_posting (id)',
  ],
  [
    'claim_posting',
    'claim_posting_reversed_by_posting_id_fkey',
    'reversed_by_posting_id',
    'remittance.claim_posting (id)',
  ],
  ['line_posting', 'line_posting_posting_id_fkey', 'posting_id', 'remittance.claim_posting (id)'],
] as const;

export class PostingsWithoutForeignKeyChecks1764000000496 implements MigrationInterface {
  name = 'PostingsWithoutForeignKeyChecks1764000000496';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, constraint] of DROPPED)
      await q.query(`ALTER TABLE remittance.${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, constraint, column, parent] of DROPPED)
      await q.query(
        `ALTER TABLE remittance.${table} ADD CONSTRAINT ${constraint} FOREIGN KEY (${column}) REFERENCES ${parent}`,
      );
  }
}
