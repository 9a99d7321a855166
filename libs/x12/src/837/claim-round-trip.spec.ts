import fc from 'fast-check';
import { validateX12 } from '../validation/validate';
import type { Claim, ClaimFile, ClaimKind, ServiceLine } from './model';
import { Readable } from 'node:stream';
import { parse837, stream837 } from './reader';
import {
  npiWithCheckDigit,
  SAMPLE_BILLING_PROVIDER,
  SAMPLE_HOSPITAL,
  sampleSubscriber,
} from './sample-claims';
import { write837 } from './writer';

const word = fc.stringMatching(/^[A-Z][A-Z0-9]{0,11}$/);
const cents = fc.integer({ min: 1, max: 5_000_000 });
const isoDate = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const cpt = fc.stringMatching(/^[0-9]{5}$/);
const icd10 = fc.stringMatching(/^[A-TV-Z][0-9][0-9A-Z]{1,5}$/);
const modifier = fc.constantFrom('25', '59', 'LT', 'RT', 'GT', '95', 'XU');

function lineArb(kind: ClaimKind, diagnoses: number): fc.Arbitrary<ServiceLine> {
  return fc
    .record({
      code: cpt,
      modifiers: fc.array(modifier, { maxLength: 4 }),
      chargeCents: cents,
      quantity: fc.integer({ min: 1, max: 20 }),
      date: isoDate,
      control: fc.option(word, { nil: undefined }),
      pointers: fc.uniqueArray(fc.integer({ min: 1, max: diagnoses }), {
        minLength: 1,
        maxLength: Math.min(4, diagnoses),
      }),
      revenue: fc.constantFrom('0250', '0300', '0450', '0636'),
      paid: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    })
    .map((r) => {
      const line: ServiceLine = {
        procedure: {
          qualifier: 'HC',
          code: r.code,
          ...(r.modifiers.length ? { modifiers: r.modifiers } : {}),
        },
        chargeCents: r.chargeCents,
        unit: 'UN',
        quantity: r.quantity,
        dates: [{ qualifier: '472', date: r.date }],
      };
      if (kind === 'professional') line.diagnosisPointers = r.pointers;
      else line.revenueCode = r.revenue;
      if (r.control) line.lineItemControlNumber = r.control;
      if (r.paid !== undefined) {
        const paid = Math.floor((r.chargeCents * r.paid) / 100);
        line.adjudications = [
          {
            payerId: '87726',
            paidCents: paid,
            adjustments:
              paid < r.chargeCents
                ? [{ group: 'CO', reason: '45', amountCents: r.chargeCents - paid }]
                : undefined,
            adjudicationDate: r.date,
          },
        ];
        if (!line.adjudications[0].adjustments) delete line.adjudications[0].adjustments;
      }
      return line;
    });
}

function claimArb(kind: ClaimKind): fc.Arbitrary<Claim> {
  return fc.integer({ min: 1, max: 12 }).chain((diagnoses) =>
    fc
      .record({
        id: word,
        subscriber: fc.integer({ min: 1, max: 3 }),
        frequency: fc.constantFrom('1', '7', '8'),
        payerClaim: word,
        diagnoses: fc.array(icd10, { minLength: diagnoses, maxLength: diagnoses }),
        lines: fc.array(lineArb(kind, diagnoses), { minLength: 1, maxLength: 8 }),
        priorAuth: fc.option(word, { nil: undefined }),
        withPatient: fc.boolean(),
        secondary: fc.boolean(),
      })
      .map((r) => {
        const claim: Claim = {
          billingProvider: kind === 'professional' ? SAMPLE_BILLING_PROVIDER : SAMPLE_HOSPITAL,
          subscriber: sampleSubscriber(r.subscriber, r.secondary ? 'S' : 'P'),
          claimId: r.id,
          totalChargeCents: r.lines.reduce((s, l) => s + l.chargeCents, 0),
          facilityCode: kind === 'professional' ? '11' : '13',
          frequencyCode: r.frequency,
          assignment: 'A',
          benefitsAssigned: 'Y',
          releaseOfInformation: 'Y',
          healthCodes: r.diagnoses.map((code, i) => ({ qualifier: i === 0 ? 'ABK' : 'ABF', code })),
          serviceLines: r.lines,
        };
        if (kind === 'professional') claim.providerSignature = 'Y';
        else {
          claim.institutional = { admissionType: '1', admissionSource: '1', patientStatus: '01' };
          claim.dates = [{ qualifier: '434', date: '2024-01-01', endDate: '2024-01-02' }];
        }
        if (r.frequency !== '1') claim.payerClaimControlNumber = r.payerClaim;
        if (r.priorAuth) claim.priorAuthorization = r.priorAuth;
        if (r.withPatient) {
          claim.subscriber = { ...claim.subscriber, relationship: undefined };
          delete claim.subscriber.relationship;
          claim.patient = {
            relationship: '19',
            person: {
              entityType: 'person',
              name: 'TESTCHILD',
              firstName: 'JO',
              birthDate: '2015-06-01',
              gender: 'M',
              address: { line1: '1 ELM STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
            },
          };
        }
        if (r.secondary) {
          claim.otherSubscribers = [
            {
              payerResponsibility: 'P',
              relationship: '18',
              claimFilingIndicator: 'CI',
              payerPaidCents: 1000,
              adjustments: [{ group: 'PR', reason: '1', amountCents: 500 }],
              benefitsAssigned: 'Y',
              releaseOfInformation: 'Y',
              subscriber: {
                entityType: 'person',
                name: 'TESTPATIENT',
                firstName: 'ALEX',
                idQualifier: 'MI',
                id: 'MBR1',
              },
              payer: { entityType: 'organization', name: 'ACME HEALTH PLAN', idQualifier: 'PI', id: '87726' },
            },
          ];
        }
        claim.providers = [
          {
            entityCode: kind === 'professional' ? '82' : '71',
            entityType: 'person',
            name: 'DOCTOR',
            firstName: 'LEE',
            idQualifier: 'XX',
            id: npiWithCheckDigit('144444444'),
          },
        ];
        return claim;
      }),
  );
}

const fileArb: fc.Arbitrary<ClaimFile> = fc
  .constantFrom<ClaimKind>('professional', 'institutional')
  .chain((kind) =>
    fc.array(claimArb(kind), { minLength: 1, maxLength: 6 }).map((claims) => ({
      interchange: { senderId: 'REVCYCLE01', receiverId: '87726', usage: 'T' as const },
      transactions: [
        {
          kind,
          header: {
            purpose: '00',
            referenceId: 'BATCH1',
            createdDate: '2024-03-01',
            createdTime: '1200',
            claimOrEncounter: 'CH',
          },
          submitter: {
            entityType: 'organization' as const,
            name: 'REVCYCLE',
            idQualifier: '46',
            id: 'REVCYCLE01',
            contacts: [
              { function: 'IC', name: 'BILLING', numbers: [{ qualifier: 'TE', value: '2175550100' }] },
            ],
          },
          receiver: {
            entityType: 'organization' as const,
            name: 'ACME HEALTH PLAN',
            idQualifier: '46',
            id: '87726',
          },
          claims,
        },
      ],
    })),
  );

describe('837 round trip on generated claims (model → 837 → model)', () => {
  it('reads back exactly the claims that were written', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = write837(file, { at: new Date('2024-03-01T12:00:00Z') });
        const back = parse837(text);
        expect(back.issues).toEqual([]);
        expect(back.file.transactions.map((t) => ({ ...t, controlNumber: undefined }))).toEqual(
          file.transactions.map((t) => ({ ...t, controlNumber: undefined })),
        );
        expect(back.summary.claims).toBe(file.transactions[0].claims.length);
      }),
      { numRuns: 150 },
    );
  });

  it("writes files the library's own validator accepts without errors", () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const result = validateX12(write837(file));
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('stream837', () => {
  it('hands out every claim once, in order, with the same summary as parse837', async () => {
    fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 500 }), async (file, size) => {
        const buf = Buffer.from(write837(file));
        const chunks: Buffer[] = [];
        for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
        const seen: string[] = [];
        const summary = await stream837(Readable.from(chunks), {
          claim: (c) => seen.push(`${c.claimId}/${c.serviceLines.length}`),
        });
        const whole = parse837(buf);
        expect(summary).toEqual(whole.summary);
        expect(seen).toEqual(
          whole.file.transactions.flatMap((t) =>
            t.claims.map((c) => `${c.claimId}/${c.serviceLines.length}`),
          ),
        );
      }),
      { numRuns: 40 },
    );
  });
});
