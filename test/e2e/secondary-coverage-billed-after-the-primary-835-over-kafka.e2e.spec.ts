import { ClaimAdjudicatedEvent, createEvent, withNpiCheckDigit } from '@revcycle/contracts';
import { KafkaEventPublisher, sealEventEnvelope } from '@revcycle/messaging';
import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { parse837, validateX12 } from '@revcycle/x12';
import { randomBytes, randomUUID } from 'node:crypto';
import { DistributedServices, eventually } from './distributed-services';

type Row = { id: string } & Record<string, unknown>;
interface ClaimView {
  id: string;
  patientControlNumber: string;
  payerId: string;
  status: string;
  payerClaimControlNumber: string | null;
  payerResponsibility: string;
  primaryClaimId: string | null;
  totalChargeCents: number;
}

/**
 * Coordination of benefits across the five services on real Kafka: charts names the patient's
 * secondary coverage on the encounter, coding passes it on, claims bills the primary (naming the
 * secondary in 2320), and when remittance's `remittance.claim.adjudicated` for the primary arrives
 * over the broker, claims marks it paid and bills the secondary with balanced 2320/2430 loops;
 * remittance's ledger learns of the secondary claim from claims.claim.created.
 */
describe('the secondary coverage is billed after the primary 835, over Kafka', () => {
  const services = new DistributedServices();
  const run = randomBytes(3).toString('hex');
  const post = async (path: string, body: unknown) => {
    const r = await services.call<Row>('charts', 'POST', path, 'biller', body);
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const x12 = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${services.urls.claims}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${services.token('biller')}`,
        ...(body ? { 'content-type': 'application/edi-x12' } : {}),
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  };
  const claimsOf = async (encounterId: string) =>
    (
      await services.call<{ items: ClaimView[] }>(
        'claims',
        'GET',
        `/claims?encounterId=${encounterId}`,
        'biller',
      )
    ).body.items;

  beforeAll(() => services.start(), 180_000);
  afterAll(() => services.stop(), 60_000);

  it('bills the secondary once the primary is paid', async () => {
    const primaryPayer = await post('/payers', { name: 'First Plan', payerId: `FP${run}` });
    const secondaryPayer = await post('/payers', { name: 'Second Plan', payerId: `SP${run}` });
    const clinic = await post('/providers', {
      npi: withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '3')),
      kind: 'organization',
      name: 'COB Clinic',
      taxId: '123456789',
      address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
    });
    const patient = await post('/patients', {
      mrn: `COB-${run}`,
      firstName: 'Jo',
      lastName: 'Twocover',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    const coverageId = await post(`/patients/${patient}/coverages`, {
      payerId: primaryPayer,
      memberId: 'PRI123456',
      relationship: 'self',
    });
    const secondaryCoverageId = await post(`/patients/${patient}/coverages`, {
      payerId: secondaryPayer,
      memberId: 'SEC654321',
      relationship: 'spouse',
      subscriber: { firstName: 'Pat', lastName: 'Twocover', dateOfBirth: '1969-01-01', sex: 'M' },
    });
    const encounterId = await post('/encounters', {
      patientId: patient,
      coverageId,
      secondaryCoverageId,
      billingProviderId: clinic,
      renderingProviderId: clinic,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'I10' }],
      procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
    });
    expect(
      (await services.call('charts', 'POST', `/encounters/${encounterId}/finalize`, 'biller')).status,
    ).toBe(200);
    const primary = await eventually(
      async () => (await claimsOf(encounterId))[0],
      60_000,
      'the primary claim',
    );
    expect(primary).toMatchObject({ status: 'ready', payerResponsibility: 'P', payerId: primaryPayer });

    // the primary goes out naming the secondary payer in 2320, and the payer's 999 acknowledges it
    const [batch] = (
      await services.call<Array<{ id: string }>>('claims', 'POST', '/claims/batches', 'biller', {
        payerId: primaryPayer,
      })
    ).body;
    const primaryFile = (await x12('GET', `/claims/batches/${batch!.id}/837`)).text;
    expect(validateX12(primaryFile).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parse837(primaryFile).file.transactions[0]!.claims[0]!.otherSubscribers).toEqual([
      expect.objectContaining({
        payerResponsibility: 'S',
        payer: expect.objectContaining({ id: `SP${run}` }),
      }),
    ]);
    expect(
      (
        await x12(
          'POST',
          '/claims/acknowledgments',
          adjudicateClaimFile(primaryFile, { seed: 2 }).files['999'],
        )
      ).status,
    ).toBe(201);

    // remittance posts the primary's 835 CLP: paid 80.00, CO-45 25.00, PR-2 20.00
    const event = createEvent(ClaimAdjudicatedEvent, {
      aggregateId: primary.id,
      actor: { id: 'remittance-posting', role: 'system' },
      payload: {
        claimId: primary.id,
        patientControlNumber: primary.patientControlNumber,
        payerId: primaryPayer,
        remittanceId: randomUUID(),
        outcome: 'partially_paid',
        claimStatusCode: '1',
        payerClaimControlNumber: `FP-CCN-${run}`,
        paidCents: 8000,
        adjustmentCents: 2500,
        patientResponsibilityCents: 2000,
        paymentDate: '2026-10-02',
        adjustments: [],
        lines: [
          {
            lineItemControlNumber: `${primary.patientControlNumber}-1`,
            procedureCode: '99213',
            chargeCents: 12500,
            paidCents: 8000,
            units: 1,
            adjustments: [
              { group: 'CO', reason: '45', amountCents: 2500 },
              { group: 'PR', reason: '2', amountCents: 2000 },
            ],
          },
        ],
      },
    });
    const kafka = new KafkaEventPublisher({
      brokers: process.env['KAFKA_BROKERS']!.split(','),
      clientId: 'e2e-remittance',
      ssl: false,
    });
    const message = { topic: event.type, key: primary.id, value: JSON.stringify(sealEventEnvelope(event)) };
    await kafka.publish([message]);
    await kafka.publish([message]); // redelivered: one effect
    await kafka.close();

    const secondary = await eventually(
      async () => (await claimsOf(encounterId)).find((c) => c.id !== primary.id),
      60_000,
      'the secondary claim',
    );
    expect(secondary).toMatchObject({
      payerId: secondaryPayer,
      payerResponsibility: 'S',
      primaryClaimId: primary.id,
      status: 'ready',
    });
    const paid = (await claimsOf(encounterId)).find((c) => c.id === primary.id)!;
    expect(paid).toMatchObject({ status: 'partially_paid', payerClaimControlNumber: `FP-CCN-${run}` });

    const [second] = (
      await services.call<Array<{ id: string }>>('claims', 'POST', '/claims/batches', 'biller', {
        payerId: secondaryPayer,
      })
    ).body;
    const file = (await x12('GET', `/claims/batches/${second!.id}/837`)).text;
    expect(validateX12(file).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [c] = parse837(file).file.transactions[0]!.claims;
    expect(c!.otherSubscribers![0]).toMatchObject({
      payerResponsibility: 'P',
      payerPaidCents: 8000,
      amounts: [{ qualifier: 'EAF', cents: 2000 }],
    });
    const [svd] = c!.serviceLines[0]!.adjudications!;
    expect(svd!.paidCents + svd!.adjustments!.reduce((s, a) => s + a.amountCents, 0)).toBe(12500);

    // remittance's ledger knows the secondary claim, so its 835 will match
    await eventually(
      async () => {
        const r = await services.call(
          'remittance',
          'GET',
          `/remittance/ledger/${secondary.patientControlNumber}`,
          'finance',
        );
        return r.status === 200 ? r : undefined;
      },
      60_000,
      'the secondary claim in the remittance ledger',
    );
  }, 240_000);
});
