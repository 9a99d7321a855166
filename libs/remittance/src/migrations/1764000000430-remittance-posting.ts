import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 835 posting: the billed service lines 835 SVC lines are matched to, one posting per CLP (loop
 * 2100) with its lines (loop 2110), the provider-level adjustments (PLB) of each advice, the review
 * queue of what could not be posted or matched with certainty, and the transaction sets refused.
 * CAS adjustments ride as jsonb on the posting and line rows: one INSERT per batch, not per CAS.
 * Procedures and modifiers are PHI: sealed columns (remittance-phi.entities), as in claims.
 */
export class RemittancePosting1764000000430 implements MigrationInterface {
  name = 'RemittancePosting1764000000430';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.claim_ledger_line (
      claim_id text NOT NULL REFERENCES remittance.claim_ledger (claim_id) ON DELETE CASCADE,
      line_number int NOT NULL,
      -- 837 2400 REF*6R as written; the 835 2110 REF*6R echoes it
      line_item_control_number text NOT NULL,
      -- PHI, sealed: {procedureCode, modifiers} (the claims service seals them too)
      service text NOT NULL,
      date_of_service date NOT NULL,
      units int NOT NULL,
      charge_cents bigint NOT NULL,
      PRIMARY KEY (claim_id, line_number))`);
    await q.query(`CREATE TABLE remittance.claim_posting (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      advice_id uuid NOT NULL REFERENCES remittance.remittance_advice (id),
      claim_id text NOT NULL REFERENCES remittance.claim_ledger (claim_id),
      patient_control_number text NOT NULL,
      claim_status_code text NOT NULL,
      payer_claim_control_number text,
      charge_cents bigint NOT NULL,
      paid_cents bigint NOT NULL,
      adjustment_cents bigint NOT NULL,
      patient_responsibility_cents bigint NOT NULL,
      deductible_cents bigint NOT NULL,
      coinsurance_cents bigint NOT NULL,
      copay_cents bigint NOT NULL,
      outcome text NOT NULL,
      adjustments jsonb NOT NULL DEFAULT '[]',
      reverses_posting_id uuid REFERENCES remittance.claim_posting (id),
      reversed_by_posting_id uuid REFERENCES remittance.claim_posting (id),
      segment_ordinal int,
      posted_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX claim_posting_claim ON remittance.claim_posting (claim_id, seq)`);
    await q.query(`CREATE INDEX claim_posting_advice ON remittance.claim_posting (advice_id)`);
    await q.query(`CREATE TABLE remittance.line_posting (
      posting_id uuid NOT NULL REFERENCES remittance.claim_posting (id),
      -- 1-based position of the SVC in its CLP loop
      position int NOT NULL,
      line_number int,
      match_method text NOT NULL,
      line_item_control_number text,
      -- PHI, sealed: {procedureCode, modifiers} as the payer reported them (SVC01)
      service text NOT NULL,
      date_of_service date,
      units numeric,
      charge_cents bigint NOT NULL,
      paid_cents bigint NOT NULL,
      adjustment_cents bigint NOT NULL,
      patient_responsibility_cents bigint NOT NULL,
      adjustments jsonb NOT NULL DEFAULT '[]',
      remarks text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (posting_id, position))`);
    await q.query(`CREATE TABLE remittance.provider_adjustment (
      advice_id uuid NOT NULL REFERENCES remittance.remittance_advice (id),
      position int NOT NULL,
      provider_id text NOT NULL,
      fiscal_period_date text NOT NULL,
      -- PLB03-1 reason (L6 interest, FB forward balance, WO overpayment recovery …), PLB03-2 reference
      reason_code text NOT NULL,
      reference text,
      amount_cents bigint NOT NULL,
      PRIMARY KEY (advice_id, position))`);
    await q.query(`CREATE TABLE remittance.remittance_review (
      id uuid PRIMARY KEY,
      advice_id uuid NOT NULL REFERENCES remittance.remittance_advice (id),
      -- claim_not_found | reversal_without_posting | ambiguous_line | unmatched_line
      kind text NOT NULL,
      patient_control_number text NOT NULL,
      payer_claim_control_number text,
      claim_status_code text NOT NULL,
      charge_cents bigint NOT NULL,
      paid_cents bigint NOT NULL,
      reason text NOT NULL,
      -- PHI, sealed: the CLP as read (no NM1 parties), to post it when resolved
      payment text,
      posting_id uuid REFERENCES remittance.claim_posting (id),
      line_position int,
      candidates int[],
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by text,
      resolved_claim_id text,
      resolved_line_number int)`);
    await q.query(
      `CREATE INDEX remittance_review_open ON remittance.remittance_review (created_at, id) WHERE resolved_at IS NULL`,
    );
    await q.query(`CREATE TABLE remittance.rejected_transaction (
      id uuid PRIMARY KEY,
      file_id uuid NOT NULL REFERENCES remittance.remittance_file (id),
      transaction_set_control_number text,
      trace_number text,
      errors jsonb NOT NULL,
      balancing jsonb NOT NULL DEFAULT '[]',
      rejected_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rejected_transaction',
      'remittance_review',
      'provider_adjustment',
      'line_posting',
      'claim_posting',
      'claim_ledger_line',
    ])
      await q.query(`DROP TABLE remittance.${t}`);
  }
}
