import { Claim } from './claim.entity';
import { claimServiceLines } from './claim-service-lines';
import { ServiceLine } from './service-line.entity';

describe('the billed lines claims.claim.created carries', () => {
  it('are in line order, with REF*6R exactly as the 837 writes it', () => {
    const line = (lineNumber: number, procedureCode: string, modifiers: string[]): ServiceLine => ({
      claimId: 'c1',
      lineNumber,
      procedureCode,
      modifiers,
      units: 1,
      chargeCents: 1000 * lineNumber,
      diagnosisPointers: [1],
      dateOfService: '2026-09-14',
    });
    const claim = {
      patientControlNumber: 'RC0000000042',
      serviceLines: [line(2, '36415', []), line(1, '99213', ['25'])],
    } as unknown as Claim;
    expect(claimServiceLines(claim)).toEqual([
      {
        lineNumber: 1,
        lineItemControlNumber: 'RC0000000042-1',
        procedureCode: '99213',
        modifiers: ['25'],
        dateOfService: '2026-09-14',
        units: 1,
        chargeCents: 1000,
      },
      {
        lineNumber: 2,
        lineItemControlNumber: 'RC0000000042-2',
        procedureCode: '36415',
        modifiers: [],
        dateOfService: '2026-09-14',
        units: 1,
        chargeCents: 2000,
      },
    ]);
  });
});
