import type { X12Issue } from '../common/issue';
import type { TransactionSet } from '../envelope/reader';
import { readTransactionSets } from '../envelope/reader';

export type AcknowledgmentKind = '999' | '277CA';

/** Which acknowledgment a file holds, or why it is none: located errors (segment position, byte offset). */
export type AcknowledgmentDetection =
  { ok: true; kind: AcknowledgmentKind } | { ok: false; errors: X12Issue[] };

/** 999 IG 005010X231A1 (005010X231 is the guide before its errata: same layout). 277CA IG 005010X214. */
const ACKNOWLEDGMENT_GUIDES: Readonly<Record<string, { id: string; kind: AcknowledgmentKind }>> = {
  '005010X231A1': { id: '999', kind: '999' },
  '005010X231': { id: '999', kind: '999' },
  '005010X214': { id: '277', kind: '277CA' },
};

/** What a non-acknowledgment transaction set is, in words (ST01, then the guide where one id has several). */
const OTHER_TRANSACTION_SETS: Readonly<Record<string, string>> = {
  '837': 'an 837 health care claim',
  '835': 'an 835 claim payment/remittance advice',
  '997': 'a 997 functional acknowledgment (we read its 5010 successor, the 999)',
  '277': 'a 277 claim status response',
  '276': 'a 276 claim status request',
  '270': 'a 270 eligibility inquiry',
  '271': 'a 271 eligibility response',
  '278': 'a 278 prior authorization',
  '834': 'an 834 benefit enrollment',
  '820': 'an 820 premium payment',
  '275': 'a 275 patient information (attachment)',
};

function kindOf(set: TransactionSet): AcknowledgmentKind | undefined {
  const guide = ACKNOWLEDGMENT_GUIDES[set.header.implementationReference];
  return guide && guide.id === set.header.id ? guide.kind : undefined;
}

function notAnAcknowledgment(set: TransactionSet): X12Issue {
  const { id, implementationReference: guide } = set.header;
  const what = OTHER_TRANSACTION_SETS[id] ?? `transaction set ${id || '(no ST01)'}`;
  const acknowledgmentId = id === '999' || id === '277';
  return {
    severity: 'error',
    code: 'NOT_AN_ACKNOWLEDGMENT',
    message:
      `Found ${what} (ST01 ${id || '(empty)'}, guide ${guide || '(none in ST03/GS08)'}) at segment ${set.st.ordinal}, ` +
      `byte ${set.st.offset}: ` +
      (acknowledgmentId
        ? `a ${id} acknowledgment must name guide ${id === '999' ? '005010X231A1' : '005010X214 (277CA)'}.`
        : 'not a 999 (005010X231A1) or 277CA (005010X214) acknowledgment.'),
    segmentOrdinal: set.st.ordinal,
    segmentId: 'ST',
    offset: set.st.offset,
    element: acknowledgmentId ? 'ST03' : 'ST01',
  };
}

export interface ReadAcknowledgment {
  kind: AcknowledgmentKind;
  transactions: TransactionSet[];
  warnings: X12Issue[];
}

/**
 * Reads the file once and decides. Any tokenizer or envelope error (garbage, truncation, SE01/GE01/IEA01
 * counts, control numbers that do not match) refuses the file: an acknowledgment whose envelope is broken
 * may have lost AK2 or 2200D loops, and moving claims on half a file is worse than asking for it again.
 */
export function readAcknowledgment(
  input: Uint8Array | string,
): ({ ok: true } & ReadAcknowledgment) | { ok: false; errors: X12Issue[] } {
  const { transactions, issues } = readTransactionSets(input);
  const errors: X12Issue[] = [];
  let kind: AcknowledgmentKind | undefined;
  for (const set of transactions) {
    const k = kindOf(set);
    if (!k) errors.push(notAnAcknowledgment(set));
    else if (kind && k !== kind)
      errors.push({
        severity: 'error',
        code: 'MIXED_ACKNOWLEDGMENTS',
        message: `Found a ${k} at segment ${set.st.ordinal}, byte ${set.st.offset}, after a ${kind}: send 999s and 277CAs as separate files.`,
        segmentOrdinal: set.st.ordinal,
        segmentId: 'ST',
        offset: set.st.offset,
        element: 'ST01',
      });
    else kind = k;
  }
  // A TA1 (interchange acknowledgment) may ride in front of the 999's GS: it sits outside any ST by design.
  const issuesOfFile = issues.map((i) =>
    i.code === 'SEGMENT_OUTSIDE_TRANSACTION' && i.segmentId === 'TA1'
      ? {
          ...i,
          severity: 'warning' as const,
          message: 'A TA1 interchange acknowledgment is in the file; it is not read here.',
        }
      : i,
  );
  errors.push(...issuesOfFile.filter((i) => i.severity === 'error'));
  if (transactions.length === 0 && errors.length === 0)
    errors.push({
      severity: 'error',
      code: 'NO_TRANSACTION_SET',
      message: 'Found no ST transaction set in the file (it is empty or holds only envelope segments).',
      segmentOrdinal: 1,
      offset: 0,
    });
  if (errors.length || !kind) return { ok: false, errors };
  return { ok: true, kind, transactions, warnings: issuesOfFile.filter((i) => i.severity !== 'error') };
}

/** Tells a 999 (ST01 999, 005010X231A1) from a 277CA (ST01 277, 005010X214); anything else is a located error. */
export function detectAcknowledgment(input: Uint8Array | string): AcknowledgmentDetection {
  const read = readAcknowledgment(input);
  return read.ok ? { ok: true, kind: read.kind } : { ok: false, errors: read.errors };
}
