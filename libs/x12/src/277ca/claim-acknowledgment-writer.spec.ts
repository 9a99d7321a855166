import { InMemoryControlNumbers } from '../envelope/writer';
import { npiWithCheckDigit } from '../837/sample-claims';
import { validateX12 } from '../validation/validate';
import { parse277ca } from './reader';
import type { ClaimAcknowledgmentFile } from './writer';
import { write277ca } from './writer';

const PROVIDER = {
  entityType: 'organization' as const,
  name: 'RIVERSIDE FAMILY MEDICINE',
  idQualifier: 'XX',
  id: npiWithCheckDigit('123456789'),
};
const HOSPITAL = {
  entityType: 'organization' as const,
  name: 'SPRINGFIELD GENERAL HOSPITAL',
  idQualifier: 'XX',
  id: npiWithCheckDigit('198765432'),
};
const patient = (n: number) => ({
  entityType: 'person' as const,
  name: `TESTPATIENT${n}`,
  firstName: 'ALEX',
  idQualifier: 'MI',
  id: `MBR0000000${n}`,
});

function sampleFile(): ClaimAcknowledgmentFile {
  return {
    interchange: { senderId: '87726', receiverId: 'REVCYCLE01' },
    transactions: [
      {
        payer: { entityType: 'organization', name: 'ACME HEALTH PLAN', idQualifier: 'PI', id: '87726' },
        receiver: {
          entityType: 'organization',
          name: 'REVCYCLE DEMO SUBMITTER',
          idQualifier: '46',
          id: 'REVCYCLE01',
        },
        referenceId: 'ACK0001',
        createdDate: '2024-03-02',
        createdTime: '0930',
        sourceTrace: '240302000001',
        receivedDate: '2024-03-01',
        processedDate: '2024-03-02',
        batchReference: '0001',
        batchStatuses: [
          {
            category: 'A1',
            code: '19',
            entity: 'PR',
            effectiveDate: '2024-03-02',
            action: 'WQ',
            amountCents: 151500,
            rejected: false,
          },
        ],
        claims: [
          {
            claimId: 'PCN0001',
            accepted: true,
            payerClaimControlNumber: '202403020000001',
            statuses: [
              {
                category: 'A2',
                code: '20',
                effectiveDate: '2024-03-02',
                action: 'WQ',
                amountCents: 12500,
                rejected: false,
              },
            ],
            provider: PROVIDER,
            patient: patient(1),
            serviceDate: '2024-02-20',
            segmentOrdinal: 0,
          },
          {
            claimId: 'PCN0002',
            accepted: false,
            statuses: [
              {
                category: 'A3',
                code: '164',
                entity: 'IL',
                effectiveDate: '2024-03-02',
                action: 'U',
                amountCents: 20000,
                rejected: true,
                more: [{ category: 'A3', code: '21' }],
              },
            ],
            provider: PROVIDER,
            patient: patient(2),
            serviceDate: '2024-02-19',
            serviceEndDate: '2024-02-20',
            segmentOrdinal: 0,
          },
          {
            claimId: 'HOSP0002',
            accepted: true,
            payerClaimControlNumber: '202403020000002',
            billType: '131',
            statuses: [
              {
                category: 'A2',
                code: '20',
                effectiveDate: '2024-03-02',
                action: 'WQ',
                amountCents: 119000,
                rejected: false,
              },
            ],
            provider: HOSPITAL,
            patient: patient(3),
            serviceDate: '2024-02-21',
            segmentOrdinal: 0,
          },
        ],
      },
    ],
  };
}

const AT = new Date('2024-03-02T09:30:00Z');

describe('277CA writer (005010X214)', () => {
  it('writes the payer / receiver / provider / patient HL loops with TRN, STC, REF*1K and DTP*472', () => {
    const text = write277ca(sampleFile(), { at: AT, controlNumbers: new InMemoryControlNumbers(7) });
    expect(text).toContain('GS*HN*87726*REVCYCLE01*20240302*0930*7*X*005010X214~');
    expect(text).toContain(
      [
        'ST*277*0001*005010X214~',
        'BHT*0085*08*ACK0001*20240302*0930*TH~',
        'HL*1**20*1~',
        'NM1*PR*2*ACME HEALTH PLAN*****PI*87726~',
        'TRN*1*240302000001~',
        'DTP*050*D8*20240301~',
        'DTP*009*D8*20240302~',
        'HL*2*1*21*1~',
        'NM1*41*2*REVCYCLE DEMO SUBMITTER*****46*REVCYCLE01~',
        'TRN*2*0001~',
        'STC*A1:19:PR*20240302*WQ*1515~',
        'QTY*90*2~',
        'QTY*AA*1~',
        'AMT*YU*1315~',
        'AMT*YY*200~',
        `HL*3*2*19*1~`,
      ].join('\n'),
    );
    expect(text).toContain(
      'HL*5*3*PT~\nNM1*QC*1*TESTPATIENT2*ALEX****MI*MBR00000002~\nTRN*2*PCN0002~\nSTC*A3:164:IL*20240302*U*200******A3:21~\nDTP*472*RD8*20240219-20240220~',
    );
    expect(text).toContain('HL*6*2*19*1~');
    expect(text).toContain('REF*1K*202403020000002~\nREF*BLT*131~\nDTP*472*D8*20240221~');
  });

  it('validates clean under our validator', () => {
    const result = validateX12(write277ca(sampleFile(), { at: AT }));
    expect(result.issues).toEqual([]);
  });

  it('reads back what it wrote', () => {
    const file = sampleFile();
    const { reports, issues } = parse277ca(write277ca(file, { at: AT }));
    expect(issues).toEqual([]);
    expect(reports).toHaveLength(1);
    const t = file.transactions[0];
    expect(reports[0]).toEqual({
      controlNumber: '0001',
      payer: t.payer,
      receiver: t.receiver,
      batchStatuses: t.batchStatuses,
      claims: t.claims.map((c) => ({ ...c, segmentOrdinal: expect.any(Number) })),
    });
  });
});
