import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImplementationAcknowledgment } from '../999/model';
import { acknowledge837, write999 } from '../999/writer';
import { InMemoryControlNumbers } from '../envelope/writer';
import { interpret999 } from './interpret-999';

const fixture = (f: string) => fs.readFileSync(path.join(__dirname, '..', '__fixtures__', f));
const AT = new Date('2024-03-01T12:00:00Z');

function read(text: string | Buffer) {
  const result = interpret999(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.acknowledgment;
}

describe('a rejected 999 reads as plain reasons per transaction set', () => {
  it('imsweb: group 28 (837I) rejected, its set 0028 rejected for an unrecognized segment "NM" at 17', () => {
    const ack = read(fixture('imsweb__x12_999_rejected.txt'));
    expect(ack.interchangeControlNumber).toBe('095832987');
    expect(ack.warnings).toEqual([]);
    expect(ack.groups).toHaveLength(1);
    const [group] = ack.groups;
    expect(group).toMatchObject({
      acknowledgmentControlNumber: '95832987',
      functionalId: 'HC',
      acknowledgedGroupControlNumber: '28',
      versionReference: '005010X223A2',
      groupAccepted: 'R',
      groupAcceptedDescription: 'Rejected',
      transactionSetsIncluded: 1,
      transactionSetsReceived: 1,
      transactionSetsAccepted: 0,
      groupErrors: [],
    });
    expect(group.transactions).toEqual([
      {
        transactionSetId: '837',
        transactionSetControlNumber: '0028',
        accepted: false,
        code: 'R',
        codeDescription: 'Rejected',
        syntaxErrors: [{ code: '5', description: 'One or More Segments in Error' }],
        errors: [
          {
            segmentId: 'NM',
            segmentPosition: 17,
            segmentErrorCode: '1',
            segmentErrorDescription: 'Unrecognized segment ID',
          },
        ],
        reasons: ['NM at segment 17: unrecognized segment ID'],
      },
    ]);
  });

  it('IK3 + IK4 give one sentence per element error, naming segment, position, loop and element', () => {
    const ack: ImplementationAcknowledgment = {
      groups: [
        {
          functionalId: 'HC',
          groupControlNumber: '1201',
          version: '005010X222A1',
          status: 'R',
          included: 1,
          received: 1,
          accepted: 0,
          groupErrors: [],
          transactions: [
            {
              transactionSetId: '837',
              controlNumber: '0001',
              implementationReference: '005010X222A1',
              status: 'R',
              syntaxErrors: ['5'],
              segmentErrors: [
                {
                  segmentId: 'NM1',
                  position: 14,
                  loop: '2010BA',
                  code: '8',
                  elementErrors: [{ position: 9, reference: '67', code: '1' }],
                },
                {
                  segmentId: 'CLM',
                  position: 21,
                  loop: '2300',
                  code: '8',
                  businessUnit: { name: 'CLM01', value: 'PCN-77' },
                  elementErrors: [{ position: 5, component: 3, reference: '1325', code: '7', badData: '9' }],
                },
              ],
            },
          ],
        },
      ],
    };
    const text = write999(ack, { at: AT, controlNumbers: new InMemoryControlNumbers(40) });
    const [tx] = read(text).groups[0].transactions;
    expect(tx.reasons).toEqual([
      'NM1 at segment 14 (loop 2010BA): required data element missing — NM109 (element 9)',
      'CLM at segment 21 (loop 2300, claim PCN-77): invalid code value — CLM05-3 (element 5, component 3)',
    ]);
    expect(tx.errors[1]).toEqual({
      segmentId: 'CLM',
      segmentPosition: 21,
      loopId: '2300',
      segmentErrorCode: '8',
      segmentErrorDescription: 'Segment Has Data Element Errors',
      businessUnit: { name: 'CLM01', value: 'PCN-77' },
      element: {
        position: 5,
        componentPosition: 3,
        reference: '1325',
        errorCode: '7',
        errorDescription: 'Invalid Code Value',
        badData: '9',
      },
    });
  });

  it('our own 999 of a damaged 837 (stupidedi oxygen, PWK02 = AD) reads back as the PWK02 rejection', () => {
    const text = write999(acknowledge837(fixture('stupidedi__oxygen.edi')), { at: AT });
    const [tx] = read(text).groups[0].transactions;
    expect(tx.accepted).toBe(false);
    // Our writer sends CTX (the claim) but no IK303 loop id.
    expect(tx.reasons).toContain(
      'PWK at segment 22 (claim R03996273 #01): invalid code value — PWK02 (element 2)',
    );
  });

  it('IK501 E is accepted with errors noted; codes outside the IG are named, never a crash', () => {
    const ack: ImplementationAcknowledgment = {
      groups: [
        {
          functionalId: 'HC',
          groupControlNumber: '7',
          status: 'P',
          included: 3,
          received: 3,
          accepted: 2,
          groupErrors: ['99'],
          transactions: [
            {
              transactionSetId: '837',
              controlNumber: '0001',
              status: 'A',
              syntaxErrors: [],
              segmentErrors: [],
            },
            {
              transactionSetId: '837',
              controlNumber: '0002',
              status: 'E',
              syntaxErrors: [],
              segmentErrors: [{ segmentId: 'REF', position: 9, code: 'Z9', elementErrors: [] }],
            },
            {
              transactionSetId: '837',
              controlNumber: '0003',
              status: 'R',
              syntaxErrors: [],
              segmentErrors: [],
            },
          ],
        },
      ],
    };
    const [group] = read(write999(ack, { at: AT })).groups;
    expect(group.groupAcceptedDescription).toBe(
      'Partially Accepted, At Least One Transaction Set Was Rejected',
    );
    expect(group.groupErrors).toEqual([
      { code: '99', description: 'functional group syntax error code 99 (not in our table)' },
    ]);
    expect(group.transactions.map((t) => [t.code, t.accepted])).toEqual([
      ['A', true],
      ['E', true],
      ['R', false],
    ]);
    expect(group.transactions[1].codeDescription).toBe('Accepted But Errors Were Noted');
    expect(group.transactions[1].reasons).toEqual([
      'REF at segment 9: segment syntax error code Z9 (not in our table)',
    ]);
    const wholeGroup = read(
      write999(
        { groups: [{ ...ack.groups[0], status: 'R', transactions: [], groupErrors: [] }] },
        { at: AT },
      ),
    );
    expect(wholeGroup.groups[0].reasons).toEqual([
      'Functional group 7: rejected (AK901 R) without a stated reason',
    ]);
    expect(group.transactions[2].reasons).toEqual([
      'Transaction set 837 0003: rejected (IK501 R) without a stated reason',
    ]);
  });
});
