import type { Claim } from '../../claim/claim.entity';
import type { ClaimToSubmit } from './claim-837-mapping';
import { lineItemControlNumber, revenueCodeFor, toClaim837 } from './claim-837-mapping';
import { DOCTOR, PRACTICE, storedClaim } from './sample-stored-claims';

// The stored claim entity is a ClaimToSubmit as it is: the lead passes entities, no copying.
const entityFits = (c: Claim): ClaimToSubmit => c;
void entityFits;

describe('toClaim837: a stored claim in the x12 model', () => {
  it('CLM: patient control number, total, place of service, frequency; the 837P indicators', () => {
    const c = toClaim837(storedClaim(1));
    expect(c).toMatchObject({
      claimId: 'PCN0000001',
      totalChargeCents: storedClaim(1).totalChargeCents,
      facilityCode: '11',
      frequencyCode: '1',
      providerSignature: 'Y',
      assignment: 'A',
      benefitsAssigned: 'Y',
      releaseOfInformation: 'Y',
    });
    expect(c.subscriber).toMatchObject({
      payerResponsibility: 'P',
      relationship: '18',
      claimFilingIndicator: 'CI',
    });
    expect(c.patient).toBeUndefined();
  });

  it('a dependent child gets a patient level (PAT01 19) and no SBR02', () => {
    const c = toClaim837(storedClaim(4));
    expect(c.subscriber.relationship).toBeUndefined();
    expect(c.patient).toMatchObject({
      relationship: '19',
      person: { firstName: 'JORDAN', birthDate: '2015-06-01' },
    });
  });

  it('a replacement carries the payer claim control number (REF*F8)', () => {
    const c = toClaim837({
      ...storedClaim(1),
      frequencyCode: '7',
      payerClaimControlNumber: 'ACME2026110100042',
    });
    expect(c).toMatchObject({ frequencyCode: '7', payerClaimControlNumber: 'ACME2026110100042' });
  });

  it('an original does not send the payer claim number it was given (837 IG 2300 REF*F8: 7 or 8 only)', () => {
    const c = toClaim837({ ...storedClaim(1), frequencyCode: '1', payerClaimControlNumber: 'ACME-277CA-1K' });
    expect(c.payerClaimControlNumber).toBeUndefined();
  });

  it('2310B rendering only when its NPI differs from the billing provider (837P IG); 2310A referring first', () => {
    const referred = toClaim837(storedClaim(6));
    expect(referred.providers?.map((p) => p.entityCode)).toEqual(['DN', '82']);
    const solo = storedClaim(1);
    solo.parties = { ...solo.parties, renderingProvider: PRACTICE };
    expect(toClaim837(solo).providers).toEqual([]);
    expect(toClaim837(storedClaim(1)).providers).toEqual([
      expect.objectContaining({
        entityCode: '82',
        id: DOCTOR.npi,
        specialty: { role: 'PE', taxonomy: '207Q00000X' },
      }),
    ]);
  });

  it('837I: attending (71), statement dates, patient status, facility type and revenue codes', () => {
    const c = toClaim837(storedClaim(6, 'institutional'));
    expect(c.providers?.map((p) => p.entityCode)).toEqual(['71', 'DN']);
    expect(c.facilityCode).toBe('13');
    expect(c.dates).toEqual([{ qualifier: '434', date: '2026-11-20', endDate: '2026-11-20' }]);
    expect(c.institutional).toEqual({ patientStatus: '01' });
    expect(c.serviceLines.map((l) => l.revenueCode)).toEqual(['0300']);
    expect(c.serviceLines[0].diagnosisPointers).toBeUndefined();
    const inpatient = toClaim837({ ...storedClaim(6, 'institutional'), placeOfService: '21' });
    expect(inpatient.facilityCode).toBe('11');
    expect(inpatient.dates?.map((d) => d.qualifier)).toEqual(['434', '435']);
    expect(revenueCodeFor('99284')).toBe('0450');
    expect(revenueCodeFor('J1885')).toBe('0636');
  });

  it('lines go in line-number order; REF*6R is <patient control number>-<line number>, at most 50 characters', () => {
    const claim = storedClaim(2);
    claim.serviceLines.reverse();
    expect(toClaim837(claim).serviceLines.map((l) => l.lineItemControlNumber)).toEqual([
      'PCN0000002-1',
      'PCN0000002-2',
      'PCN0000002-3',
    ]);
    expect(() => lineItemControlNumber('X'.repeat(48), 12)).toThrow(RangeError);
  });
});
