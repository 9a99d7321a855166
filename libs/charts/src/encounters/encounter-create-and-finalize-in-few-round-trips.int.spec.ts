import { withNpiCheckDigit } from '@revcycle/contracts';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { chartsServiceSpec } from '../charts.app';

/**
 * The encounter hot path counted in database round trips (every `pg` query the service sends while
 * the request runs, BEGIN and COMMIT included): create and finalize each take a handful, with the
 * audit entries in the transaction of the change. The relay's own statements (it reads and marks
 * the outbox after the commit, off the request) are not the request's and are left out.
 */
describe('an encounter is created and finalized in a handful of round trips', () => {
  let charts: ServiceUnderTest;
  const run = randomBytes(3).toString('hex');
  /** Each statement with the connection it went over. */
  const statements: Array<{ client: Client; text: string }> = [];
  const originalQuery = Client.prototype.query;
  let counting = false;

  const post = async (path: string, body?: unknown) => {
    counting = true;
    statements.length = 0;
    try {
      return await charts.call<{ id: string }>('POST', path, 'biller', body);
    } finally {
      counting = false;
    }
  };
  /**
   * The request's statements: each connection's stream cut into transactions (START … COMMIT or
   * ROLLBACK) and single statements; a piece that takes the relay's lock or reads or marks the
   * outbox (anything but an insert into it) is the relay's, woken by the commit.
   */
  const requestStatements = (): string[] => {
    const pieces = new Map<Client, string[][]>();
    for (const { client, text } of statements) {
      const own = pieces.get(client) ?? [];
      pieces.set(client, own);
      const open = own.at(-1);
      const inTransaction =
        open !== undefined &&
        /^START TRANSACTION/i.test(open[0]) &&
        !/^(COMMIT|ROLLBACK)/i.test(open.at(-1) ?? '');
      if (inTransaction) open.push(text);
      else own.push([text]);
    }
    // The relay's statements: its advisory lock, its read of unpublished rows, its marks (the
    // request's own outbox inserts are INSERT INTO … outbox, in whatever statement they sit).
    const relays = (piece: string[]) =>
      piece.some((s) =>
        /pg_try_advisory|pg_advisory_unlock|FROM "charts".outbox\s+WHERE|UPDATE "charts".outbox|inbox/i.test(
          s,
        ),
      );
    // A piece that starts with COMMIT ends a transaction begun before the request (the relay's).
    const before = (piece: string[]) => /^(COMMIT|ROLLBACK)/i.test(piece[0]);
    // One begun and not ended by the time the response came is not the request's either.
    const after = (piece: string[]) =>
      /^START TRANSACTION/i.test(piece[0]) && !/^(COMMIT|ROLLBACK)/i.test(piece.at(-1) ?? '');
    return [...pieces.values()]
      .flat()
      .filter((piece) => !relays(piece) && !before(piece) && !after(piece))
      .flat();
  };

  beforeAll(async () => {
    charts = await ServiceUnderTest.start(chartsServiceSpec);
    // Counts what the service sends (the test's own fetches do not touch pg).
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
        statements.push({ client: this, text: String(text) });
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  }, 120_000);
  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await charts.stop();
  }, 60_000);

  it('creates in 1 (was 14 with the audit transactions, then 4) and finalizes in 4 (was 17)', async () => {
    const payer = await post('/payers', { name: 'Round Trip Plan', payerId: `RT${run}` });
    const billing = await post('/providers', {
      npi: withNpiCheckDigit(`1${String(randomBytes(4).readUInt32BE() % 10 ** 8).padStart(8, '3')}`),
      kind: 'organization',
      name: 'Trip Clinic',
      taxId: '123456789',
      address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
    });
    const patient = await post('/patients', {
      mrn: `RT-${run}`,
      firstName: 'Ro',
      lastName: 'Trip',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    const coverage = await post(`/patients/${patient.body.id}/coverages`, {
      payerId: payer.body.id,
      memberId: `RT${run}`,
      relationship: 'self',
    });

    const created = await post('/encounters', {
      patientId: patient.body.id,
      coverageId: coverage.body.id,
      billingProviderId: billing.body.id,
      renderingProviderId: billing.body.id,
      dateOfService: '2026-10-05',
      placeOfService: '11',
      diagnoses: [{ code: 'E11.9' }],
      procedures: [{ code: '99213', units: 1, chargeCents: 14000, diagnosisPointers: [1] }],
    });
    expect(created.status).toBe(201);
    const createTrips = requestStatements();

    const finalized = await post(`/encounters/${created.body.id}/finalize`);
    expect(finalized.status).toBe(200);
    const finalizeTrips = requestStatements();

    process.stdout.write(
      `round trips: create ${createTrips.length}, finalize ${finalizeTrips.length}\n` +
        `create:\n  ${createTrips.map((s) => s.replace(/\s+/g, ' ').slice(0, 140)).join('\n  ')}\n` +
        `finalize:\n  ${finalizeTrips.map((s) => s.replace(/\s+/g, ' ').slice(0, 140)).join('\n  ')}\n`,
    );
    expect(createTrips.length).toBe(1);
    expect(finalizeTrips.length).toBe(4);
    expect(createTrips.join('\n')).toMatch(/INSERT INTO "charts".outbox/);
    expect(finalizeTrips.join('\n')).toMatch(/INSERT INTO "charts".outbox/);
  });
});
