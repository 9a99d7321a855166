import { normalizedOriginator } from '../bank-file/eft-trace';

/** A deposit as reconciliation sees it. */
export interface DepositSide {
  id: string;
  bankFileId: string;
  depositDate: string;
  amountCents: number;
  traceNumber: string | null;
  originator: string | null;
}

/** A remittance advice (one 835 ST/SE) as reconciliation sees it. */
export interface RemittanceSide {
  id: string;
  payerId: string;
  payerName: string | null;
  traceNumber: string;
  traceOriginator: string | null;
  paidCents: number;
  paymentMethod: string;
  paymentDate: string;
}

/** The deposits and remittances of one trace (one payment), side by side. */
export interface ReconciledPayment {
  traceNumber: string;
  originator: string | null;
  deposits: DepositSide[];
  remittances: RemittanceSide[];
  depositCents: number;
  remittanceCents: number;
  /** deposit − remittance: negative when the bank got less than the 835 says was paid. */
  differenceCents: number;
}

export interface ReconciliationTotals {
  depositCents: number;
  remittanceCents: number;
  matched: { count: number; cents: number };
  amountMismatch: { count: number; depositCents: number; remittanceCents: number; differenceCents: number };
  remittanceWithoutDeposit: { count: number; cents: number };
  depositWithoutRemittance: { count: number; cents: number };
}

export interface Reconciliation {
  matched: ReconciledPayment[];
  amountMismatch: ReconciledPayment[];
  remittanceWithoutDeposit: RemittanceSide[];
  depositWithoutRemittance: DepositSide[];
  totals: ReconciliationTotals;
}

const traceKey = (t: string | null | undefined) => (t ?? '').trim().toUpperCase();
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

/**
 * Matches deposits to remittances. The 835's TRN02 is the reassociation key between the ERA and the
 * EFT (835 IG 1000 TRN; CAQH CORE rule 370 puts it in the ACH CCD+ addenda), so payments are grouped
 * by trace; where the bank also carried TRN03 (the payer's originating company id), a deposit pairs
 * only with remittances of that originator (or of none stated), so two payers' equal trace numbers
 * never cross. In a group, equal sums are a match (one EFT may pay several 835 transactions, and a
 * payment may be reported twice by a bank only once, since deposits are unique), unequal sums an
 * amount mismatch; a side alone is a remittance without deposit or a deposit without remittance.
 * Remittances that pay nothing (BPR04 NON, zero or negative BPR02) expect no deposit: pass none.
 * Each bucket is ordered by date, then trace.
 */
export function reconcile(deposits: DepositSide[], remittances: RemittanceSide[]): Reconciliation {
  const out: Reconciliation = {
    matched: [],
    amountMismatch: [],
    remittanceWithoutDeposit: [],
    depositWithoutRemittance: [],
    totals: emptyTotals(),
  };
  const byTrace = new Map<string, { deposits: DepositSide[]; remittances: RemittanceSide[] }>();
  const slot = (key: string) => {
    let s = byTrace.get(key);
    if (!s) byTrace.set(key, (s = { deposits: [], remittances: [] }));
    return s;
  };
  for (const d of deposits) {
    if (traceKey(d.traceNumber) === '') out.depositWithoutRemittance.push(d);
    else slot(traceKey(d.traceNumber)).deposits.push(d);
  }
  for (const r of remittances) slot(traceKey(r.traceNumber)).remittances.push(r);

  for (const { deposits: ds, remittances: rs } of byTrace.values())
    for (const group of byOriginator(ds, rs)) {
      if (group.deposits.length === 0) out.remittanceWithoutDeposit.push(...group.remittances);
      else if (group.remittances.length === 0) out.depositWithoutRemittance.push(...group.deposits);
      else {
        const depositCents = sum(group.deposits, (d) => d.amountCents);
        const remittanceCents = sum(group.remittances, (r) => r.paidCents);
        const payment: ReconciledPayment = {
          traceNumber: group.remittances[0].traceNumber,
          originator: group.originator,
          deposits: group.deposits,
          remittances: group.remittances,
          depositCents,
          remittanceCents,
          differenceCents: depositCents - remittanceCents,
        };
        (depositCents === remittanceCents ? out.matched : out.amountMismatch).push(payment);
      }
    }
  // A stable order for people and tests: by date, then trace.
  const byPayment = (a: ReconciledPayment, b: ReconciledPayment) =>
    compare(a.deposits[0].depositDate, b.deposits[0].depositDate) || compare(a.traceNumber, b.traceNumber);
  out.matched.sort(byPayment);
  out.amountMismatch.sort(byPayment);
  out.remittanceWithoutDeposit.sort(
    (a, b) =>
      compare(a.paymentDate, b.paymentDate) || compare(a.traceNumber, b.traceNumber) || compare(a.id, b.id),
  );
  out.depositWithoutRemittance.sort(
    (a, b) =>
      compare(a.depositDate, b.depositDate) ||
      compare(a.traceNumber ?? '', b.traceNumber ?? '') ||
      compare(a.id, b.id),
  );
  out.totals = totalsOf(out);
  return out;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Group {
  originator: string | null;
  deposits: DepositSide[];
  remittances: RemittanceSide[];
}

/** One trace's deposits and remittances split by originator where the deposits name one. */
function byOriginator(ds: DepositSide[], rs: RemittanceSide[]): Group[] {
  const named = new Map<string, Group>();
  const open: Group = { originator: null, deposits: [], remittances: [] };
  for (const d of ds) {
    const o = normalizedOriginator(d.originator);
    if (!o) open.deposits.push(d);
    else {
      let g = named.get(o);
      if (!g) named.set(o, (g = { originator: d.originator, deposits: [], remittances: [] }));
      g.deposits.push(d);
    }
  }
  const unstated: RemittanceSide[] = [];
  for (const r of rs) {
    const o = normalizedOriginator(r.traceOriginator);
    const g = o ? named.get(o) : undefined;
    if (g) g.remittances.push(r);
    else if (o) open.remittances.push(r);
    else unstated.push(r);
  }
  // A remittance that states no originator goes where it can: the only named group when the
  // deposits without originator do not claim it.
  if (unstated.length && open.deposits.length === 0 && named.size === 1)
    [...named.values()][0].remittances.push(...unstated);
  else open.remittances.push(...unstated);
  return [...named.values(), open];
}

function emptyTotals(): ReconciliationTotals {
  return {
    depositCents: 0,
    remittanceCents: 0,
    matched: { count: 0, cents: 0 },
    amountMismatch: { count: 0, depositCents: 0, remittanceCents: 0, differenceCents: 0 },
    remittanceWithoutDeposit: { count: 0, cents: 0 },
    depositWithoutRemittance: { count: 0, cents: 0 },
  };
}

function totalsOf(r: Reconciliation): ReconciliationTotals {
  const matchedCents = sum(r.matched, (p) => p.remittanceCents);
  const mismatchDeposit = sum(r.amountMismatch, (p) => p.depositCents);
  const mismatchRemittance = sum(r.amountMismatch, (p) => p.remittanceCents);
  const lonelyRemittance = sum(r.remittanceWithoutDeposit, (x) => x.paidCents);
  const lonelyDeposit = sum(r.depositWithoutRemittance, (x) => x.amountCents);
  return {
    depositCents: matchedCents + mismatchDeposit + lonelyDeposit,
    remittanceCents: matchedCents + mismatchRemittance + lonelyRemittance,
    matched: { count: r.matched.length, cents: matchedCents },
    amountMismatch: {
      count: r.amountMismatch.length,
      depositCents: mismatchDeposit,
      remittanceCents: mismatchRemittance,
      differenceCents: mismatchDeposit - mismatchRemittance,
    },
    remittanceWithoutDeposit: { count: r.remittanceWithoutDeposit.length, cents: lonelyRemittance },
    depositWithoutRemittance: { count: r.depositWithoutRemittance.length, cents: lonelyDeposit },
  };
}
