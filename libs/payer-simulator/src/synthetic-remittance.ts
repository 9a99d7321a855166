import type { Claim, ClaimPayment, InterchangeParties, ServiceLine, SegmentValues } from '@revcycle/x12';
import {
  IMPLEMENTATION_835,
  SAMPLE_BILLING_PROVIDER,
  SegmentFormatter,
  envelopeDateTime,
  manyClaimsFile,
  professionalLine,
  sampleSubscriber,
  write835Body,
  writeInterchangeHeader,
} from '@revcycle/x12';
import type { ClaimDecision } from './claim-decision';
import { adjudicateClaim, decideClaim, reversalOf } from './claim-decision';
import type { FeeSchedule } from './fee-schedule';
import { DEFAULT_FEE_SCHEDULE } from './fee-schedule';
import type { ProviderLevelAdjustment } from './remittance-advice';
import { buildRemittance } from './remittance-advice';
import { SeededRandom } from './seeded-random';

export interface SyntheticRemittanceOptions {
  /** Distinct claims paid (CLP loops besides the reversal/correction pairs, which add two CLPs each). */
  claims: number;
  seed?: number;
  /** CLP01 of the claim with this 0-based index; default `prefix` + the index from 1, zero-padded. */
  patientControlNumber?: (index: number) => string;
  /** Default `SYN`: CLP01 = SYN000001, SYN000002 … (the same ids `syntheticClaimFile` bills). */
  prefix?: string;
  /** Claims per ST/SE transaction set (one payment cycle each); default 1000. */
  claimsPerTransaction?: number;
  /** One claim in this many is paid at 90 % of the allowed amount, then reversed (CLP02 22) and paid again in the next set; default 500. */
  reversalEvery?: number;
  /** BPR16 of the first set; each later set pays one day later. Default 2024-03-15. */
  paymentDate?: string;
  feeSchedule?: FeeSchedule;
  /** Target size of the yielded text chunks (a chunk always ends after a segment terminator); default 64 KiB. */
  chunkSize?: number;
}

/** What a generated remittance holds, known before it is written (so a bench can check what it posted). */
export interface SyntheticRemittanceShape {
  transactionSets: number;
  /** CLP loops written: the claims plus two per reversal (CLP02 22 and the corrected payment). */
  claimPayments: number;
  reversals: number;
}

const SERVICES: [string, number][] = [
  ['99213', 12500],
  ['99214', 17500],
  ['99203', 15000],
  ['36415', 1500],
  ['85025', 2800],
  ['80053', 4200],
  ['93000', 6500],
  ['90471', 3000],
  ['87880', 3500],
];

const PARTIES: InterchangeParties = {
  senderQualifier: 'ZZ',
  senderId: 'ACMEHEALTH',
  receiverQualifier: 'ZZ',
  receiverId: 'REVCYCLE',
  usage: 'T',
};

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function settings(o: SyntheticRemittanceOptions) {
  if (!Number.isInteger(o.claims) || o.claims < 0) throw new RangeError('claims must be a whole number ≥ 0');
  const perSet = o.claimsPerTransaction ?? 1000;
  const reversalEvery = o.reversalEvery ?? 500;
  if (!Number.isInteger(perSet) || perSet < 1) throw new RangeError('claimsPerTransaction must be ≥ 1');
  if (!Number.isInteger(reversalEvery) || reversalEvery < 2)
    throw new RangeError('reversalEvery must be ≥ 2');
  const prefix = o.prefix ?? 'SYN';
  const width = Math.max(6, String(o.claims).length);
  return {
    claims: o.claims,
    seed: o.seed ?? 1,
    perSet,
    reversalEvery,
    sets: Math.max(1, Math.ceil(o.claims / perSet)),
    pcn: o.patientControlNumber ?? ((i: number) => `${prefix}${String(i + 1).padStart(width, '0')}`),
    paymentDate: o.paymentDate ?? '2024-03-15',
    schedule: o.feeSchedule ?? DEFAULT_FEE_SCHEDULE,
    chunkSize: o.chunkSize ?? 64 * 1024,
  };
}
type Settings = ReturnType<typeof settings>;

/** Claim `i` is paid short and corrected in the next set when it is its group's last one and a next set exists. */
const reversed = (s: Settings, i: number) =>
  i % s.reversalEvery === s.reversalEvery - 1 && Math.floor(i / s.perSet) < s.sets - 1;

export function syntheticRemittanceShape(options: SyntheticRemittanceOptions): SyntheticRemittanceShape {
  const s = settings(options);
  let reversals = 0;
  for (let i = s.reversalEvery - 1; i < s.claims; i += s.reversalEvery) if (reversed(s, i)) reversals++;
  return { transactionSets: s.sets, claimPayments: s.claims + 2 * reversals, reversals };
}

/** The 837 claim behind claim `i` (no real people): one to four office lines, charges varied by index. */
function claimAt(template: Claim, s: Settings, i: number, serviceDate: string): Claim {
  const lines: ServiceLine[] = [];
  for (let k = 0; k < 1 + (i % 4); k++) {
    const [code, charge] = SERVICES[(i + k * 3) % SERVICES.length];
    lines.push(professionalLine(code, charge + (i % 5) * 500, serviceDate, k === 0 ? [1] : [1, 2]));
  }
  return {
    ...template,
    claimId: s.pcn(i),
    subscriber: sampleSubscriber(i + 1),
    totalChargeCents: lines.reduce((sum, l) => sum + l.chargeCents, 0),
    serviceLines: lines,
  };
}

/**
 * The billed claim behind claim `i` of the remittance `options` describes (CLP01, lines, charges,
 * date of service): what a ledger must hold for the remittance to match it (a bench seeds it).
 */
export function syntheticRemittanceClaim(options: SyntheticRemittanceOptions, i: number): Claim {
  const s = settings(options);
  const template = manyClaimsFile(1).transactions[0].claims[0];
  return claimAt(template, s, i, addDays(s.paymentDate, Math.floor(i / s.perSet) - 30));
}

/** Each claim draws from its own seeded stream, so claim `i` is the same whichever set it is written in. */
function paymentOf(template: Claim, s: Settings, i: number, serviceDate: string, factor: number) {
  const claim = claimAt(template, s, i, serviceDate);
  const rng = new SeededRandom((s.seed * 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  let decision: ClaimDecision = decideClaim(claim, rng);
  // An 835 carries adjudicated claims: a front-end rejection (277CA) is paid here instead; a claim to be
  // reversed is paid with a copay so the correction always pays more.
  if (decision.outcome === 'rejected' || reversed(s, i))
    decision = {
      outcome: 'paid',
      share: reversed(s, i) ? { kind: 'copay', copayCents: 1500 } : decision.share,
    };
  const control = (n: number) => `${String(s.seed).padStart(4, '0')}${String(n).padStart(10, '0')}`;
  return adjudicateClaim(claim, decision, s.schedule, {
    payerClaimControlNumber: control(2 * i + (factor === 1 && reversed(s, i) ? 1 : 0)),
    allowedFactor: factor,
  });
}

/**
 * A large, valid 835 for the posting bench (`npm run bench:posting`), streamed as text chunks: one
 * interchange, one HP group, `claims / claimsPerTransaction` ST/SE sets (one payment cycle each, one day
 * apart, each with its own EFT trace). The mix is the payer simulator's: paid with CO-45 and PR-1/2/3,
 * partially paid, denied, PLB interest (L6) and forward balance (FB); and one claim in `reversalEvery`
 * paid short, then reversed (CLP02 22) and paid again (REF*F8) in the next set. Every set balances
 * (835 IG 1.10.2) and passes `validateX12`. Only one set's claims are held at a time.
 */
export async function* syntheticRemittance(options: SyntheticRemittanceOptions): AsyncGenerator<string> {
  yield* syntheticRemittanceChunks(options);
}

/** The same chunks, synchronously (for `Readable.from` or a plain loop). */
export function* syntheticRemittanceChunks(options: SyntheticRemittanceOptions): Generator<string> {
  const s = settings(options);
  const template = manyClaimsFile(1).transactions[0].claims[0];
  const payer = sampleSubscriber(1).payer;
  const f = new SegmentFormatter();
  const at = new Date(`${s.paymentDate}T08:00:00Z`);
  const { ccyymmdd, hhmm } = envelopeDateTime(at);
  let out = writeInterchangeHeader({ parties: PARTIES, controlNumber: s.seed % 999_999_999 || 1, at });
  out += f.format([
    'GS',
    'HP',
    PARTIES.senderId,
    PARTIES.receiverId,
    ccyymmdd,
    hhmm,
    '1',
    'X',
    IMPLEMENTATION_835,
  ]);
  const rng = new SeededRandom(s.seed);
  for (let set = 0; set < s.sets; set++) {
    const paymentDate = addDays(s.paymentDate, set);
    const serviceDate = addDays(s.paymentDate, set - 30);
    const payments: ClaimPayment[] = [];
    // The previous cycle's short payments, reversed and paid again at the start of this one.
    for (let i = (set - 1) * s.perSet; set > 0 && i < set * s.perSet; i++) {
      if (!reversed(s, i)) continue;
      const earlierServiceDate = addDays(s.paymentDate, set - 1 - 30);
      const original = paymentOf(template, s, i, earlierServiceDate, 0.9);
      const corrected = paymentOf(template, s, i, earlierServiceDate, 1);
      corrected.references = [{ qualifier: 'F8', value: original.payerClaimControlNumber ?? '' }];
      payments.push(reversalOf(original), corrected);
    }
    for (let i = set * s.perSet; i < Math.min(s.claims, (set + 1) * s.perSet); i++)
      payments.push(paymentOf(template, s, i, serviceDate, reversed(s, i) ? 0.9 : 1));
    const adjustments: ProviderLevelAdjustment[] = [];
    const interestOn = payments.find((p) => p.paidCents > 0 && p.status !== '22');
    if (interestOn)
      adjustments.push({
        reasonCode: 'L6',
        reference: interestOn.payerClaimControlNumber ?? interestOn.claimId,
        amountCents: -Math.max(1, Math.round(interestOn.paidCents / 100)),
      });
    if (set % 3 === 1)
      adjustments.push({ reasonCode: 'FB', reference: `RECOUP${set}`, amountCents: rng.int(5, 50) * 100 });
    const advice = buildRemittance({
      payer,
      payee: SAMPLE_BILLING_PROVIDER,
      claims: payments,
      paymentDate,
      productionDate: addDays(paymentDate, -2),
      traceNumber: `${String(s.seed).padStart(5, '0')}${String(set + 1).padStart(10, '0')}`,
      payerTaxId: '870000001',
      adjustments,
    });
    const st02 = String(set + 1).padStart(4, '0');
    out += f.format(['ST', '835', st02, IMPLEMENTATION_835]);
    const body: SegmentValues[] = write835Body(advice);
    for (const seg of body) {
      out += f.format(seg);
      if (out.length >= s.chunkSize) {
        yield out;
        out = '';
      }
    }
    out += f.format(['SE', String(body.length + 2), st02]);
  }
  out += f.format(['GE', String(s.sets), '1']);
  out += f.format(['IEA', '1', String(s.seed % 999_999_999 || 1).padStart(9, '0')]);
  yield out;
}
