import { EntityManager } from 'typeorm';
import { DepositSide, RemittanceSide } from './reconcile';

const DEPOSIT_COLUMNS = `id, bank_file_id AS "bankFileId", to_char(deposit_date, 'YYYY-MM-DD') AS "depositDate",
  amount_cents::float8 AS "amountCents", trace_number AS "traceNumber", originator`;

// 835 IG BPR04 NON: no payment with this remittance; BPR02 0 or a debit (BPR03 D): no credit expected.
const REMITTANCE_COLUMNS = `id, payer_id AS "payerId", payer_name AS "payerName", trace_number AS "traceNumber",
  trace_originator AS "traceOriginator", paid_cents::float8 AS "paidCents", payment_method AS "paymentMethod",
  to_char(payment_date, 'YYYY-MM-DD') AS "paymentDate"`;
const EXPECTS_DEPOSIT = `paid_cents > 0 AND payment_method <> 'NON'`;

/**
 * What a period's reconciliation looks at: the deposits dated in it and the remittances paid in it,
 * plus, for each of their traces, the other side whatever its date (an EFT dated a day after its 835
 * still matches it).
 */
export async function periodSides(
  m: EntityManager,
  from: string,
  to: string,
): Promise<{ deposits: DepositSide[]; remittances: RemittanceSide[] }> {
  const deposits: DepositSide[] = await m.query(
    `SELECT ${DEPOSIT_COLUMNS} FROM remittance.deposit
      WHERE deposit_date BETWEEN $1 AND $2
         OR upper(trace_number) IN (SELECT upper(trace_number) FROM remittance.remittance_advice
                                     WHERE payment_date BETWEEN $1 AND $2 AND ${EXPECTS_DEPOSIT})
      ORDER BY deposit_date, id`,
    [from, to],
  );
  const remittances: RemittanceSide[] = await m.query(
    `SELECT ${REMITTANCE_COLUMNS} FROM remittance.remittance_advice
      WHERE ${EXPECTS_DEPOSIT}
        AND (payment_date BETWEEN $1 AND $2
             OR upper(trace_number) IN (SELECT upper(trace_number) FROM remittance.deposit
                                         WHERE deposit_date BETWEEN $1 AND $2 AND trace_number IS NOT NULL))
      ORDER BY payment_date, id`,
    [from, to],
  );
  return { deposits, remittances };
}

/** The deposits of one bank file (by natural key: also those an earlier file reported first) and their traces' remittances. */
export async function fileSides(
  m: EntityManager,
  naturalKeys: string[],
): Promise<{ deposits: DepositSide[]; remittances: RemittanceSide[] }> {
  const deposits: DepositSide[] = await m.query(
    `SELECT ${DEPOSIT_COLUMNS} FROM remittance.deposit WHERE natural_key = ANY($1) ORDER BY id`,
    [naturalKeys],
  );
  const traces = [
    ...new Set(deposits.map((d) => d.traceNumber?.toUpperCase()).filter((t): t is string => !!t)),
  ];
  const remittances: RemittanceSide[] = traces.length
    ? await m.query(
        `SELECT ${REMITTANCE_COLUMNS} FROM remittance.remittance_advice
          WHERE ${EXPECTS_DEPOSIT} AND upper(trace_number) = ANY($1) ORDER BY id`,
        [traces],
      )
    : [];
  return { deposits, remittances };
}
