import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { Adjustment } from '../common/model';
import { readCorpus, corpusFiles, sourcesContents } from '../test/x12-corpus';
import type { ClaimPayment, RemittanceFile } from './model';
import { parse835, stream835 } from './reader';
import { write835 } from './writer';

const fixture = (f: string) => fs.readFileSync(path.join(__dirname, '..', '__fixtures__', f));

describe('835 reader', () => {
  it('reads payment, trace, payer/payee, claims with CAS, MIA/MOA, PLB and balances them', () => {
    const r = parse835(fixture('stupidedi__dollars-and-data-sent-together.edi'));
    expect(r.issues).toEqual([]);
    expect(r.summary).toEqual({
      transactions: 1,
      claims: 2,
      serviceLines: 0,
      totalPaidCents: 15000000,
      claimPaidCents: 14999873,
      totalChargeCents: 22636697,
      plbCents: -127,
      balanced: true,
      balancingErrors: 0,
    });
    const a = r.file.transactions[0];
    expect(a.payment).toMatchObject({
      handlingCode: 'C',
      totalPaidCents: 15000000,
      creditDebit: 'C',
      method: 'ACH',
      date: '2002-09-13',
    });
    expect(a.trace).toEqual({ typeCode: '1', traceNumber: '12345', originatorId: '1512345678' });
    expect(a.payer.name).toBe('INSURANCE COMPANY OF TIMBUCKTU');
    expect(a.payee).toMatchObject({ name: 'REGIONAL HOPE HOSPITAL', idQualifier: 'XX', id: '6543210903' });
    expect(a.claims[0]).toMatchObject({
      claimId: '666123',
      status: '1',
      chargeCents: 21136697,
      paidCents: 13801840,
      adjustments: [{ group: 'CO', reason: '45', amountCents: 7334857 }],
      headerNumber: '110212',
    });
    expect(a.providerAdjustments).toEqual([
      {
        providerId: '6543210903',
        fiscalPeriodDate: '2002-12-31',
        adjustments: [{ reasonCode: 'CV', reference: 'CP', amountCents: -127 }],
        segmentOrdinal: 30,
      },
    ]);
  });

  it('reads service lines with their CAS, line item control numbers, amounts and remark codes', () => {
    const r = parse835(fixture('stupidedi__multiple-claims-single-check.edi'));
    expect(r.summary).toMatchObject({ claims: 9, serviceLines: 33, totalPaidCents: 81080, balanced: true });
    const lines = r.file.transactions[0].claims.flatMap((c) => c.serviceLines);
    expect(lines.every((l) => l.procedure.code.length > 0)).toBe(true);
    expect(lines.some((l) => l.adjustments.length > 0)).toBe(true);
  });

  it('reports (does not throw) a remittance whose line, claim and payment totals do not balance', () => {
    const text = fixture('stupidedi__dollars-and-data-sent-together.edi')
      .toString('latin1')
      .replace('BPR*C*150000*', 'BPR*C*150100*')
      .replace('CAS*CO*45*73348.57', 'CAS*CO*45*73348.50');
    const r = parse835(text);
    expect(r.summary.balanced).toBe(false);
    expect(r.summary.balancingErrors).toBe(2);
    expect(r.balancing.map((b) => b.level).sort()).toEqual(['claim', 'transaction']);
    const claim = r.balancing.find((b) => b.level === 'claim');
    expect(claim).toMatchObject({
      claimId: '666123',
      rule: 'CLP03 - CLP04 = sum of claim and line CAS',
      expectedCents: 7334857,
      actualCents: 7334850,
      segmentOrdinal: 16,
    });
    expect(r.balancing.find((b) => b.level === 'transaction')).toMatchObject({
      expectedCents: 15000000,
      actualCents: 15010000,
    });
  });

  it('flags a line whose charge minus payment differs from its adjustments', () => {
    const r = parse835(fixture('lfh__tertiary-payment.835'));
    expect(r.balancing.some((b) => b.level === 'line')).toBe(true);
  });

  it('streams the same totals as the in-memory reader, chunk size irrelevant', async () => {
    const text = fixture('stupidedi__multiple-claims-single-check.edi');
    const whole = parse835(text);
    const claims: string[] = [];
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += 7) chunks.push(text.subarray(i, i + 7));
    const summary = await stream835(Readable.from(chunks), { claim: (c) => claims.push(c.claimId) });
    expect(summary).toEqual(whole.summary);
    expect(claims).toEqual(whole.file.transactions[0].claims.map((c) => c.claimId));
  });
});

describe('every 835 in the vendored corpus (libs/x12/fixtures)', () => {
  const contents = sourcesContents();
  it.each(corpusFiles('835'))(
    '%s parses with the CLP and SVC counts SOURCES.md records, and round-trips through the writer',
    (file) => {
      const r = parse835(readCorpus('835', file));
      const expected = contents.get(`835/${file}`);
      if (expected?.CLP !== undefined) expect(r.summary.claims).toBe(expected.CLP);
      expect(r.summary.serviceLines).toBe(expected?.SVC ?? 0);
      const again = parse835(write835(r.file));
      expect(again.summary).toEqual(r.summary);
    },
  );

  it('the clean TR3 examples all balance', () => {
    for (const f of corpusFiles('835').filter(
      (x) => x.startsWith('stupidedi') || x.startsWith('tastypackets') || x.startsWith('pyx12'),
    )) {
      expect([f, parse835(readCorpus('835', f)).summary.balanced]).toEqual([f, true]);
    }
  });
});

const adjustmentArb = fc.record({
  group: fc.constantFrom('CO', 'PR', 'OA', 'PI'),
  reason: fc.constantFrom('1', '2', '3', '45', '96', '97', '253'),
  amountCents: fc.integer({ min: -5000, max: 50000 }),
});

function claimFrom(
  id: string,
  lines: { charge: number; adjustments: Adjustment[] }[],
  claimAdjustments: Adjustment[],
): ClaimPayment {
  const serviceLines = lines.map((l, i) => {
    const adj = l.adjustments.reduce((s, a) => s + a.amountCents, 0);
    return {
      procedure: { qualifier: 'HC', code: `9921${i % 6}` },
      chargeCents: l.charge,
      paidCents: l.charge - adj,
      adjustments: l.adjustments,
      lineItemControlNumber: `${id}L${i + 1}`,
    };
  });
  const charge = serviceLines.reduce((s, l) => s + l.chargeCents, 0);
  const paid =
    serviceLines.reduce((s, l) => s + l.paidCents, 0) -
    claimAdjustments.reduce((s, a) => s + a.amountCents, 0);
  return {
    claimId: id,
    status: '1',
    chargeCents: charge,
    paidCents: paid,
    filingIndicator: 'CI',
    payerClaimControlNumber: `P${id}`,
    adjustments: claimAdjustments,
    serviceLines,
  };
}

describe('835 writer → reader round trip on generated remittances', () => {
  it('reads back the same claims, and a balanced remittance stays balanced', () => {
    const fileArb = fc
      .array(
        fc.record({
          lines: fc.array(
            fc.record({
              charge: fc.integer({ min: 1, max: 900000 }),
              adjustments: fc.array(adjustmentArb, { maxLength: 8 }),
            }),
            { minLength: 1, maxLength: 5 },
          ),
          claimAdjustments: fc.array(adjustmentArb, { maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 10 },
      )
      .chain((claims) => fc.integer({ min: -20000, max: 20000 }).map((plb) => ({ claims, plb })))
      .map(({ claims, plb }): RemittanceFile => {
        const payments = claims.map((c, i) => claimFrom(`C${i + 1}`, c.lines, c.claimAdjustments));
        const total = payments.reduce((s, c) => s + c.paidCents, 0) - plb;
        return {
          interchange: { senderId: 'PAYER', receiverId: 'PROVIDER', usage: 'T' },
          transactions: [
            {
              payment: {
                handlingCode: 'I',
                totalPaidCents: total,
                creditDebit: 'C',
                method: 'NON',
                date: '2024-03-15',
              },
              trace: { typeCode: '1', traceNumber: 'EFT0001', originatorId: '1999999999' },
              payer: {
                entityType: 'organization',
                name: 'ACME HEALTH PLAN',
                contacts: [{ function: 'BL', numbers: [{ qualifier: 'TE', value: '8005550100' }] }],
              },
              payee: {
                entityType: 'organization',
                name: 'RIVERSIDE FAMILY MEDICINE',
                idQualifier: 'XX',
                id: '1234567893',
              },
              claims: payments.map((c) => ({ ...c, headerNumber: '1' })),
              providerAdjustments:
                plb === 0
                  ? []
                  : [
                      {
                        providerId: '1234567893',
                        fiscalPeriodDate: '2024-12-31',
                        adjustments: [{ reasonCode: 'L6', amountCents: plb }],
                      },
                    ],
            },
          ],
        };
      });
    fc.assert(
      fc.property(fileArb, (file) => {
        const r = parse835(write835(file));
        expect(r.issues).toEqual([]);
        expect(r.balancing).toEqual([]);
        expect(r.summary.balanced).toBe(true);
        const strip = (x: unknown) =>
          JSON.parse(
            JSON.stringify(x, (k, v) => (k === 'segmentOrdinal' || k === 'controlNumber' ? undefined : v)),
          );
        expect(strip(r.file.transactions)).toEqual(strip(file.transactions));
      }),
      { numRuns: 150 },
    );
  });
});

describe('a badly unbalanced remittance', () => {
  it('is counted exactly while streaming, with bounded retention', async () => {
    const claims: ClaimPayment[] = [];
    for (let i = 0; i < 1200; i++)
      claims.push({
        claimId: `U${i}`,
        status: '1',
        chargeCents: 10000,
        paidCents: 5000,
        adjustments: [{ group: 'CO', reason: '45', amountCents: 4000 }],
        serviceLines: [],
      });
    const file: RemittanceFile = {
      transactions: [
        {
          payment: {
            handlingCode: 'I',
            totalPaidCents: 1200 * 5000,
            creditDebit: 'C',
            method: 'NON',
            date: '2024-03-15',
          },
          trace: { typeCode: '1', traceNumber: 'T1', originatorId: '1999999999' },
          payer: {
            entityType: 'organization',
            name: 'ACME',
            contacts: [{ function: 'BL', numbers: [{ qualifier: 'TE', value: '8005550100' }] }],
          },
          payee: { entityType: 'organization', name: 'CLINIC', idQualifier: 'XX', id: '1234567893' },
          claims,
          providerAdjustments: [],
        },
      ],
    };
    const text = write835(file);
    let perClaim = 0;
    let retained = 0;
    const summary = await stream835(Readable.from([Buffer.from(text)]), {
      claim: (_c, _a, errors) => (perClaim += errors.length),
      transaction: (_a, errors) => (retained = errors.length),
    });
    expect(summary).toMatchObject({ claims: 1200, balanced: false, balancingErrors: 1200 });
    expect(perClaim).toBe(1200);
    expect(retained).toBeLessThanOrEqual(1001);
    const { validateX12 } = await import('../validation/validate');
    expect(validateX12(text).issues.filter((i) => i.code === 'UNBALANCED_CLAIM')).toHaveLength(1200);
  });
});
