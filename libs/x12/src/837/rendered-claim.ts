import { SegmentFormatter } from '../envelope/writer';
import type { SegmentValues } from '../envelope/writer';
import type { Claim, ClaimKind } from './model';
import { billingProviderLevel, patientLevel, subscriberLevel, writeClaim } from './writer';

/**
 * One claim's loops written ahead of the file that will carry it, as X12 text without the HL
 * segments (the file numbers its HL tree): a claims service renders a claim once, when it is built
 * or corrected, and a batch of any size is then composed from the texts (see RenderedClaimsBody).
 * Written with the file's delimiters: render and compose with formatters of the same delimiters.
 */
export interface RenderedClaim837 {
  /** 2000A after its HL: PRV, CUR, 2010AA–2010AC. */
  billingProvider: string;
  /** 2000B after its HL: SBR, 2010BA, 2010BB. */
  subscriber: string;
  /** 2000C after its HL: PAT, 2010CA; absent when the subscriber is the patient. */
  patient?: string;
  /** 2300 with its 2310, 2320 and 2400 loops. */
  claim: string;
}

const formatAll = (f: SegmentFormatter, segments: SegmentValues[]): string => {
  let out = '';
  for (const s of segments) out += f.format(s);
  return out;
};

export function renderClaim837(
  kind: ClaimKind,
  claim: Claim,
  format: SegmentFormatter = new SegmentFormatter(),
): RenderedClaim837 {
  const rendered: RenderedClaim837 = {
    billingProvider: formatAll(format, billingProviderLevel(claim.billingProvider)),
    subscriber: formatAll(format, subscriberLevel(claim.subscriber)),
    claim: formatAll(format, writeClaim(kind, claim)),
  };
  if (claim.patient) rendered.patient = formatAll(format, patientLevel(claim.patient));
  return rendered;
}

/** Segments in rendered text: its segment terminators (delimiters are cleaned out of values when written). */
function segmentsIn(text: string, terminator: string): number {
  let n = 0;
  for (let k = text.indexOf(terminator); k >= 0; k = text.indexOf(terminator, k + 1)) n++;
  return n;
}

/**
 * The HL hierarchy of an 837 transaction set composed from rendered claims, exactly as write837Body
 * writes it from the claims themselves: a claim shares the billing provider, subscriber and
 * patient levels of the claim before when their text is the same. Segments are counted as they
 * are appended; `claimStarts[i]` is the 0-based segment (within the hierarchy) where claim i
 * begins: the first HL opened for it, or its CLM.
 */
export class RenderedClaimsBody {
  private readonly parts: string[];
  private readonly claimStartsAt: number[] = [];
  private segmentCount = 0;
  private hl = 0;
  private billingHl = 0;
  private subscriberHl = 0;
  /** The part holding the open subscriber HL, whose HL04 becomes 1 when a patient level follows. */
  private subscriberPart = -1;
  private prev: RenderedClaim837 | undefined;

  /** `opening`: text the hierarchy follows (a caller's ST…1000B), not counted in its segments. */
  constructor(
    private readonly format: SegmentFormatter = new SegmentFormatter(),
    opening = '',
  ) {
    this.parts = [opening];
  }

  add(c: RenderedClaim837): void {
    const prev = this.prev;
    const newBilling = !prev || prev.billingProvider !== c.billingProvider;
    // As in write837Body: a claim without a patient level cannot follow a patient's claims under one HL 22.
    const newSubscriber =
      !prev ||
      newBilling ||
      prev.subscriber !== c.subscriber ||
      (prev.patient !== undefined && c.patient === undefined);
    const newPatient = c.patient !== undefined && (!prev || newSubscriber || prev.patient !== c.patient);
    this.prev = c;
    this.claimStartsAt.push(this.segmentCount);
    if (newBilling) {
      this.billingHl = ++this.hl;
      this.append(this.format.format(['HL', String(this.billingHl), undefined, '20', '1']), 1);
      this.appendText(c.billingProvider);
    }
    if (newSubscriber) {
      this.subscriberHl = ++this.hl;
      this.subscriberPart = this.parts.length;
      this.append(this.subscriberHlSegment('0'), 1);
      this.appendText(c.subscriber);
    }
    if (c.patient !== undefined && newPatient) {
      this.parts[this.subscriberPart] = this.subscriberHlSegment('1');
      this.append(this.format.format(['HL', String(++this.hl), String(this.subscriberHl), '23', '0']), 1);
      this.appendText(c.patient);
    }
    this.appendText(c.claim);
  }

  /** Segments appended so far. */
  get segments(): number {
    return this.segmentCount;
  }

  get claimStarts(): readonly number[] {
    return this.claimStartsAt;
  }

  /**
   * The opening, the hierarchy and `closing` (a caller's SE) as one text, in one join: appending
   * thousands of strings builds a rope V8 must flatten later, another copy of the whole set.
   */
  text(closing = ''): string {
    this.parts.push(closing);
    const text = this.parts.join('');
    this.parts.pop();
    return text;
  }

  private subscriberHlSegment(hasChildren: '0' | '1'): string {
    return this.format.format(['HL', String(this.subscriberHl), String(this.billingHl), '22', hasChildren]);
  }

  private appendText(text: string): void {
    this.append(text, segmentsIn(text, this.format.delimiters.segment));
  }

  private append(text: string, segments: number): void {
    this.parts.push(text);
    this.segmentCount += segments;
  }
}
