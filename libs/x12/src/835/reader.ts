import type { X12Issue } from '../common/issue';
import { parseCents, parseQuantity, x12DateToIso } from '../common/format';
import type { Party } from '../common/model';
import {
  append,
  applyPartySegment,
  opt,
  readAmount,
  readCas,
  readNm1,
  readQualifiedDate,
  setIf,
  toRaw,
  withEntityCode,
} from '../common/segments';
import { readProcedure } from '../837/reader';
import type { TransactionContext } from '../envelope/reader';
import { EnvelopeReader } from '../envelope/reader';
import type { Segment } from '../tokenizer/segment';
import { comp, comps, el } from '../tokenizer/segment';
import { X12Tokenizer } from '../tokenizer/tokenizer';
import { balanceClaim, balanceTransaction, plbTotal } from './balancing';
import type {
  BalancingError,
  ClaimPayment,
  ProviderAdjustment,
  RemittanceAdvice,
  RemittanceFile,
  RemittanceParty,
  RemittanceSummary,
  ServicePayment,
} from './model';

export interface Remittance835Handlers {
  /** A claim (CLP loop) is complete, with its balancing errors. */
  claim?(claim: ClaimPayment, advice: RemittanceAdvice, balancing: BalancingError[]): void;
  /**
   * A transaction set is complete (claims included only when `retainClaims`). `closed` is false when it
   * had no SE trailer (a truncated file, or GE/ISA came first): its last claim may be cut short, so a
   * poster must not post it.
   */
  transaction?(advice: RemittanceAdvice, balancing: BalancingError[], closed: boolean): void;
  /** Every body segment with its IG loop, for validation. */
  located?(segment: Segment, loop: string): void;
  issue?(issue: X12Issue): void;
}

export interface Remittance835Options {
  /** Keep claims on the advice (default true). Streaming consumers set false for flat memory. */
  retainClaims?: boolean;
}

function bank(
  seg: Segment,
  q: number,
): { qualifier: string; id: string; accountQualifier?: string; account?: string } | undefined {
  if (!el(seg, q) && !el(seg, q + 1)) return undefined;
  const b: { qualifier: string; id: string; accountQualifier?: string; account?: string } = {
    qualifier: el(seg, q),
    id: el(seg, q + 1),
  };
  setIf(b, 'accountQualifier', el(seg, q + 2));
  setIf(b, 'account', el(seg, q + 3));
  return b;
}

/**
 * Reads 835 transaction sets segment by segment. Claims are handed out as soon as their CLP loop ends,
 * and balancing runs on running sums, so a multi-gigabyte remittance file streams in flat memory.
 */
export class Remittance835Reader {
  private advice: RemittanceAdvice | undefined;
  private claim: ClaimPayment | undefined;
  private line: ServicePayment | undefined;
  private party: Party | undefined;
  private loop = 'HEADER';
  private headerNumber: string | undefined;
  private claimPaid = 0;
  private plbCents = 0;
  private bprOrdinal: number | undefined;
  private balancing: BalancingError[] = [];
  private unbalancedClaimErrors = 0;
  private readonly retain: boolean;
  readonly totals = {
    transactions: 0,
    claims: 0,
    serviceLines: 0,
    totalPaidCents: 0,
    claimPaidCents: 0,
    totalChargeCents: 0,
    plbCents: 0,
    balancingErrors: 0,
  };

  constructor(
    private readonly handlers: Remittance835Handlers,
    options: Remittance835Options = {},
  ) {
    this.retain = options.retainClaims ?? true;
  }

  start(ctx: TransactionContext): void {
    this.advice = {
      controlNumber: ctx.transaction.controlNumber,
      payment: { handlingCode: '', totalPaidCents: 0, creditDebit: '', method: '' },
      trace: { typeCode: '', traceNumber: '' },
      payer: { entityType: 'organization' },
      payee: { entityType: 'organization' },
      claims: [],
      providerAdjustments: [],
    };
    this.claim = undefined;
    this.line = undefined;
    this.party = undefined;
    this.loop = 'HEADER';
    this.headerNumber = undefined;
    this.claimPaid = 0;
    this.plbCents = 0;
    this.bprOrdinal = undefined;
    this.balancing = [];
    this.unbalancedClaimErrors = 0;
  }

  private closeClaim(): void {
    const c = this.claim;
    const a = this.advice;
    if (!c || !a) return;
    const errors = balanceClaim(c, a.controlNumber);
    this.unbalancedClaimErrors += errors.length;
    // Streaming keeps at most 1000 per transaction (each claim's errors also go to the claim handler).
    if (this.retain || this.balancing.length < 1000) this.balancing.push(...errors);
    this.totals.claims++;
    this.totals.serviceLines += c.serviceLines.length;
    this.totals.totalChargeCents += c.chargeCents;
    this.claimPaid += c.paidCents;
    this.handlers.claim?.(c, a, errors);
    this.claim = undefined;
    this.line = undefined;
  }

  segment(seg: Segment): void {
    const a = this.advice;
    if (!a) return;
    switch (seg.id) {
      case 'BPR': {
        this.loop = 'HEADER';
        this.bprOrdinal = seg.ordinal;
        const p = a.payment;
        p.handlingCode = el(seg, 1);
        p.totalPaidCents = parseCents(el(seg, 2)) ?? 0;
        p.creditDebit = el(seg, 3);
        p.method = el(seg, 4);
        setIf(p, 'format', el(seg, 5));
        const sb = bank(seg, 6);
        if (sb) p.senderBank = sb;
        setIf(p, 'originatingCompanyId', el(seg, 10));
        setIf(p, 'originatingCompanySupplementalCode', el(seg, 11));
        const rb = bank(seg, 12);
        if (rb) p.receiverBank = rb;
        const d = x12DateToIso(el(seg, 16));
        if (d) p.date = d;
        break;
      }
      case 'TRN':
        a.trace = { typeCode: el(seg, 1), traceNumber: el(seg, 2) };
        setIf(a.trace, 'originatorId', el(seg, 3));
        setIf(a.trace, 'supplementalId', el(seg, 4));
        break;
      case 'CUR':
        a.currency = el(seg, 2);
        break;
      case 'N1': {
        this.closeClaim();
        const code = el(seg, 1);
        const p: RemittanceParty = { entityType: 'organization' };
        setIf(p, 'name', el(seg, 2));
        setIf(p, 'idQualifier', el(seg, 3));
        setIf(p, 'id', el(seg, 4));
        if (code === 'PR') {
          this.loop = '1000A';
          a.payer = p;
        } else {
          this.loop = '1000B';
          a.payee = p;
        }
        this.party = p;
        break;
      }
      case 'LX':
        this.closeClaim();
        this.loop = '2000';
        this.party = undefined;
        this.headerNumber = el(seg, 1);
        break;
      case 'TS3':
      case 'TS2':
        if (this.loop === '2000' && this.headerNumber !== undefined) {
          const list = (a.headerSummaries ??= []);
          let h = list.find((x) => x.headerNumber === this.headerNumber);
          if (!h) list.push((h = { headerNumber: this.headerNumber, segments: [] }));
          h.segments.push(toRaw(seg));
        }
        break;
      case 'CLP': {
        this.closeClaim();
        this.loop = '2100';
        this.party = undefined;
        // One object literal with every field (absent ones undefined, which JSON drops): a single hidden class keeps this hot path fast.
        const c: ClaimPayment = {
          headerNumber: this.headerNumber,
          claimId: el(seg, 1),
          status: el(seg, 2),
          chargeCents: parseCents(el(seg, 3)) ?? 0,
          paidCents: parseCents(el(seg, 4)) ?? 0,
          patientResponsibilityCents: parseCents(el(seg, 5)),
          filingIndicator: opt(el(seg, 6)),
          payerClaimControlNumber: opt(el(seg, 7)),
          facilityCode: opt(el(seg, 8)),
          frequencyCode: opt(el(seg, 9)),
          drgCode: opt(el(seg, 11)),
          drgWeight: opt(el(seg, 12)),
          dischargeFraction: opt(el(seg, 13)),
          adjustments: [],
          parties: undefined,
          inpatientAdjudication: undefined,
          outpatientAdjudication: undefined,
          references: undefined,
          dates: undefined,
          amounts: undefined,
          quantities: undefined,
          serviceLines: [],
          extraSegments: undefined,
          segmentOrdinal: seg.ordinal,
        };
        this.claim = c;
        if (this.retain) a.claims.push(c);
        break;
      }
      case 'SVC': {
        const c = this.claim;
        if (!c) break;
        this.loop = '2110';
        this.party = undefined;
        const line: ServicePayment = {
          procedure: readProcedure(seg, 1) ?? { qualifier: '', code: '' },
          chargeCents: parseCents(el(seg, 2)) ?? 0,
          paidCents: parseCents(el(seg, 3)) ?? 0,
          revenueCode: opt(el(seg, 4)),
          units: parseQuantity(el(seg, 5)),
          submittedProcedure: readProcedure(seg, 6),
          submittedUnits: parseQuantity(el(seg, 7)),
          dates: undefined,
          adjustments: [],
          lineItemControlNumber: undefined,
          references: undefined,
          amounts: undefined,
          quantities: undefined,
          remarks: undefined,
          segmentOrdinal: seg.ordinal,
        };
        c.serviceLines.push(line);
        this.line = line;
        break;
      }
      case 'CAS':
        if (this.line) this.line.adjustments = readCas(seg, this.line.adjustments);
        else if (this.claim) this.claim.adjustments = readCas(seg, this.claim.adjustments);
        break;
      case 'NM1':
        if (this.claim && this.loop === '2100') {
          const p = withEntityCode(el(seg, 1), readNm1(seg));
          this.claim.parties = append(this.claim.parties, p);
        }
        break;
      case 'MIA':
        if (this.claim) this.claim.inpatientAdjudication = toRaw(seg);
        break;
      case 'MOA':
        if (this.claim) this.claim.outpatientAdjudication = toRaw(seg);
        break;
      case 'REF': {
        const r = { qualifier: el(seg, 1), value: el(seg, 2) };
        if (this.line) {
          if (r.qualifier === '6R' && !this.line.lineItemControlNumber)
            this.line.lineItemControlNumber = r.value;
          else this.line.references = append(this.line.references, r);
        } else if (this.claim) this.claim.references = append(this.claim.references, r);
        else if (this.party) applyPartySegment(this.party, seg);
        else a.references = append(a.references, r);
        break;
      }
      case 'DTM': {
        const d = readQualifiedDate(el(seg, 1), 'D8', el(seg, 2));
        if (this.line) this.line.dates = append(this.line.dates, d);
        else if (this.claim) this.claim.dates = append(this.claim.dates, d);
        else a.dates = append(a.dates, d);
        break;
      }
      case 'AMT': {
        const amt = readAmount(seg);
        if (this.line) this.line.amounts = append(this.line.amounts, amt);
        else if (this.claim) this.claim.amounts = append(this.claim.amounts, amt);
        break;
      }
      case 'QTY': {
        const q = { qualifier: el(seg, 1), value: parseQuantity(el(seg, 2)) ?? 0 };
        if (this.line) this.line.quantities = append(this.line.quantities, q);
        else if (this.claim) this.claim.quantities = append(this.claim.quantities, q);
        break;
      }
      case 'LQ':
        if (this.line)
          this.line.remarks = append(this.line.remarks, { qualifier: el(seg, 1), code: el(seg, 2) });
        break;
      case 'N3':
      case 'N4':
      case 'PER':
        if (this.party) applyPartySegment(this.party, seg);
        else if (this.claim && seg.id === 'PER')
          this.claim.extraSegments = append(this.claim.extraSegments, toRaw(seg));
        break;
      case 'PLB': {
        this.closeClaim();
        this.loop = 'SUMMARY';
        const plb: ProviderAdjustment = {
          providerId: el(seg, 1),
          fiscalPeriodDate: x12DateToIso(el(seg, 2)) ?? el(seg, 2),
          adjustments: [],
          segmentOrdinal: seg.ordinal,
        };
        for (let i = 3; i + 1 < seg.elements.length; i += 2) {
          if (!el(seg, i)) continue;
          const adj: { reasonCode: string; reference?: string; amountCents: number } = {
            reasonCode: comp(seg, i, 1),
            amountCents: parseCents(el(seg, i + 1)) ?? 0,
          };
          const ref = comps(seg, i)[1];
          if (ref) adj.reference = ref;
          plb.adjustments.push(adj);
        }
        this.plbCents += plbTotal(plb);
        a.providerAdjustments.push(plb);
        break;
      }
      default:
        if (this.claim) this.claim.extraSegments = append(this.claim.extraSegments, toRaw(seg));
        else if (this.party) this.party.extraSegments = append(this.party.extraSegments, toRaw(seg));
    }
    this.handlers.located?.(seg, this.loop);
  }

  /** Closes the transaction set; `closed` false when its SE trailer never came. */
  end(closed = true): void {
    const a = this.advice;
    if (!a) return;
    this.closeClaim();
    const txErrors = balanceTransaction(
      a.payment.totalPaidCents,
      this.claimPaid,
      this.plbCents,
      this.bprOrdinal,
      a.controlNumber,
    );
    this.balancing.push(...txErrors);
    this.totals.transactions++;
    this.totals.totalPaidCents += a.payment.totalPaidCents;
    this.totals.claimPaidCents += this.claimPaid;
    this.totals.plbCents += this.plbCents;
    this.totals.balancingErrors += this.unbalancedClaimErrors + txErrors.length;
    this.handlers.transaction?.(a, this.balancing, closed);
    this.advice = undefined;
  }

  summary(): RemittanceSummary {
    const t = this.totals;
    return {
      transactions: t.transactions,
      claims: t.claims,
      serviceLines: t.serviceLines,
      totalPaidCents: t.totalPaidCents,
      claimPaidCents: t.claimPaidCents,
      totalChargeCents: t.totalChargeCents,
      plbCents: t.plbCents,
      // Nothing read is nothing balanced: an empty or non-835 file is not `balanced: true`.
      balanced: t.transactions > 0 && t.balancingErrors === 0,
      balancingErrors: t.balancingErrors,
    };
  }
}

export interface Parse835Result {
  file: RemittanceFile;
  summary: RemittanceSummary;
  balancing: BalancingError[];
  issues: X12Issue[];
}

function wire(
  handlers: Remittance835Handlers,
  issues: X12Issue[] | undefined,
  options: Remittance835Options,
  onInterchange?: (i: RemittanceFile['interchange']) => void,
) {
  const reader = new Remittance835Reader(handlers, options);
  const issue = (i: X12Issue) => {
    issues?.push(i);
    handlers.issue?.(i);
  };
  let in835 = false;
  const envelope = new EnvelopeReader({
    issue,
    interchangeStart: (h) =>
      onInterchange?.({
        senderQualifier: h.senderQualifier,
        senderId: h.senderId,
        receiverQualifier: h.receiverQualifier,
        receiverId: h.receiverId,
        usage: h.usage === 'P' ? 'P' : 'T',
      }),
    transactionStart: (ctx) => {
      in835 = ctx.transaction.id === '835';
      if (in835) reader.start(ctx);
      else
        issue({
          severity: 'error',
          code: 'NOT_835',
          message: `Transaction set ${ctx.transaction.id} is not an 835 remittance; it was skipped.`,
          segmentOrdinal: ctx.st.ordinal,
          segmentId: 'ST',
          offset: ctx.st.offset,
          element: 'ST01',
        });
    },
    segment: (s) => {
      if (in835) reader.segment(s);
    },
    transactionEnd: (_ctx, se) => {
      if (in835) reader.end(se !== undefined);
      in835 = false;
    },
  });
  const tokenizer = new X12Tokenizer(
    { segment: (s) => envelope.segment(s), issue },
    { shareShortElements: options.retainClaims ?? true },
  );
  return { reader, envelope, tokenizer };
}

/** Reads a whole in-memory 835 file with balancing report. */
export function parse835(input: Uint8Array | string): Parse835Result {
  const issues: X12Issue[] = [];
  const file: RemittanceFile = { transactions: [] };
  const balancing: BalancingError[] = [];
  const { reader, envelope, tokenizer } = wire(
    {
      transaction: (advice, errors) => {
        file.transactions.push(advice);
        balancing.push(...errors);
      },
    },
    issues,
    {},
    (i) => {
      if (!file.interchange) file.interchange = i;
    },
  );
  tokenizer.write(input);
  tokenizer.end();
  envelope.end();
  return { file, summary: reader.summary(), balancing, issues };
}

/**
 * Streams an 835 from any async iterable of chunks (e.g. fs.createReadStream): claims go to the
 * handlers as they complete and are not retained, so memory stays flat whatever the file size.
 */
export async function stream835(
  source: AsyncIterable<Uint8Array | string>,
  handlers: Remittance835Handlers,
): Promise<RemittanceSummary> {
  const { reader, envelope, tokenizer } = wire(handlers, undefined, { retainClaims: false });
  for await (const chunk of source) tokenizer.write(chunk);
  tokenizer.end();
  envelope.end();
  return reader.summary();
}
