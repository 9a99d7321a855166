import type { ImplementationAcknowledgment } from '../999/model';
import { write999 } from '../999/writer';
import { interpret999 } from './interpret-999';

const AT = new Date('2024-03-01T12:00:00Z');

/**
 * A 999's verdicts are IK501 and AK901 codes of the 999 IG. An IK5 with an empty or unknown code, or
 * an AK2 with no IK5 at all, is no verdict: it was read as a rejection (claims moved to
 * payer_rejected on a damaged file). The file is refused, located at the segment, and nothing applies.
 */
describe('a 999 whose verdicts do not read is refused', () => {
  const ack: ImplementationAcknowledgment = {
    groups: [
      {
        functionalId: 'HC',
        groupControlNumber: '7',
        status: 'A',
        included: 1,
        received: 1,
        accepted: 1,
        groupErrors: [],
        transactions: [
          {
            transactionSetId: '837',
            controlNumber: '0001',
            status: 'A',
            syntaxErrors: [],
            segmentErrors: [],
          },
        ],
      },
    ],
  };
  const good = write999(ack, { at: AT });

  it('reads the file as written', () => {
    const read = interpret999(good);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.acknowledgment.groups[0].transactions[0].accepted).toBe(true);
  });

  it.each([
    ['IK501 garbage', good.replace(/IK5\*A/, 'IK5*NaN'), 'IK501_INVALID', 'IK501'],
    ['IK501 empty', good.replace(/IK5\*A/, 'IK5*'), 'IK501_INVALID', 'IK501'],
    ['IK501 a prototype name', good.replace(/IK5\*A/, 'IK5*toString'), 'IK501_INVALID', 'IK501'],
    ['AK901 garbage', good.replace(/AK9\*A/, 'AK9*-1'), 'AK901_INVALID', 'AK901'],
  ])('%s: a located error, no verdict', (_what, file, code, element) => {
    expect(file).not.toBe(good);
    const read = interpret999(file);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([
      expect.objectContaining({ severity: 'error', code, element, segmentOrdinal: expect.any(Number) }),
    ]);
  });

  it('an AK2 without its IK5 is refused at the AK2', () => {
    const file = good.replace(/IK5\*A[^~]*~\n?/, '');
    const se = /SE\*(\d+)/.exec(file)!;
    const fixed = file.replace(/SE\*\d+/, `SE*${Number(se[1]) - 1}`);
    const read = interpret999(fixed);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([expect.objectContaining({ code: 'IK5_MISSING', segmentId: 'AK2' })]);
  });
});
