import { parse835 } from '@revcycle/x12';
import { bai2Statement, EftCredit } from './bank-statement';
import { PlatformClient } from './platform-client';

export interface RemittanceCounts {
  /** 835 transaction sets (remittance advices) posted. */
  remittances: number;
  /** Claims whose account ends paid, partially paid or denied after posting. */
  paid: number;
  partiallyPaid: number;
  denied: number;
  /** Σ payments posted to claims (CLP04, reversals negative). */
  postedCents: number;
  patientResponsibilityCents: number;
  /** Bank credits taken in from the bank file, and those reconciled to a remittance. */
  deposits: number;
  reconciled: number;
  /** Receivables after posting: payers' balances plus patient responsibility. */
  arCents: number;
}

interface Intake {
  duplicate: boolean;
  transactions: number;
  claims: number;
  unmatched: number;
}
interface Account {
  chargeCents: number;
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
  status: string;
}
interface Denial {
  id: string;
  carc: { code: string };
  nextAction: string;
}

/**
 * Finance's part of the day: the payers' 835s posted (POST /remittance/advices), the bank's BAI2 for
 * their EFTs taken in and reconciled, a few denials worked with their suggested action, and AR.
 * Checks, to the cent, that the charges of every billed claim = paid + adjustments + patient
 * responsibility + open balance; returns false in `balanced` when they do not.
 */
export async function postRemittances(
  api: PlatformClient,
  files: readonly string[],
  log: (line: string) => void,
): Promise<{ counts: RemittanceCounts; balanced: boolean }> {
  const counts: RemittanceCounts = {
    remittances: 0,
    paid: 0,
    partiallyPaid: 0,
    denied: 0,
    postedCents: 0,
    patientResponsibilityCents: 0,
    deposits: 0,
    reconciled: 0,
    arCents: 0,
  };
  const credits: EftCredit[] = [];
  for (const text of files) {
    const posted = JSON.parse((await api.file('POST', '/remittance/advices', text)).text) as Intake;
    if (!posted.duplicate) counts.remittances += posted.transactions;
    for (const t of parse835(text).file.transactions)
      credits.push({
        date: t.payment.date!,
        amountCents: t.payment.totalPaidCents,
        traceNumber: t.trace.traceNumber,
        originator: t.trace.originatorId,
      });
  }
  const balanced = await tallyAccounts(api, counts);
  log(
    `remittances: ${counts.remittances} 835 advices posted: ${counts.paid} claims paid, ${counts.partiallyPaid} partially paid, ${counts.denied} denied; ${cents(counts.postedCents)} paid, ${cents(counts.patientResponsibilityCents)} patient responsibility; charges ${balanced ? '=' : '≠'} paid + adjustments + patient responsibility + balance`,
  );
  await reconcileBank(api, credits, counts, log);
  await workDenials(api, log);
  const aging = await api.request<{ totals: { arCents: number }; payers: unknown[] }>(
    'GET',
    '/remittance/ar-aging',
  );
  counts.arCents = aging.totals.arCents;
  log(`AR: ${cents(counts.arCents)} open across ${aging.payers.length} payers and their patients`);
  return { counts, balanced };
}

/** Every billed claim's account: status counts, money, and the invariant to the cent. */
async function tallyAccounts(api: PlatformClient, counts: RemittanceCounts): Promise<boolean> {
  const ledger = await api.all<{ patientControlNumber: string }>('/remittance/ledger');
  let charges = 0;
  let accounted = 0;
  for (const { patientControlNumber } of ledger) {
    const a = await api.request<Account>('GET', `/remittance/claims/${patientControlNumber}`);
    if (a.status === 'paid') counts.paid++;
    else if (a.status === 'partially_paid') counts.partiallyPaid++;
    else if (a.status === 'denied') counts.denied++;
    counts.postedCents += a.paidCents;
    counts.patientResponsibilityCents += a.patientResponsibilityCents;
    charges += a.chargeCents;
    accounted += a.paidCents + a.adjustmentCents + a.patientResponsibilityCents + a.balanceCents;
  }
  return charges === accounted;
}

async function reconcileBank(
  api: PlatformClient,
  credits: readonly EftCredit[],
  counts: RemittanceCounts,
  log: (line: string) => void,
): Promise<void> {
  const paying = credits.filter((c) => c.amountCents > 0);
  if (paying.length === 0) return;
  const dates = paying.map((c) => c.date).sort();
  const taken = JSON.parse(
    (
      await api.file(
        'POST',
        '/remittance/deposits',
        bai2Statement(paying, dates[dates.length - 1]),
        'text/plain',
      )
    ).text,
  ) as { deposits: number };
  counts.deposits = taken.deposits;
  const r = await api.request<{
    matched: unknown[];
    amountMismatch: unknown[];
    depositWithoutRemittance: unknown[];
  }>('GET', `/remittance/reconciliation?from=${dates[0]}&to=${dates[dates.length - 1]}`);
  counts.reconciled = r.matched.length;
  log(
    `bank: ${counts.deposits} EFT credits from the BAI2 statement, ${counts.reconciled} reconciled to their 835, ${r.amountMismatch.length} amount mismatches, ${r.depositWithoutRemittance.length} without a remittance`,
  );
}

/** The oldest few denials, worked as the queue suggests. */
async function workDenials(api: PlatformClient, log: (line: string) => void): Promise<void> {
  const queue = await api.request<{ total: number; items: Denial[] }>('GET', '/remittance/denials?limit=3');
  for (const d of queue.items)
    await api.post(`/remittance/denials/${d.id}/resolve`, {
      action: d.nextAction,
      note: `demo: CARC ${d.carc.code}, ${d.nextAction.replace(/_/g, ' ')}`,
    });
  log(`denials: ${queue.total} in the work queue, ${queue.items.length} worked with the suggested action`);
}

const cents = (c: number) => `$${(c / 100).toFixed(2)}`;
