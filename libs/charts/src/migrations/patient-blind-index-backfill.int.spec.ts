import { messagingTablesMigration } from '@revcycle/messaging';
import { TestDatabase, createTestDatabase, migrateServiceSchema } from '@revcycle/persistence';
import {
  blindIndex,
  configureBlindIndex,
  configurePhiEncryption,
  PhiColumnSubscriber,
  PhiKeyring,
  phiColumnContext,
  phiKeyring,
} from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CHARTS_ENTITIES, CHARTS_MIGRATIONS } from '../charts.module';
import { ChartsTables1764000000100 } from './1764000000100-charts-tables';

/** The data migration that gives patients stored before search their blind indexes. */
const seal = (id: string, column: string, plain: string) =>
  phiKeyring().encrypt(plain, phiColumnContext('charts.patient', column, id));

describe('patient blind-index backfill (data migration)', () => {
  let db: TestDatabase;
  const open = (migrations: DataSource['options']['migrations']) =>
    new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'charts',
      entities: CHARTS_ENTITIES,
      migrations,
      migrationsTableName: 'migrations',
      subscribers: [PhiColumnSubscriber],
    }).initialize();

  beforeAll(async () => {
    const key = randomBytes(32).toString('base64');
    configurePhiEncryption(new PhiKeyring([{ id: 'default', keyBase64: key }], 'default'));
    configureBlindIndex(key);
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('indexes every existing patient, flags pre-existing duplicate MRNs, then enforces one per MRN', async () => {
    const before = await open([messagingTablesMigration('charts'), ChartsTables1764000000100]);
    await migrateServiceSchema(before, 'charts');
    const stored = [
      {
        id: randomUUID(),
        mrn: 'mrn-7',
        firstName: 'José',
        lastName: 'Núñez',
        dob: '1980-04-12',
        at: '2025-01-01',
      },
      {
        id: randomUUID(),
        mrn: ' MRN-7',
        firstName: 'Ana',
        lastName: 'Ruiz',
        dob: '1991-02-03',
        at: '2025-02-01',
      },
      {
        id: randomUUID(),
        mrn: 'MRN-8',
        firstName: 'Li',
        lastName: 'Wei',
        dob: '1975-12-31',
        at: '2025-03-01',
      },
    ];
    for (const p of stored)
      await before.query(
        `INSERT INTO charts.patient (id, mrn, first_name, last_name, date_of_birth, sex, address, created_at)
         VALUES ($1, $2, $3, $4, $5, 'F', $6, $7)`,
        [
          p.id,
          seal(p.id, 'mrn', p.mrn),
          seal(p.id, 'first_name', p.firstName),
          seal(p.id, 'last_name', p.lastName),
          seal(p.id, 'date_of_birth', p.dob),
          seal(
            p.id,
            'address',
            JSON.stringify({ line1: '1 A St', city: 'Madison', state: 'WI', postalCode: '53703' }),
          ),
          p.at,
        ],
      );
    await before.destroy();

    const after = await open(CHARTS_MIGRATIONS);
    expect(await migrateServiceSchema(after, 'charts')).toEqual([
      'PatientBlindIndexColumns1764000000120',
      'PatientBlindIndexBackfill1764000000121',
      'PatientBlindIndexConstraints1764000000122',
      'EncounterCodesEncrypted1764000000150',
      'EncounterSecondaryCoverage1764000000160',
      'InboxRetentionIndexCharts1764000000900',
      'DeadLettersCharts1764000000910',
    ]);
    const rows = await after.query(
      `SELECT id, mrn_index, first_name_index, last_name_index, date_of_birth_index, mrn_legacy_duplicate
       FROM charts.patient ORDER BY created_at`,
    );
    const index = blindIndex();
    expect(rows).toEqual(
      stored.map((p, i) => ({
        id: p.id,
        mrn_index: index.digest('mrn', p.mrn),
        first_name_index: index.digest('firstName', p.firstName),
        last_name_index: index.digest('lastName', p.lastName),
        date_of_birth_index: index.digest('dateOfBirth', p.dob),
        mrn_legacy_duplicate: i === 1,
      })),
    );
    expect(rows[0].mrn_index).toBe(rows[1].mrn_index);
    expect(rows[0].last_name_index).toBe(index.digest('lastName', 'NUNEZ'));

    const insert = (mrn: string) =>
      after.query(
        `INSERT INTO charts.patient (id, mrn, first_name, last_name, date_of_birth, sex, address,
           mrn_index, first_name_index, last_name_index, date_of_birth_index)
         VALUES ($1, 'x', 'x', 'x', 'x', 'U', 'x', $2, 'f', 'l', 'd')`,
        [randomUUID(), index.digest('mrn', mrn)],
      );
    await expect(insert('Mrn-7')).rejects.toThrow(/patient_mrn_unique/);
    await expect(insert('MRN-8')).rejects.toThrow(/patient_mrn_unique/);
    await expect(insert('MRN-9')).resolves.toBeDefined();
    await expect(
      after.query(
        `INSERT INTO charts.patient (id, mrn, first_name, last_name, date_of_birth, sex, address)
        VALUES ($1, 'x', 'x', 'x', 'x', 'U', 'x')`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/null value in column "mrn_index"/);
    await after.destroy();
  });
});
