import * as fs from 'node:fs';
import * as path from 'node:path';
import { InMemoryControlNumbers } from '../envelope/writer';
import type { ClaimAcknowledgmentFile } from '../277ca/writer';
import { write277ca } from '../277ca/writer';
import { interpret277ca } from './interpret-277ca';

const fixture = (f: string) => fs.readFileSync(path.join(__dirname, '..', '__fixtures__', f));

function read(text: string | Buffer) {
  const result = interpret277ca(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.acknowledgment;
}

describe('a 277CA reads as a verdict per claim, by our patient control number', () => {
  it('imsweb: claim 3920394930203 rejected A7:562:85 (billing provider NPI), though STC03 says WQ', () => {
    const ack = read(fixture('imsweb__x12_277CA_rejected.txt'));
    expect(ack.interchangeControlNumber).toBe('000001120');
    expect(ack.claims).toEqual([
      {
        patientControlNumber: '3920394930203',
        payerClaimControlNumber: '1107000000001120',
        billTypeCode: '731',
        billedAmountCents: 19914,
        serviceDate: '2009-03-11',
        billingProviderNpi: '123456789',
        accepted: false,
        outcome: 'rejected',
        statuses: [
          {
            categoryCode: 'A7',
            categoryDescription:
              'Acknowledgement/Rejected for Invalid Information - The claim/encounter has invalid information as specified in the Status details and has been rejected.',
            statusCode: '562',
            statusDescription: "Entity's National Provider Identifier (NPI).",
            entityCode: '85',
            entityDescription: 'Billing Provider',
            effect: 'rejected',
            effectiveDate: '2011-03-11',
            actionCode: 'WQ',
            amountCents: 19914,
          },
        ],
        lines: [],
        reasons: [
          "Rejected for Invalid Information (A7): Billing Provider's National Provider Identifier (NPI) (562, entity 85)",
        ],
        segmentOrdinal: 21,
      },
    ]);
  });

  it('imsweb: the receiver summary (A1:20, QTY*90 = 1 accepted) contradicts the claim; the claim wins, with warnings', () => {
    const ack = read(fixture('imsweb__x12_277CA_rejected.txt'));
    expect(ack.summaries).toEqual([
      {
        informationSource: { name: 'NYSDOH', id: '141797357' },
        informationReceiver: { name: 'TEST', id: 'ETIN' },
        statuses: [expect.objectContaining({ categoryCode: 'A1', statusCode: '20', effect: 'received' })],
        acceptedQuantity: 1,
        acceptedAmountCents: 19914,
        claimsAccepted: 0,
        claimsRejected: 1,
      },
    ]);
    expect(ack.warnings.map((w) => [w.code, w.segmentId, w.loop])).toEqual([
      ['ACKNOWLEDGED_QUANTITY_MISMATCH', 'QTY', '2200B'],
      ['ACKNOWLEDGED_QUANTITY_MISMATCH', 'QTY', '2200B'],
    ]);
  });

  const file = (
    statuses: { category: string; code: string; entity?: string }[][],
  ): ClaimAcknowledgmentFile => ({
    interchange: { senderId: 'PAYER', receiverId: 'US' },
    transactions: [
      {
        payer: { entityType: 'organization', name: 'ACME HEALTH', idQualifier: 'PI', id: '12345' },
        receiver: { entityType: 'organization', name: 'OUR CLINIC', idQualifier: '46', id: 'SUB1' },
        referenceId: '20240301000001',
        createdDate: '2024-03-01',
        createdTime: '2100',
        sourceTrace: '1',
        receivedDate: '2024-03-01',
        processedDate: '2024-03-01',
        batchReference: 'B1',
        batchStatuses: [],
        claims: statuses.map((list, i) => ({
          claimId: `PCN-${i + 1}`,
          accepted: true,
          statuses: list.map((s) => ({ ...s, amountCents: 10000, action: 'WQ', rejected: false })),
          provider: { entityType: 'organization', name: 'CLINIC', idQualifier: 'XX', id: '1234567893' },
          patient: { entityType: 'person', name: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'M1' },
          serviceDate: '2024-02-20',
          segmentOrdinal: 0,
        })),
      },
    ],
  });

  it('A2 accepted, A1 received (not rejected), A6 rejected, unknown category undetermined, unknown status code named', () => {
    const text = write277ca(
      file([
        [{ category: 'A2', code: '20' }],
        [{ category: 'A1', code: '19', entity: 'PR' }],
        [{ category: 'A6', code: '164', entity: 'IL' }],
        [{ category: 'Q9', code: '20' }],
        [{ category: 'A7', code: '9999' }],
        [{ category: 'A3', code: '116', entity: 'PR' }],
        [{ category: 'A7', code: '562', entity: 'Q7' }],
      ]),
      { controlNumbers: new InMemoryControlNumbers(3), at: new Date('2024-03-01T21:00:00Z') },
    );
    const ack = read(text);
    expect(ack.claims.map((c) => [c.patientControlNumber, c.outcome, c.accepted])).toEqual([
      ['PCN-1', 'accepted', true],
      ['PCN-2', 'received', true],
      ['PCN-3', 'rejected', false],
      ['PCN-4', 'undetermined', false],
      ['PCN-5', 'rejected', false],
      ['PCN-6', 'rejected', false],
      ['PCN-7', 'rejected', false],
    ]);
    expect(ack.claims[5].reasons).toEqual([
      'Returned as unprocessable claim (A3): Claim submitted to incorrect payer — Payer (116, entity PR)',
    ]);
    expect(ack.claims[6].reasons).toEqual([
      "Rejected for Invalid Information (A7): Entity's National Provider Identifier (NPI) — entity Q7 (not in our table) (562, entity Q7)",
    ]);
    expect(ack.claims[2].reasons).toEqual([
      "Rejected for Missing Information (A6): Insured or Subscriber's contract/member number (164, entity IL)",
    ]);
    expect(ack.claims[3].reasons).toEqual([
      'Status category not in our table (Q9): Accepted for processing (20)',
    ]);
    expect(ack.claims[4].statuses[0].statusDescription).toBe('status code 9999 (not in our table)');
    expect(ack.warnings.map((w) => w.code)).toContain('CLAIM_STATUS_UNKNOWN');
  });
});

describe('a 277CA with a service line status (2220D)', () => {
  // A hand-written 277CA: the envelope counts are computed, the body is X214's 2000A–2220D.
  const body = [
    'BHT*0085*08*B1*20240301*2100*TH',
    'HL*1**20*1',
    'NM1*PR*2*ACME HEALTH*****PI*12345',
    'TRN*1*1',
    'DTP*050*D8*20240301',
    'DTP*009*D8*20240301',
    'HL*2*1*21*1',
    'NM1*41*2*OUR CLINIC*****46*SUB1',
    'TRN*2*B1',
    'STC*A1:19:PR*20240301*WQ*250',
    'QTY*AA*1',
    'AMT*YY*250',
    'HL*3*2*19*1',
    'NM1*85*2*CLINIC*****XX*1234567893',
    'HL*4*3*PT',
    'NM1*QC*1*DOE*JANE****MI*M1',
    'TRN*2*PCN-9',
    'STC*A3:21*20240301*U*250',
    'REF*1K*PAYER-9',
    'REF*D9*CH-TRACE-9',
    'DTP*472*RD8*20240219-20240220',
    'SVC*HC:99213*150****1',
    'STC*A3:454*20240301*U*150',
    'REF*FJ*LINE-1',
    'DTP*472*D8*20240219',
  ];
  const text = [
    'ISA*00*          *00*          *ZZ*PAYER          *ZZ*US             *240301*2100*^*00501*000000001*0*T*:',
    'GS*HN*PAYER*US*20240301*2100*1*X*005010X214',
    'ST*277*0001*005010X214',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ].join('~\n');

  it('reads the claim (REF*1K, REF*D9, date range) and its line (SVC, REF*FJ), and the line reason', () => {
    const result = interpret277ca(`${text}~\n`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [claim] = result.acknowledgment.claims;
    expect(claim).toMatchObject({
      patientControlNumber: 'PCN-9',
      payerClaimControlNumber: 'PAYER-9',
      clearinghouseTraceNumber: 'CH-TRACE-9',
      serviceDate: '2024-02-19',
      serviceEndDate: '2024-02-20',
      billedAmountCents: 25000,
      billingProviderNpi: '1234567893',
      accepted: false,
      outcome: 'rejected',
      lines: [
        {
          procedure: 'HC:99213',
          chargeCents: 15000,
          lineItemControlNumber: 'LINE-1',
          serviceDate: '2024-02-19',
          statuses: [expect.objectContaining({ categoryCode: 'A3', statusCode: '454', effect: 'rejected' })],
        },
      ],
    });
    expect(claim.reasons).toEqual([
      'Returned as unprocessable claim (A3): Missing or invalid information (21)',
      'Line LINE-1: Returned as unprocessable claim (A3): Procedure code for services rendered (454)',
    ]);
    expect(result.acknowledgment.warnings).toEqual([]);
  });
});
