import { withNpiCheckDigit } from '@revcycle/contracts';
import { MAX_CHARGE_CENTS, ServiceUnderTest } from '@revcycle/runtime';
import { randomBytes } from 'node:crypto';
import { chartsServiceSpec } from './charts.app';

interface Problem {
  statusCode: number;
  message: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

/**
 * The charts request bodies over real HTTP on a real PostgreSQL: each bad field is a 400 that names
 * it (never a 500, nothing stored), and good-but-unusual input (territories, unknown procedure codes)
 * is accepted.
 */
describe('charts request bodies', () => {
  let charts: ServiceUnderTest;
  const run = randomBytes(3).toString('hex');
  const address = { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' };
  const patient = {
    mrn: `M-${run}`,
    firstName: 'Test',
    lastName: 'Patient',
    dateOfBirth: '1970-05-05',
    sex: 'F',
    address,
  };
  let refs: { patientId: string; coverageId: string; billingProviderId: string; renderingProviderId: string };

  const post = (path: string, body: unknown) =>
    charts.call<Problem & { id: string }>('POST', path, 'biller', body);
  const fieldsOf = (p: Problem) => (p.errors ?? []).map((e) => e.field);

  async function expectRefused(path: string, body: unknown, field: string): Promise<Problem> {
    const r = await post(path, body);
    expect({ status: r.status, fields: fieldsOf(r.body) }).toEqual({ status: 400, fields: [field] });
    return r.body;
  }

  beforeAll(async () => {
    charts = await ServiceUnderTest.start(chartsServiceSpec);
    const payer = await post('/payers', { name: 'Acme Health', payerId: `P${run}` });
    const provider = await post('/providers', {
      npi: withNpiCheckDigit(`1${randomBytes(4).readUInt32BE(0).toString().padStart(8, '0').slice(0, 8)}`),
      kind: 'organization',
      name: 'Elm Clinic',
      taxId: '123456789',
      address,
    });
    const p = await post('/patients', patient);
    const coverage = await post(`/patients/${p.body.id}/coverages`, {
      payerId: payer.body.id,
      memberId: 'XZ123456789',
      relationship: 'self',
    });
    expect([payer.status, provider.status, p.status, coverage.status]).toEqual([201, 201, 201, 201]);
    refs = {
      patientId: p.body.id,
      coverageId: coverage.body.id,
      billingProviderId: provider.body.id,
      renderingProviderId: provider.body.id,
    };
  }, 120_000);

  afterAll(() => charts?.stop(), 60_000);

  describe('patients', () => {
    it('a patient without an address is a 400 naming address (it was a 500)', async () => {
      const { address: _omitted, ...withoutAddress } = patient;
      const problem = await expectRefused('/patients', { ...withoutAddress, mrn: `N-${run}` }, 'address');
      expect(problem.errors![0].messages).toContain('address is required');
      await expectRefused('/patients', { ...patient, address: 'Elm Dr' }, 'address');
    });

    it('whitespace-only names and MRNs are refused', async () => {
      await expectRefused('/patients', { ...patient, firstName: '   ' }, 'firstName');
      await expectRefused('/patients', { ...patient, mrn: '\t \n' }, 'mrn');
      await expectRefused('/patients', { ...patient, address: { ...address, city: '  ' } }, 'address.city');
    });

    it('a date of birth in the future or not on the calendar is refused', async () => {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await expectRefused('/patients', { ...patient, dateOfBirth: tomorrow }, 'dateOfBirth');
      await expectRefused('/patients', { ...patient, dateOfBirth: '1980-02-30' }, 'dateOfBirth');
      await expectRefused(
        `/patients/${refs.patientId}/coverages`,
        {
          payerId: (await charts.call<{ items: Array<{ id: string }> }>('GET', '/payers', 'biller')).body
            .items[0].id,
          memberId: 'XZ1',
          relationship: 'child',
          subscriber: { firstName: 'Pat', lastName: 'Parent', dateOfBirth: '2999-01-01', sex: 'M' },
        },
        'subscriber.dateOfBirth',
      );
    });

    it('a NUL, another control character or a broken surrogate in a name, address or MRN is a 400 naming it; year 0000 is no date', async () => {
      // Sealed columns took them (stored, then written into the 837); clear ones were a 400 naming no field.
      await expectRefused('/patients', { ...patient, lastName: 'Pa\u0000tient' }, 'lastName');
      await expectRefused('/patients', { ...patient, mrn: `M\u0007-${run}` }, 'mrn');
      await expectRefused('/patients', { ...patient, firstName: 'Te\tst' }, 'firstName');
      await expectRefused(
        '/patients',
        { ...patient, address: { ...address, city: 'Mad\ud800ison' } },
        'address.city',
      );
      await expectRefused('/patients', { ...patient, dateOfBirth: '0000-01-01' }, 'dateOfBirth');
      await expectRefused('/payers', { name: 'Acme\u0000', payerId: `N${run}` }, 'name');
      await expectRefused(
        '/providers',
        {
          npi: withNpiCheckDigit('123456780'),
          kind: 'organization',
          name: 'Elm',
          address: { ...address, line1: '5\u0000' },
        },
        'address.line1',
      );
      const r = await post('/patients', { ...patient, mrn: `U-${run}`, lastName: 'Müller-Łukasz 🩺' });
      expect(r.status).toBe(201);
    });

    it('only USPS state codes: states, DC, territories and military codes pass, others are refused', async () => {
      await expectRefused('/patients', { ...patient, address: { ...address, state: 'XX' } }, 'address.state');
      await expectRefused('/patients', { ...patient, address: { ...address, state: 'wi' } }, 'address.state');
      for (const [i, state] of ['DC', 'PR', 'GU', 'AE'].entries()) {
        const r = await post('/patients', {
          ...patient,
          mrn: `S${i}-${run}`,
          address: { ...address, state },
        });
        expect({ state, status: r.status }).toEqual({ state, status: 201 });
      }
    });
  });

  it('payers and providers refuse blank names', async () => {
    await expectRefused('/payers', { name: ' ', payerId: `B${run}` }, 'name');
    await expectRefused(
      '/providers',
      { npi: withNpiCheckDigit('123456789'), kind: 'individual', name: 'Okafor', firstName: '  ' },
      'firstName',
    );
  });

  describe('encounters', () => {
    const line = (over: Record<string, unknown> = {}) => ({
      code: '99213',
      units: 1,
      chargeCents: 12500,
      diagnosisPointers: [1],
      ...over,
    });
    const encounter = (over: Record<string, unknown> = {}) => ({
      ...refs,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'E11.65' }],
      procedures: [line()],
      ...over,
    });

    it('a date of service in year 0000 is a 400 naming dateOfService (PostgreSQL refused it, unlocated)', async () => {
      await expectRefused('/encounters', encounter({ dateOfService: '0000-01-01' }), 'dateOfService');
    });

    it('a date of service after today is a 400 naming dateOfService (a service not yet given is not billed)', async () => {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await expectRefused('/encounters', encounter({ dateOfService: tomorrow }), 'dateOfService');
      await expectRefused('/encounters', encounter({ dateOfService: '9999-12-31' }), 'dateOfService');
    });

    it('place of service must be a CMS code in use (the packaged list)', async () => {
      await expectRefused('/encounters', encounter({ placeOfService: '00' }), 'placeOfService');
      await expectRefused('/encounters', encounter({ placeOfService: '28' }), 'placeOfService'); // Unassigned
      expect((await post('/encounters', encounter({ placeOfService: '02' }))).status).toBe(201);
    });

    it('money: negative, 1e20 and over-the-cap charges are refused per line, and so is a claim total over the cap', async () => {
      await expectRefused(
        '/encounters',
        encounter({ procedures: [line({ chargeCents: -1 })] }),
        'procedures.0.chargeCents',
      );
      await expectRefused(
        '/encounters',
        encounter({ procedures: [line({ chargeCents: 1e20 })] }),
        'procedures.0.chargeCents',
      );
      await expectRefused(
        '/encounters',
        encounter({ procedures: [line({ chargeCents: MAX_CHARGE_CENTS + 1 })] }),
        'procedures.0.chargeCents',
      );
      await expectRefused(
        '/encounters',
        encounter({ procedures: [line({ chargeCents: MAX_CHARGE_CENTS }), line({ chargeCents: 1 })] }),
        'procedures',
      );
      expect(
        (await post('/encounters', encounter({ procedures: [line({ chargeCents: MAX_CHARGE_CENTS })] })))
          .status,
      ).toBe(201);
    });

    it('a malformed procedure code is a 400; a well-formed one the code set lacks is accepted with a warning', async () => {
      await expectRefused(
        '/encounters',
        encounter({ procedures: [line({ code: '9921X' })] }),
        'procedures.0.code',
      );
      const known = await post('/encounters', encounter());
      expect({ status: known.status, warnings: (known.body as { warnings?: unknown }).warnings }).toEqual({
        status: 201,
        warnings: [],
      });
      const unknown = await post('/encounters', encounter({ procedures: [line(), line({ code: 'q9999' })] }));
      expect(unknown.status).toBe(201);
      expect((unknown.body as { warnings?: unknown }).warnings).toEqual([
        { field: 'procedures.1.code', message: expect.stringContaining('Q9999 is not in the packaged') },
      ]);
    });
  });
});
