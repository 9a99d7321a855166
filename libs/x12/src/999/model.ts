export const IMPLEMENTATION_999 = '005010X231A1';

/** IK4: an element in error. */
export interface ElementError {
  /** IK401-1 element position, IK401-2 component position. */
  position: number;
  component?: number;
  /** IK402 data element reference number. */
  reference?: string;
  /** IK403: 1 missing, 4 too short, 5 too long, 6 bad character, 7 invalid code, 8 invalid date, 9 invalid time, I10 not used present, I12 pattern … */
  code: string;
  /** IK404 copy of the bad data. */
  badData?: string;
}

/** IK3 (+ CTX, IK4): a segment in error. */
export interface SegmentError {
  segmentId: string;
  /** IK302: position in the transaction set, ST = 1. */
  position: number;
  loop?: string;
  /** IK304: 1 unrecognized, 2 unexpected, 3 required missing, 5 exceeds max use, 7 out of sequence, 8 has element errors, I7 loop below minimum … */
  code: string;
  /** CTX business unit context, e.g. CLM01 = our claim id. */
  businessUnit?: { name: string; value: string };
  elementErrors: ElementError[];
}

/** AK2 … IK5: the response for one received transaction set. */
export interface TransactionAck {
  /** AK201 / AK202 / AK203 of the received transaction set. */
  transactionSetId: string;
  controlNumber: string;
  implementationReference?: string;
  /** IK501: A accepted, E accepted with errors, R rejected … */
  status: string;
  /** IK502–IK506 transaction-level syntax error codes. */
  syntaxErrors: string[];
  segmentErrors: SegmentError[];
}

/** AK1 … AK9: the response for one received functional group. */
export interface FunctionalGroupAck {
  functionalId: string;
  groupControlNumber: string;
  version?: string;
  transactions: TransactionAck[];
  /** AK901: A, E, P partially accepted, R rejected. */
  status: string;
  included: number;
  received: number;
  accepted: number;
  groupErrors: string[];
}

export interface ImplementationAcknowledgment {
  controlNumber?: string;
  groups: FunctionalGroupAck[];
}
