import type { X12Issue } from '../common/issue';
import { readTransactionSets } from '../envelope/reader';
import { comps, el } from '../tokenizer/segment';
import type { FunctionalGroupAck, ImplementationAcknowledgment, SegmentError, TransactionAck } from './model';

/** Reads 999 acknowledgments (one entry per ST*999). */
export function parse999(input: Uint8Array | string): {
  acknowledgments: ImplementationAcknowledgment[];
  issues: X12Issue[];
} {
  const { transactions, issues } = readTransactionSets(input);
  const acknowledgments: ImplementationAcknowledgment[] = [];
  for (const set of transactions) {
    if (set.header.id !== '999') {
      issues.push({
        severity: 'error',
        code: 'NOT_999',
        message: `Transaction set ${set.header.id} is not a 999 acknowledgment; it was skipped.`,
        segmentOrdinal: set.st.ordinal,
        segmentId: 'ST',
        element: 'ST01',
      });
      continue;
    }
    const ack: ImplementationAcknowledgment = { controlNumber: set.header.controlNumber, groups: [] };
    let group: FunctionalGroupAck | undefined;
    let tx: TransactionAck | undefined;
    let seg3: SegmentError | undefined;
    for (const s of set.body) {
      switch (s.id) {
        case 'AK1':
          group = {
            functionalId: el(s, 1),
            groupControlNumber: el(s, 2),
            transactions: [],
            status: '',
            included: 0,
            received: 0,
            accepted: 0,
            groupErrors: [],
          };
          if (el(s, 3)) group.version = el(s, 3);
          ack.groups.push(group);
          break;
        case 'AK2':
          tx = {
            transactionSetId: el(s, 1),
            controlNumber: el(s, 2),
            status: '',
            syntaxErrors: [],
            segmentErrors: [],
          };
          if (el(s, 3)) tx.implementationReference = el(s, 3);
          group?.transactions.push(tx);
          seg3 = undefined;
          break;
        case 'IK3':
          seg3 = { segmentId: el(s, 1), position: Number(el(s, 2)) || 0, code: el(s, 4), elementErrors: [] };
          if (el(s, 3)) seg3.loop = el(s, 3);
          tx?.segmentErrors.push(seg3);
          break;
        case 'CTX': {
          const c = comps(s, 1);
          if (seg3 && c.length >= 2 && !seg3.businessUnit) seg3.businessUnit = { name: c[0], value: c[1] };
          break;
        }
        case 'IK4': {
          const p = comps(s, 1);
          const e: SegmentError['elementErrors'][number] = { position: Number(p[0]) || 0, code: el(s, 3) };
          if (p[1]) e.component = Number(p[1]);
          if (el(s, 2)) e.reference = el(s, 2);
          if (el(s, 4)) e.badData = el(s, 4);
          seg3?.elementErrors.push(e);
          break;
        }
        case 'IK5':
          if (tx) {
            tx.status = el(s, 1);
            tx.syntaxErrors = s.elements.slice(2).filter((x) => x !== '');
          }
          seg3 = undefined;
          break;
        case 'AK9':
          if (group) {
            group.status = el(s, 1);
            group.included = Number(el(s, 2)) || 0;
            group.received = Number(el(s, 3)) || 0;
            group.accepted = Number(el(s, 4)) || 0;
            group.groupErrors = s.elements.slice(5).filter((x) => x !== '');
          }
          break;
        default:
      }
    }
    acknowledgments.push(ack);
  }
  return { acknowledgments, issues };
}
