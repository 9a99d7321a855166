import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An advice's claims are listed in file order by their CLP's segment ordinal, no longer by seq:
 * posting holds back a claim that an earlier transaction set of the same upload still posts (a
 * reversal and its correction, 835 IG 2100 CLP02 22) and writes it at its set's end, so seq is the
 * order written, not the order read. seq stays the tie-break (postings of review resolutions).
 */
export class AdviceClaimsInSegmentOrder1764000000499 implements MigrationInterface {
  name = 'AdviceClaimsInSegmentOrder1764000000499';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX claim_posting_advice_ordinal ON remittance.claim_posting (advice_id, segment_ordinal, seq)`,
    );
    await q.query(`DROP INDEX remittance.claim_posting_advice_seq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX claim_posting_advice_seq ON remittance.claim_posting (advice_id, seq)`);
    await q.query(`DROP INDEX remittance.claim_posting_advice_ordinal`);
  }
}
