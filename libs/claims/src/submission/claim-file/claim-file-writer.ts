import type { ClaimKind, RenderedClaim837 } from '@revcycle/x12';
import {
  envelopeDateTime,
  IMPLEMENTATION_837,
  renderClaim837,
  RenderedClaimsBody,
  SegmentFormatter,
  write837Heading,
  writeInterchangeHeader,
} from '@revcycle/x12';
import type { ClaimToSubmit } from './claim-837-mapping';
import { toClaim837 } from './claim-837-mapping';

/** 837 IG (front matter, 1.4.3): a transaction set should hold at most 5,000 claims (CLM). */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

export interface ClaimFileInterchange {
  /** ISA05/ISA06 and ISA07/ISA08. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** GS02/GS03. */
  applicationSenderCode: string;
  applicationReceiverCode: string;
  /** ISA15: P production, T test. */
  usage: 'P' | 'T';
}

/** 1000A submitter: NM1*41 with the PER contact the payer calls about the file (an email or a phone). */
export type ClaimFileSubmitter = { name: string; id: string; contactName: string } & (
  { contactEmail: string; contactPhone?: string } | { contactEmail?: string; contactPhone: string }
);

/** Control numbers issued by the caller (database sequences), never invented here. */
export interface ClaimFileControlNumbers {
  /** ISA13 / IEA02. */
  interchange: number;
  /** GS06 / GE02. */
  group: number;
  /** ST02 / SE02 of the next transaction set; unique within the group. */
  nextTransaction(): number;
}

export interface ClaimFileWriterOptions {
  kind: ClaimKind;
  interchange: ClaimFileInterchange;
  submitter: ClaimFileSubmitter;
  /** 1000B receiver: NM1*40 (the payer or clearinghouse) and its ETIN. */
  receiver: { name: string; id: string };
  controlNumbers: ClaimFileControlNumbers;
  /** ISA09/ISA10, GS04/GS05 and BHT04/BHT05. */
  at: Date;
}

/** A claim whose 837 loops were rendered when it was sealed (see submission-snapshot.ts). */
export interface RenderedClaimToSubmit {
  patientControlNumber: string;
  claimType: ClaimKind;
  rendered: RenderedClaim837;
}

/** Where a claim sits in the file: its first and last segment, counted from ISA = 1 (as validation issues are). */
export interface ClaimPosition {
  patientControlNumber: string;
  firstSegment: number;
  lastSegment: number;
}

export interface WrittenTransaction {
  /** ST…SE. */
  text: string;
  /** ST02. */
  controlNumber: string;
  claimCount: number;
  /** Claims in file order with their segment ranges, to say which claim an issue is about. */
  claims: ClaimPosition[];
}

const MAX_CONTROL_NUMBER = 999_999_999;

function controlNumber(name: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONTROL_NUMBER)
    throw new RangeError(`${name} control number must be 1–${MAX_CONTROL_NUMBER}, got ${n}`);
  return String(n);
}

/** ST02 / SE02 as written for control number `n` (at least 4 digits). */
export const transactionSetControlNumber = (n: number): string =>
  controlNumber('transaction', n).padStart(4, '0');

/**
 * One claim batch as one 837P or 837I interchange with one functional group, written in pieces so that a batch
 * of any size is never held whole: `header()` (ISA, GS), then `transaction(claims)` per chunk (ST…SE, at most
 * 5,000 claims each), then `trailer()` (GE with the transaction count, IEA). Joined in that order, the pieces
 * are the file.
 */
export class ClaimFileWriter {
  private readonly format = new SegmentFormatter();
  private readonly groupNumber: string;
  private readonly interchangeNumber: number;
  private state: 'new' | 'open' | 'closed' = 'new';
  private transactions = 0;
  /** Segments written so far (ISA = 1). */
  private segments = 0;

  constructor(private readonly options: ClaimFileWriterOptions) {
    this.interchangeNumber = Number(controlNumber('interchange', options.controlNumbers.interchange));
    this.groupNumber = controlNumber('group', options.controlNumbers.group);
  }

  /** ISA and GS (GS08 005010X222A1 for 837P, 005010X223A2 for 837I). */
  header(): string {
    if (this.state !== 'new') throw new Error('the claim file header is written once, first');
    this.state = 'open';
    const o = this.options;
    const i = o.interchange;
    const { ccyymmdd, hhmm } = envelopeDateTime(o.at);
    const isa = writeInterchangeHeader({
      parties: {
        senderQualifier: i.senderQualifier,
        senderId: i.senderId,
        receiverQualifier: i.receiverQualifier,
        receiverId: i.receiverId,
        usage: i.usage,
      },
      controlNumber: this.interchangeNumber,
      at: o.at,
    });
    const gs = this.format.format([
      'GS',
      'HC',
      i.applicationSenderCode,
      i.applicationReceiverCode,
      ccyymmdd,
      hhmm,
      this.groupNumber,
      'X',
      IMPLEMENTATION_837[o.kind],
    ]);
    this.segments = 2;
    return isa + gs;
  }

  /**
   * One ST…SE holding `claims` (1–5,000, all of the writer's kind) under BHT, 1000A, 1000B and the HL
   * tree: claims already rendered are composed as they are, the others are rendered here.
   */
  transaction(claims: ReadonlyArray<ClaimToSubmit | RenderedClaimToSubmit>): WrittenTransaction {
    if (this.state !== 'open')
      throw new Error('a transaction set is written after the header and before the trailer');
    if (claims.length === 0 || claims.length > MAX_CLAIMS_PER_TRANSACTION)
      throw new RangeError(
        `a transaction set holds 1–${MAX_CLAIMS_PER_TRANSACTION} claims, got ${claims.length}: chunk the batch`,
      );
    const o = this.options;
    for (const c of claims)
      if (c.claimType !== o.kind)
        throw new RangeError(`claim ${c.patientControlNumber} is ${c.claimType}, the file is ${o.kind}`);
    const st02 = transactionSetControlNumber(o.controlNumbers.nextTransaction());
    const f = this.format;
    const heading = write837Heading({
      kind: o.kind,
      header: this.bht(st02),
      submitter: this.submitterParty(),
      receiver: { entityType: 'organization', name: o.receiver.name, idQualifier: '46', id: o.receiver.id },
    });
    let opening = f.format(['ST', '837', st02, IMPLEMENTATION_837[o.kind]]);
    for (const s of heading) opening += f.format(s);
    const hierarchy = new RenderedClaimsBody(f, opening);
    for (const c of claims)
      // Written as a claim's sealed rendering is (renderClaimToSubmit): the same claim, the same text.
      hierarchy.add('rendered' in c ? c.rendered : renderClaim837(o.kind, toClaim837(c), f));
    const bodySegments = heading.length + hierarchy.segments;
    const text = hierarchy.text(f.format(['SE', String(bodySegments + 2), st02]));
    const st = this.segments + 1;
    this.segments += bodySegments + 2;
    this.transactions++;
    return {
      text,
      controlNumber: st02,
      claimCount: claims.length,
      claims: positions(hierarchy.claimStarts, st + 1 + heading.length, st + bodySegments, claims),
    };
  }

  /** BHT of a transaction set. */
  private bht(st02: string) {
    const { ccyymmdd, hhmm } = envelopeDateTime(this.options.at);
    return {
      purpose: '00',
      // BHT03 originator's reference: group and transaction control numbers, unique per batch file.
      referenceId: `${this.groupNumber}-${st02}`,
      createdDate: `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6)}`,
      createdTime: hhmm,
      claimOrEncounter: 'CH',
    };
  }

  /** 1000A: the submitter with its PER contact. */
  private submitterParty() {
    const s = this.options.submitter;
    const numbers: { qualifier: string; value: string }[] = [];
    if (s.contactEmail) numbers.push({ qualifier: 'EM', value: s.contactEmail });
    if (s.contactPhone) numbers.push({ qualifier: 'TE', value: s.contactPhone });
    return {
      entityType: 'organization' as const,
      name: s.name,
      idQualifier: '46',
      id: s.id,
      contacts: [{ function: 'IC', name: s.contactName, numbers }],
    };
  }

  /** GE (number of transaction sets) and IEA (one group). */
  trailer(): string {
    if (this.state !== 'open') throw new Error('the claim file trailer is written once, after the header');
    if (this.transactions === 0) throw new Error('a claim file holds at least one transaction set');
    this.state = 'closed';
    const isa13 = String(this.interchangeNumber).padStart(9, '0');
    return (
      this.format.format(['GE', String(this.transactions), this.groupNumber]) +
      this.format.format(['IEA', '1', isa13])
    );
  }
}

/**
 * Each claim's segment range in the file: from the first HL opened for it (or its CLM when it shares
 * the levels of the claim before) to the segment before the next claim's first; `starts` are the
 * claims' first segments within the HL tree, which begins at `firstOrdinal` and ends at `lastOrdinal`.
 */
function positions(
  starts: readonly number[],
  firstOrdinal: number,
  lastOrdinal: number,
  claims: ReadonlyArray<{ patientControlNumber: string }>,
): ClaimPosition[] {
  return claims.map((c, i) => ({
    patientControlNumber: c.patientControlNumber,
    firstSegment: firstOrdinal + starts[i],
    lastSegment: i + 1 < starts.length ? firstOrdinal + starts[i + 1] - 1 : lastOrdinal,
  }));
}
