import type { Claim as Claim837 } from '@revcycle/x12';
import { parse837 } from '@revcycle/x12';
import type { ClaimToSubmit } from './claim-837-mapping';
import { ClaimFileWriter } from './claim-file-writer';
import { storedClaim, writerOptions } from './sample-stored-claims';

function writeFile(chunks: ClaimToSubmit[][], kind: ClaimToSubmit['claimType']): string {
  const writer = new ClaimFileWriter(writerOptions(kind));
  let text = writer.header();
  for (const claims of chunks) text += writer.transaction(claims).text;
  return text + writer.trailer();
}

describe.each(['professional', 'institutional'] as const)(
  'a %s claim file read back with parse837',
  (kind) => {
    const stored = Array.from({ length: 30 }, (_, i) => storedClaim(i + 1, kind));
    const { file, summary, issues } = parse837(writeFile([stored.slice(0, 12), stored.slice(12)], kind));
    const claims: Claim837[] = file.transactions.flatMap((t) => t.claims);

    it('has every claim, in order, with its control number, total and frequency', () => {
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(file.transactions.map((t) => [t.kind, t.claims.length])).toEqual([
        [kind, 12],
        [kind, 18],
      ]);
      expect(claims.map((c) => [c.claimId, c.totalChargeCents, c.frequencyCode])).toEqual(
        stored.map((c) => [c.patientControlNumber, c.totalChargeCents, '1']),
      );
      expect(summary.totalChargeCents).toBe(stored.reduce((s, c) => s + c.totalChargeCents, 0));
    });

    it('has every line with its procedure, modifiers, charge, units, date and REF*6R line item control number', () => {
      claims.forEach((c, i) => {
        expect(
          c.serviceLines.map((l) => [
            l.procedure?.code,
            l.procedure?.modifiers ?? [],
            l.chargeCents,
            l.quantity,
            l.dates?.find((d) => d.qualifier === '472')?.date,
            l.lineItemControlNumber,
          ]),
        ).toEqual(
          stored[i].serviceLines.map((l) => [
            l.procedureCode,
            l.modifiers,
            l.chargeCents,
            l.units,
            l.dateOfService,
            `${stored[i].patientControlNumber}-${l.lineNumber}`,
          ]),
        );
      });
    });

    it('has the diagnoses (ABK then ABF), the member id, the payer id and the billing NPI', () => {
      claims.forEach((c, i) => {
        const s = stored[i];
        expect(c.healthCodes.map((h) => [h.qualifier, h.code])).toEqual([
          ['ABK', s.diagnoses[0]],
          ['ABF', s.diagnoses[1]],
        ]);
        expect(c.subscriber.person.id).toBe(s.parties.coverage.memberId);
        expect(c.subscriber.payer.id).toBe(s.parties.coverage.payer.payerId);
        expect(c.billingProvider.provider.id).toBe(s.parties.billingProvider.npi);
        expect(c.patient?.person.firstName).toBe(
          s.parties.coverage.relationship === 'self' ? undefined : s.parties.patient.firstName,
        );
      });
    });
  },
);
