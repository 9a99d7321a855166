import type {
  Claim,
  ClaimAcknowledgmentToWrite,
  ClaimPayment,
  ClaimTransaction,
  Party,
  RemittanceAdvice,
  X12Issue,
} from '@revcycle/x12';
import {
  acknowledge837,
  formatIssue,
  InMemoryControlNumbers,
  parse837,
  write277ca,
  write835,
  write999,
} from '@revcycle/x12';
import type { ClaimDecision, ClaimOutcome, PriorPayment } from './claim-decision';
import {
  adjudicateClaim,
  billedAfterAnotherPayer,
  decideClaim,
  drawSecondaryShare,
  priorPaymentOf,
  reversalOf,
} from './claim-decision';
import type { FeeSchedule } from './fee-schedule';
import { DEFAULT_FEE_SCHEDULE } from './fee-schedule';
import type { ProviderLevelAdjustment } from './remittance-advice';
import { buildRemittance } from './remittance-advice';
import { MISSING_PRIOR_PAYER } from './remittance-codes';
import { SeededRandom } from './seeded-random';

export interface AdjudicationOptions {
  /** Same seed and same 837 → byte-identical files. Default 1. */
  seed?: number;
  feeSchedule?: FeeSchedule;
  /** Adjudication date YYYY-MM-DD (999 and 277CA); default the 837's creation date (BHT04). Payments follow 14 days later. */
  date?: string;
}

export interface AdjudicatedClaim {
  claimId: string;
  outcome: ClaimOutcome;
  chargeCents: number;
  paidCents: number;
  payerClaimControlNumber?: string;
  /** CARC/RARC of a denial (whole claim or the denied line), 277CA category:code of a rejection. */
  reason?: string;
  /** This payment was later reversed (CLP02 22) and the claim paid again under `correctedControlNumber`. */
  reversed?: boolean;
  correctedControlNumber?: string;
  /** Billed to this payer as secondary (837 SBR01 S): what the prior payer paid (2320 AMT*D), when the 837 says. */
  priorPayerPaidCents?: number;
}

export interface AdjudicationSummary {
  claims: number;
  paid: number;
  partiallyPaid: number;
  denied: number;
  rejected: number;
  reversed: number;
  /** Claims adjudicated as the secondary (or later) payer, after the prior payer's 2320/2430 (835 CLP02 2 or 3). */
  secondary: number;
  /** 837 transaction sets the 999 rejected: their claims count as rejected. */
  transactionSetsRejected: number;
  totalChargeCents: number;
  /** Σ BPR02 over the 835s: what the payer actually sent. */
  totalPaidCents: number;
}

export interface AdjudicationResult {
  summary: AdjudicationSummary;
  /** The files a payer sends back; no 277CA/835 when the 999 rejected everything. */
  files: { '999': string; '277ca'?: string; '835'?: string };
  claims: AdjudicatedClaim[];
}

/** The input is no 837 the payer can read (not X12, no ISA, no 837 transaction set). */
export class Unreadable837Error extends Error {
  constructor(
    message: string,
    readonly issue?: X12Issue,
  ) {
    super(message);
  }
}

/** FNV-1a over the file, so different files under one seed get different trace and control numbers. */
function fingerprint(input: Uint8Array | string): number {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * The draws deciding one claim, from the seed and what the claim bills — who, to whom, what, for how
 * much — and not from its patient control number, dates or envelope: the same visit billed under one
 * seed is decided alike whatever day the file is written and whichever sequence numbered it.
 */
function claimRandom(seed: number, claim: Claim): SeededRandom {
  const billed = [
    claim.subscriber.payer.id,
    claim.subscriber.payerResponsibility,
    claim.subscriber.person.id,
    claim.patient?.person.firstName,
    claim.patient?.person.name,
    claim.subscriber.person.name,
    claim.subscriber.person.firstName,
    claim.totalChargeCents,
    ...(claim.providers ?? []).map((p) => p.id),
    ...claim.serviceLines.map((l) =>
      [l.procedure?.code, ...(l.procedure?.modifiers ?? []), l.chargeCents, l.quantity].join(':'),
    ),
  ];
  return new SeededRandom((seed ^ fingerprint(billed.join('|'))) >>> 0);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const at = (iso: string, hhmm: string) => new Date(`${iso}T${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00Z`);

function serviceDates(claim: Claim): { from?: string; to?: string } {
  const statement = claim.dates?.find((d) => d.qualifier === '434' && d.date);
  if (statement?.date) return { from: statement.date, to: statement.endDate ?? statement.date };
  let from: string | undefined;
  let to: string | undefined;
  for (const l of claim.serviceLines)
    for (const d of l.dates ?? [])
      if (d.qualifier === '472' && d.date) {
        if (!from || d.date < from) from = d.date;
        const end = d.endDate ?? d.date;
        if (!to || end > to) to = end;
      }
  return { from, to };
}

interface Adjudicated {
  claim: Claim;
  transaction: ClaimTransaction;
  decision: ClaimDecision;
  controlNumber?: string;
  payment?: ClaimPayment;
  prior?: PriorPayment;
}

/**
 * The payer's side of the wire: reads an 837 (P or I), acknowledges it (999), accepts or rejects each
 * claim (277CA) and pays or denies the accepted ones (835), deterministically from the seed.
 */
export function adjudicateClaimFile(
  input: Uint8Array | string,
  options: AdjudicationOptions = {},
): AdjudicationResult {
  const parsed = parse837(input);
  if (parsed.file.transactions.length === 0) {
    const issue = parsed.issues.find((i) => i.severity === 'error');
    throw new Unreadable837Error(issue ? formatIssue(issue) : 'no 837 transaction set in the file', issue);
  }
  const schedule = options.feeSchedule ?? DEFAULT_FEE_SCHEDULE;
  const rng = new SeededRandom(((options.seed ?? 1) ^ fingerprint(input)) >>> 0);
  const file = parsed.file;
  const first = file.transactions[0];
  const processDate = options.date ?? first.header.createdDate;
  const paymentDate = addDays(processDate, 14);
  const laterPaymentDate = addDays(processDate, 28);
  // Files go back to whoever sent the 837: the interchange parties swap.
  const parties = {
    senderId: file.interchange?.receiverId || 'PAYER',
    receiverId: file.interchange?.senderId || 'PROVIDER',
    usage: file.interchange?.usage ?? ('T' as const),
  };
  const controlStart = rng.int(1, 900_000_000);

  const ack = acknowledge837(input);
  const ack837 = ack.groups.flatMap((g) => g.transactions).filter((t) => t.transactionSetId === '837');
  const texts: AdjudicationResult['files'] = {
    '999': write999(ack, {
      ...parties,
      controlNumbers: new InMemoryControlNumbers(controlStart),
      at: at(processDate, '2000'),
    }),
  };

  const results: AdjudicatedClaim[] = [];
  const adjudicated: Adjudicated[] = [];
  let transactionSetsRejected = 0;
  let serial = rng.int(1, 9_000_000);
  const nextControlNumber = () => `${processDate.replace(/-/g, '')}${String(serial++).padStart(7, '0')}`;
  file.transactions.forEach((t, i) => {
    const status = ack837[i]?.status;
    if (status !== 'A' && status !== 'E') {
      transactionSetsRejected++;
      for (const c of t.claims)
        results.push({
          claimId: c.claimId,
          outcome: 'rejected',
          chargeCents: c.totalChargeCents,
          paidCents: 0,
          reason: 'IK5*R',
        });
      return;
    }
    for (const claim of t.claims) {
      const draws = claimRandom(options.seed ?? 1, claim);
      let decision = decideClaim(claim, draws);
      const prior = priorPaymentOf(claim);
      // As secondary the patient's share is this plan's, of what the primary left.
      if (prior) decision = { ...decision, share: drawSecondaryShare(draws) };
      // Billed as secondary without the primary's payment: nothing to coordinate with, denied (MA04).
      if (!prior && billedAfterAnotherPayer(claim) && decision.outcome !== 'rejected')
        decision = { outcome: 'denied', denial: MISSING_PRIOR_PAYER, share: decision.share };
      adjudicated.push({
        claim,
        transaction: t,
        decision,
        ...(prior ? { prior } : {}),
        ...(decision.outcome === 'rejected' ? {} : { controlNumber: nextControlNumber() }),
      });
    }
  });

  for (const a of adjudicated)
    if (a.controlNumber)
      a.payment = adjudicateClaim(a.claim, a.decision, schedule, {
        payerClaimControlNumber: a.controlNumber,
        ...(a.prior ? { prior: a.prior } : {}),
      });
  // One paid claim was first paid on an outdated rate (90 % of the allowed amount): the payer reverses
  // it in a later cycle and pays it again. Not one whose deductible could swallow the difference, so
  // the correction always pays more; not a secondary claim, whose payment the rate need not change.
  const candidates = adjudicated.filter(
    (a) =>
      !a.prior &&
      a.decision.outcome === 'paid' &&
      a.decision.share.kind !== 'deductible' &&
      (a.payment?.paidCents ?? 0) > 0,
  );
  const reversedClaim = candidates.length ? candidates[rng.int(0, candidates.length - 1)] : undefined;
  const correctedPayment = reversedClaim?.payment;
  if (reversedClaim?.controlNumber)
    reversedClaim.payment = adjudicateClaim(reversedClaim.claim, reversedClaim.decision, schedule, {
      payerClaimControlNumber: reversedClaim.controlNumber,
      allowedFactor: 0.9,
    });

  const acks = file.transactions
    .map((t) =>
      claimAcknowledgment(
        t,
        adjudicated.filter((a) => a.transaction === t),
        processDate,
        rng,
      ),
    )
    .filter((t): t is ClaimAcknowledgmentToWrite => t !== undefined);
  if (acks.length)
    texts['277ca'] = write277ca(
      { interchange: parties, transactions: acks },
      { controlNumbers: new InMemoryControlNumbers(controlStart + 1), at: at(processDate, '2100') },
    );

  // One 835 per payer and payee (billing provider), claims in the order received.
  const remittances: RemittanceAdvice[] = [];
  const byPayee = new Map<string, Adjudicated[]>();
  for (const a of adjudicated) {
    if (!a.payment) continue;
    const key = `${a.claim.subscriber.payer.id ?? ''}|${a.claim.billingProvider.provider.id ?? ''}`;
    byPayee.set(key, [...(byPayee.get(key) ?? []), a]);
  }
  const payerTaxId = (p: Party) => String(fingerprint(p.id ?? p.name ?? '') % 1_000_000_000).padStart(9, '0');
  for (const group of byPayee.values()) {
    const payments = group.map((a) => a.payment as ClaimPayment);
    const adjustments: ProviderLevelAdjustment[] = [];
    // Prompt-pay interest now and then (PLB L6, negative: it adds to the payment), a recouped old overpayment (FB).
    for (const p of payments)
      if (rng.chance(0.015) && p.paidCents > 0)
        adjustments.push({
          reasonCode: 'L6',
          reference: p.payerClaimControlNumber ?? p.claimId,
          amountCents: -Math.max(1, Math.round((p.paidCents * rng.int(5, 30)) / 1000)),
        });
    const claimPaid = payments.reduce((s, p) => s + p.paidCents, 0);
    const recoup = rng.int(5, 50) * 100;
    if (rng.chance(0.25) && claimPaid > 2 * recoup)
      adjustments.push({
        reasonCode: 'FB',
        reference: `${processDate.replace(/-/g, '').slice(0, 6)}${rng.digits(7)}`,
        amountCents: recoup,
      });
    remittances.push(
      buildRemittance({
        payer: group[0].claim.subscriber.payer,
        payee: group[0].claim.billingProvider,
        claims: payments,
        paymentDate,
        productionDate: addDays(paymentDate, -2),
        traceNumber: rng.digits(15),
        payerTaxId: payerTaxId(group[0].claim.subscriber.payer),
        adjustments,
      }),
    );
  }
  if (reversedClaim?.payment && correctedPayment) {
    const original = reversedClaim.payment;
    const corrected = { ...correctedPayment, payerClaimControlNumber: nextControlNumber() };
    // REF*F8 on the new payment names the payer claim number it replaces.
    corrected.references = [{ qualifier: 'F8', value: original.payerClaimControlNumber ?? '' }];
    remittances.push(
      buildRemittance({
        payer: reversedClaim.claim.subscriber.payer,
        payee: reversedClaim.claim.billingProvider,
        claims: [reversalOf(original), corrected],
        paymentDate: laterPaymentDate,
        productionDate: addDays(laterPaymentDate, -2),
        traceNumber: rng.digits(15),
        payerTaxId: payerTaxId(reversedClaim.claim.subscriber.payer),
        adjustments: [],
      }),
    );
  }
  if (remittances.length)
    texts['835'] = write835(
      { interchange: parties, transactions: remittances },
      { controlNumbers: new InMemoryControlNumbers(controlStart + 2), at: at(paymentDate, '0800') },
    );

  for (const a of adjudicated) {
    const d = a.decision;
    const r: AdjudicatedClaim = {
      claimId: a.claim.claimId,
      outcome: d.outcome,
      chargeCents: a.claim.totalChargeCents,
      paidCents: a.payment?.paidCents ?? 0,
    };
    if (a.controlNumber) r.payerClaimControlNumber = a.controlNumber;
    if (a.prior) r.priorPayerPaidCents = a.prior.paidCents;
    if (d.rejection)
      r.reason = `${d.rejection.category}:${d.rejection.code}${d.rejection.entity ? `:${d.rejection.entity}` : ''}`;
    else if (d.denial)
      r.reason = `${d.denial.group}-${d.denial.carc}${d.denial.rarc ? `/${d.denial.rarc}` : ''}`;
    if (a === reversedClaim) {
      r.reversed = true;
      const last = remittances[remittances.length - 1].claims[1];
      r.correctedControlNumber = last.payerClaimControlNumber;
      r.paidCents = last.paidCents;
    }
    results.push(r);
  }
  const count = (o: ClaimOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    summary: {
      claims: results.length,
      paid: count('paid'),
      partiallyPaid: count('partially_paid'),
      denied: count('denied'),
      rejected: count('rejected'),
      reversed: reversedClaim ? 1 : 0,
      secondary: adjudicated.filter((a) => a.prior && a.payment && a.payment.status !== '4').length,
      transactionSetsRejected,
      totalChargeCents: results.reduce((s, r) => s + r.chargeCents, 0),
      totalPaidCents: remittances.reduce((s, r) => s + r.payment.totalPaidCents, 0),
    },
    files: texts,
    claims: results,
  };
}

/** The 277CA of one accepted 837 transaction set: A2 accepted into adjudication, or the rejection status. */
function claimAcknowledgment(
  t: ClaimTransaction,
  claims: Adjudicated[],
  processDate: string,
  rng: SeededRandom,
): ClaimAcknowledgmentToWrite | undefined {
  if (claims.length === 0) return undefined;
  const payer = claims[0].claim.subscriber.payer;
  const total = claims.reduce((s, a) => s + a.claim.totalChargeCents, 0);
  return {
    payer: {
      entityType: 'organization',
      name: payer.name ?? t.receiver.name,
      idQualifier: 'PI',
      id: payer.id ?? t.receiver.id,
    },
    receiver: { entityType: 'organization', name: t.submitter.name, idQualifier: '46', id: t.submitter.id },
    referenceId: `${processDate.replace(/-/g, '')}${rng.digits(6)}`,
    createdDate: processDate,
    createdTime: '2100',
    sourceTrace: rng.digits(12),
    receivedDate: t.header.createdDate,
    processedDate: processDate,
    batchReference: t.header.referenceId,
    batchStatuses: [
      {
        category: 'A1',
        code: '19',
        entity: 'PR',
        effectiveDate: processDate,
        action: 'WQ',
        amountCents: total,
        rejected: false,
      },
    ],
    claims: claims.map((a) => {
      const d = a.decision;
      const { from, to } = serviceDates(a.claim);
      const patient = a.claim.patient?.person ?? a.claim.subscriber.person;
      return {
        claimId: a.claim.claimId,
        accepted: d.outcome !== 'rejected',
        statuses: [
          d.rejection
            ? {
                category: d.rejection.category,
                code: d.rejection.code,
                ...(d.rejection.entity ? { entity: d.rejection.entity } : {}),
                effectiveDate: processDate,
                action: 'U',
                amountCents: a.claim.totalChargeCents,
                rejected: true,
              }
            : {
                category: 'A2',
                code: '20',
                effectiveDate: processDate,
                action: 'WQ',
                amountCents: a.claim.totalChargeCents,
                rejected: false,
              },
        ],
        ...(a.controlNumber ? { payerClaimControlNumber: a.controlNumber } : {}),
        ...(t.kind === 'institutional'
          ? { billType: `${a.claim.facilityCode}${a.claim.frequencyCode}` }
          : {}),
        provider: {
          entityType: 'organization',
          name: a.claim.billingProvider.provider.name,
          idQualifier: 'XX',
          id: a.claim.billingProvider.provider.id,
        },
        patient: {
          entityType: 'person',
          name: patient.name,
          ...(patient.firstName ? { firstName: patient.firstName } : {}),
          ...(patient.middleName ? { middleName: patient.middleName } : {}),
          ...(patient.suffix ? { suffix: patient.suffix } : {}),
          idQualifier: 'MI',
          id: a.claim.subscriber.person.id,
        },
        ...(from ? { serviceDate: from } : {}),
        ...(to && to !== from ? { serviceEndDate: to } : {}),
        segmentOrdinal: 0,
      };
    }),
  };
}
