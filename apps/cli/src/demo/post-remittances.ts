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
interface Posted {
  adjustments: Array<{ group: string; reason: string; amountCents: number }>;
  lines: Array<{ adjustments: Array<{ group: string; reason: string; amountCents: number }> }>;
}
interface Account {
  chargeCents: number;
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
  status: string;
  postings: Posted[];
}
interface Denial {
  id: string;
  carc: { code: string };
  nextAction: string;
}

/** A primary claim and the secondary claim billed after its 835 (patient control numbers). */
export interface CobPair {
  primary: string;
  secondary: string;
}

/**
 * The payers' 835s posted (POST /remittance/advices): returns the 835 transaction sets posted and
 * the EFT credits the bank will show for them.
 */
export async function postAdvices(
  api: PlatformClient,
  files: readonly string[],
  deadline: number,
  log: (line: string) => void,
): Promise<{ remittances: number; credits: EftCredit[] }> {
  let remittances = 0;
  const credits: EftCredit[] = [];
  const pcns = new Set(
    files.flatMap((text) => parse835(text).file.transactions.flatMap((t) => t.claims.map((c) => c.claimId))),
  );
  if (!(await ledgerKnows(api, pcns, deadline)))
    log('remittances: timed out waiting for the remittance ledger to learn every billed claim');
  for (const text of files) {
    const posted = JSON.parse((await api.file('POST', '/remittance/advices', text)).text) as Intake;
    if (!posted.duplicate) remittances += posted.transactions;
    for (const t of parse835(text).file.transactions)
      credits.push({
        date: t.payment.date!,
        amountCents: t.payment.totalPaidCents,
        traceNumber: t.trace.traceNumber,
        originator: t.trace.originatorId,
      });
  }
  return { remittances, credits };
}

/**
 * Remittance learns of each claim from claims.claim.created (through claims' outbox): an 835 posted
 * before that finds no claim and sends its CLP to the unmatched review queue. The payer takes days to
 * answer; the demo's takes milliseconds, so it waits for the ledger to know every claim the 835s name.
 */
async function ledgerKnows(
  api: PlatformClient,
  pcns: ReadonlySet<string>,
  deadline: number,
): Promise<boolean> {
  const waiting = new Set(pcns);
  for (;;) {
    for (const pcn of [...waiting]) {
      const known = await api.get(`/remittance/ledger/${encodeURIComponent(pcn)}`).then(
        () => true,
        (err: { status?: number }) => {
          if (err.status === 404) return false;
          throw err;
        },
      );
      if (known) waiting.delete(pcn);
    }
    if (waiting.size === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Finance's part of the day once every 835 is posted (primaries' and secondaries'): the bank's BAI2
 * for their EFTs taken in and reconciled, a few denials worked with their suggested action, and AR.
 * Checks, to the cent, that the charges of every billed claim = paid + adjustments + patient
 * responsibility + open balance, and across each primary and its posted secondary (see
 * coordinatedBenefits); returns false in `balanced` when they do not.
 */
export async function closeTheBooks(
  api: PlatformClient,
  remittances: number,
  credits: readonly EftCredit[],
  cob: readonly CobPair[],
  log: (line: string) => void,
): Promise<{ counts: RemittanceCounts; balanced: boolean }> {
  const counts: RemittanceCounts = {
    remittances,
    paid: 0,
    partiallyPaid: 0,
    denied: 0,
    postedCents: 0,
    patientResponsibilityCents: 0,
    deposits: 0,
    reconciled: 0,
    arCents: 0,
  };
  const balanced = await tallyAccounts(api, counts, cob, log);
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

/**
 * Every billed claim's account: status counts, money, and the invariant to the cent. The patient
 * responsibility a primary's 835 assigned is the secondary's to consider: once the secondary's 835
 * has posted, the patient owes what the secondary left (its PR), not the primary's PR as well.
 */
async function tallyAccounts(
  api: PlatformClient,
  counts: RemittanceCounts,
  cob: readonly CobPair[],
  log: (line: string) => void,
): Promise<boolean> {
  const ledger = await api.all<{ patientControlNumber: string }>('/remittance/ledger');
  const accounts = new Map<string, Account>();
  let charges = 0;
  let accounted = 0;
  for (const { patientControlNumber } of ledger) {
    const a = await api.request<Account>('GET', `/remittance/claims/${patientControlNumber}`);
    accounts.set(patientControlNumber, a);
    if (a.status === 'paid') counts.paid++;
    else if (a.status === 'partially_paid') counts.partiallyPaid++;
    else if (a.status === 'denied') counts.denied++;
    counts.postedCents += a.paidCents;
    counts.patientResponsibilityCents += a.patientResponsibilityCents;
    charges += a.chargeCents;
    accounted += a.paidCents + a.adjustmentCents + a.patientResponsibilityCents + a.balanceCents;
  }
  let coordinated = true;
  for (const pair of cob) {
    const primary = accounts.get(pair.primary);
    const secondary = accounts.get(pair.secondary);
    if (!primary || !secondary || secondary.postings.length === 0) continue;
    counts.patientResponsibilityCents -= primary.patientResponsibilityCents;
    const problem = coordinatedBenefits(primary, secondary);
    if (problem) {
      coordinated = false;
      log(`COB: ${pair.primary} and its secondary ${pair.secondary}: ${problem}`);
    }
  }
  return charges === accounted && coordinated;
}

/**
 * A primary and its posted secondary, as one encounter's money: the secondary's 835 took over what
 * the primary paid and wrote off (CAS OA-23, the impact of the prior payer) and adjudicated the rest
 * (paid, its own write-offs, the patient's share, or left open). To the cent: the charge = primary
 * paid + primary contractual (CO) + secondary paid + secondary adjustments other than OA-23 +
 * secondary patient responsibility + secondary balance; the patient never owes more after the
 * secondary than the primary left (its PR and other non-contractual adjustments). Undefined when
 * so, else what does not add up.
 */
export function coordinatedBenefits(
  primary: Pick<Account, 'chargeCents' | 'paidCents' | 'patientResponsibilityCents' | 'postings'>,
  secondary: Pick<
    Account,
    | 'chargeCents'
    | 'paidCents'
    | 'adjustmentCents'
    | 'patientResponsibilityCents'
    | 'balanceCents'
    | 'postings'
  >,
): string | undefined {
  const cas = (a: Pick<Account, 'postings'>, keep: (x: { group: string; reason: string }) => boolean) =>
    a.postings
      .flatMap((p) => [...p.adjustments, ...p.lines.flatMap((l) => l.adjustments)])
      .filter(keep)
      .reduce((s, x) => s + x.amountCents, 0);
  const contractual = cas(primary, (x) => x.group === 'CO');
  const priorImpact = cas(secondary, (x) => x.group === 'OA' && x.reason === '23');
  const total =
    primary.paidCents +
    contractual +
    secondary.paidCents +
    (secondary.adjustmentCents - priorImpact) +
    secondary.patientResponsibilityCents +
    secondary.balanceCents;
  if (secondary.chargeCents !== primary.chargeCents)
    return `the secondary billed ${cents(secondary.chargeCents)}, the primary ${cents(primary.chargeCents)}`;
  if (total !== primary.chargeCents)
    return `primary paid + contractual + secondary paid + adjustments + patient responsibility + balance = ${cents(total)}, not the charge ${cents(primary.chargeCents)}`;
  const left = primary.chargeCents - primary.paidCents - contractual;
  if (secondary.patientResponsibilityCents > left)
    return `the patient owes ${cents(secondary.patientResponsibilityCents)} after the secondary, more than the ${cents(left)} the primary left`;
  return undefined;
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
