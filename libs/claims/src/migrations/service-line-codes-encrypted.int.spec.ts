import { TestDatabase, createTestDatabase, migrateServiceSchema } from '@revcycle/persistence';
import { RunningService, bootstrapService } from '@revcycle/runtime';
import {
  DEFAULT_PHI_KEY_ID,
  PhiColumnSubscriber,
  PhiKeyring,
  configurePhiEncryption,
  generateTokenKeyPair,
  issueAccessToken,
  phiColumnContext,
  phiKeyring,
  privateTokenKey,
} from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Claim, ClaimParties } from '../claim/claim.entity';
import { claimsServiceSpec } from '../claims.app';
import { CLAIMS_DATABASE } from '../claims.module';
import { ServiceLineCodesEncrypted1764000000350 } from './1764000000350-service-line-codes-encrypted';

interface Line {
  claimId: string;
  lineNumber: number;
  procedureCode: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  diagnosisPointers: number[];
  dateOfService: string;
}
interface ClaimView {
  id: string;
  serviceLines: Line[];
}

const KEY = randomBytes(32).toString('base64');
/** More lines than one batch of the migration (500), over two claims. */
const MANY = 700;
const CODES = /99213|J1100|97110|99214/;

const parties: ClaimParties = {
  patient: {
    id: randomUUID(),
    mrn: 'SL-1',
    firstName: 'Lena',
    lastName: 'Linewise',
    dateOfBirth: '1968-03-03',
    sex: 'F',
    address: { line1: '3 Oak St', city: 'Madison', state: 'WI', postalCode: '53703' },
  },
  coverage: {
    id: randomUUID(),
    payer: { id: randomUUID(), name: 'Line Health', payerId: 'LIN01' },
    memberId: 'LN123456789',
    relationship: 'self',
    subscriber: { firstName: 'Lena', lastName: 'Linewise', dateOfBirth: '1968-03-03', sex: 'F' },
  },
  billingProvider: {
    id: randomUUID(),
    npi: '1234567893',
    name: 'Clinic',
    taxId: '123456789',
    address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
  },
  renderingProvider: { id: randomUUID(), npi: '1234567893', name: 'Okafor', firstName: 'Ada' },
} as ClaimParties;

const claimRow = (id: string, pcn: string): Partial<Claim> => ({
  id,
  patientControlNumber: pcn,
  encounterId: randomUUID(),
  patientId: parties.patient.id,
  payerId: parties.coverage.payer.id,
  claimType: 'professional',
  frequencyCode: '1',
  status: 'rejected',
  revision: 1,
  scrubbedAt: null,
  dateOfService: '2026-09-14',
  placeOfService: '11',
  totalChargeCents: 0,
  diagnoses: ['E1165', 'I10'],
  parties,
  fingerprint: null,
});

/**
 * The data migration that seals a service line's procedure code, modifiers and diagnosis pointers:
 * lines stored in clear before it (more than one batch) are sealed when the claims service boots on
 * that database, GET /claims and GET /claims/:id answer them exactly as before, no column of
 * claims.service_line holds a code any more, and lines written after are sealed too.
 */
describe('service line codes encrypted (data migration 1764000000350)', () => {
  let db: TestDatabase;
  let service: RunningService | undefined;
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-test-anchors-'));
  const tokenKeys = generateTokenKeyPair();
  const signingKey = privateTokenKey(tokenKeys.privateKey);
  const audience = `revcycle-test-${randomBytes(4).toString('hex')}`;
  const few = randomUUID();
  const many = randomUUID();
  const expectedFew: Line[] = [
    {
      claimId: few,
      lineNumber: 1,
      procedureCode: '99213',
      modifiers: ['25'],
      units: 1,
      chargeCents: 12_500,
      diagnosisPointers: [1, 2],
      dateOfService: '2026-09-14',
    },
    {
      claimId: few,
      lineNumber: 2,
      procedureCode: 'J1100',
      modifiers: [],
      units: 3,
      chargeCents: 900,
      diagnosisPointers: [2],
      dateOfService: '2026-09-15',
    },
  ];
  const expectedMany: Line[] = Array.from({ length: MANY }, (_, i) => ({
    claimId: many,
    lineNumber: i + 1,
    procedureCode: '97110',
    modifiers: ['GP', 'KX'],
    units: ((i + 1) % 4) + 1,
    chargeCents: 4_000,
    diagnosisPointers: [1],
    dateOfService: '2026-09-14',
  }));

  const call = async <T>(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const token = issueAccessToken({ id: 'test-biller', role: 'biller' }, signingKey, { audience });
    const response = await fetch(`${service!.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    configurePhiEncryption(new PhiKeyring([{ id: DEFAULT_PHI_KEY_ID, keyBase64: KEY }], DEFAULT_PHI_KEY_ID));
    db = await createTestDatabase();
    const at = CLAIMS_DATABASE.migrations.indexOf(ServiceLineCodesEncrypted1764000000350);
    expect(at).toBeGreaterThan(0);
    const before = await new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'claims',
      entities: CLAIMS_DATABASE.entities,
      migrations: CLAIMS_DATABASE.migrations.slice(0, at),
      migrationsTableName: 'migrations',
      subscribers: [PhiColumnSubscriber],
    }).initialize();
    try {
      await migrateServiceSchema(before, 'claims');
      // Only the columns the schema had before 350 (later migrations add more).
      await before
        .createQueryBuilder()
        .insert()
        .into(Claim, Object.keys(claimRow(few, 'RC0000000001')))
        .values([claimRow(few, 'RC0000000001'), claimRow(many, 'RC0000000002')])
        .execute();
      for (const l of expectedFew)
        await before.query(
          `INSERT INTO claims.service_line (claim_id, line_number, procedure_code, modifiers, units, charge_cents,
             diagnosis_pointers, date_of_service) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            l.claimId,
            l.lineNumber,
            l.procedureCode,
            l.modifiers,
            l.units,
            l.chargeCents,
            l.diagnosisPointers,
            l.dateOfService,
          ],
        );
      await before.query(
        `INSERT INTO claims.service_line (claim_id, line_number, procedure_code, modifiers, units, charge_cents,
           diagnosis_pointers, date_of_service)
         SELECT $1, n, '97110', '{GP,KX}', (n % 4) + 1, 4000, '{1}', '2026-09-14' FROM generate_series(1, $2) AS n`,
        [many, MANY],
      );
      // Positive control for the searches below: before the migration the lines hold the codes in clear.
      const clear = await before.query(`SELECT * FROM claims.service_line WHERE claim_id = $1`, [few]);
      expect(JSON.stringify(clear)).toMatch(/99213.*J1100/);
    } finally {
      await before.destroy();
    }
    // The new release boots on that database: its migrations run at start-up.
    service = await bootstrapService(claimsServiceSpec, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      AUTH_JWT_PUBLIC_KEY: tokenKeys.publicKey,
      AUTH_JWT_AUDIENCE: audience,
      PHI_ENCRYPTION_KEY: KEY,
      AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
      AUDIT_ANCHOR_DIR: anchorDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
  }, 120_000);

  afterAll(async () => {
    await service?.app.close();
    await db?.drop();
    fs.rmSync(anchorDir, { recursive: true, force: true });
  }, 60_000);

  const stored = async (claimId: string) => {
    const admin = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    try {
      return (await admin.query(
        `SELECT * FROM claims.service_line WHERE claim_id = $1 ORDER BY line_number`,
        [claimId],
      )) as Array<Record<string, unknown>>;
    } finally {
      await admin.destroy();
    }
  };

  it('GET /claims/:id and GET /claims answer the lines stored before the migration, exactly as before', async () => {
    const one = await call<ClaimView>('GET', `/claims/${few}`);
    expect(one.status).toBe(200);
    // Same values, same keys in the same order: the JSON the API answered before the migration.
    expect(JSON.stringify(one.body.serviceLines)).toBe(JSON.stringify(expectedFew));
    const other = await call<ClaimView>('GET', `/claims/${many}`);
    expect(JSON.stringify(other.body.serviceLines)).toBe(JSON.stringify(expectedMany));
    const list = await call<{ total: number; items: ClaimView[] }>(
      'GET',
      `/claims?patientId=${parties.patient.id}&limit=10`,
    );
    expect(list.body.total).toBe(2);
    const listed = new Map(list.body.items.map((c) => [c.id, JSON.stringify(c.serviceLines)]));
    expect(listed).toEqual(
      new Map([
        [few, JSON.stringify(expectedFew)],
        [many, JSON.stringify(expectedMany)],
      ]),
    );
  });

  it('no column of claims.service_line holds a procedure code, modifier or pointer in clear', async () => {
    const admin = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    try {
      const names = (await admin.query(`SELECT name FROM claims.migrations`)).map(
        (r: { name: string }) => r.name,
      );
      expect(names).toContain('ServiceLineCodesEncrypted1764000000350');
      const columns = await admin.query(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'claims' AND table_name = 'service_line' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual(
        expect.arrayContaining([
          { column_name: 'procedure_code', data_type: 'text' },
          { column_name: 'modifiers', data_type: 'text' },
          { column_name: 'diagnosis_pointers', data_type: 'text' },
        ]),
      );
      expect(columns.filter((c: { data_type: string }) => c.data_type === 'ARRAY')).toEqual([]);
    } finally {
      await admin.destroy();
    }
    const rows = [...(await stored(few)), ...(await stored(many))];
    expect(rows).toHaveLength(2 + MANY);
    for (const row of rows)
      for (const column of ['procedure_code', 'modifiers', 'diagnosis_pointers'])
        expect(row[column]).toMatch(/^v2:default:/);
    // Every column of every line: no spelling of the codes left.
    expect(JSON.stringify(rows)).not.toMatch(CODES);
    // Sealed to its row: line 1's procedure code copied onto line 2 does not open there.
    const [first] = rows;
    expect(() =>
      phiKeyring().decrypt(
        first['procedure_code'] as string,
        phiColumnContext('claims.service_line', 'procedure_code', `${few},2`),
      ),
    ).toThrow(/does not open/);
  });

  it('lines written after the migration (a correction) are sealed too and read back', async () => {
    const corrected = [
      { procedureCode: '99214', modifiers: ['25'], units: 1, chargeCents: 20_000, diagnosisPointers: [1, 2] },
    ];
    const r = await call<{ status: string }>('POST', `/claims/${few}/corrections`, {
      serviceLines: corrected,
    });
    expect(r.status).toBe(200);
    const rows = await stored(few);
    expect(rows).toHaveLength(1);
    expect(rows[0]['procedure_code']).toMatch(/^v2:default:/);
    expect(JSON.stringify(rows)).not.toMatch(CODES);
    const after = await call<ClaimView>('GET', `/claims/${few}`);
    expect(after.body.serviceLines).toEqual([
      { claimId: few, lineNumber: 1, ...corrected[0], dateOfService: '2026-09-14' },
    ]);
  });
});
