import { TestDatabase, createTestDatabase, migrateServiceSchema } from '@revcycle/persistence';
import {
  PhiColumnSubscriber,
  PhiKeyring,
  configurePhiEncryption,
  phiColumnContext,
  phiKeyring,
} from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CODING_DATABASE } from '../coding.module';
import { WorkItemProblemsEncrypted1764000000210 } from './1764000000210-work-item-problems-encrypted';

/** The data migration that seals a coding work item's problems (they name the patient's diagnoses). */
describe('work item problems encrypted (data migration 1764000000210)', () => {
  let db: TestDatabase;
  const open = (migrations: DataSource['options']['migrations']) =>
    new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'coding',
      entities: CODING_DATABASE.entities,
      migrations,
      migrationsTableName: 'migrations',
      subscribers: [PhiColumnSubscriber],
    }).initialize();

  beforeAll(async () => {
    configurePhiEncryption(
      new PhiKeyring([{ id: 'k1', keyBase64: randomBytes(32).toString('base64') }], 'k1'),
    );
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('a work item queued before the migration opens after it, and its problems are no longer in clear', async () => {
    const before = await open(
      CODING_DATABASE.migrations.filter((m) => m !== WorkItemProblemsEncrypted1764000000210),
    );
    await migrateServiceSchema(before, 'coding');
    const id = randomUUID();
    const problems = [
      {
        field: 'diagnoses[0].code',
        code: 'M545',
        problem: 'icd-header',
        message: 'M54.5 is a category header',
      },
    ];
    await before.query(
      `INSERT INTO coding.work_item (id, encounter_id, patient_id, payer_id, date_of_service, encounter, problems, status)
       VALUES ($1, $2, $3, $4, '2026-09-14', $5, $6, 'open')`,
      [
        id,
        randomUUID(),
        randomUUID(),
        randomUUID(),
        phiKeyring().encrypt('{"diagnoses":[]}', phiColumnContext('coding.work_item', 'encounter', id)),
        JSON.stringify(problems),
      ],
    );
    expect(JSON.stringify(await before.query(`SELECT problems FROM coding.work_item`))).toMatch(/M54\.5/);
    await before.destroy();

    const after = await open(CODING_DATABASE.migrations);
    try {
      expect(await migrateServiceSchema(after, 'coding')).toEqual(['WorkItemProblemsEncrypted1764000000210']);
      const [row] = await after.query(`SELECT * FROM coding.work_item WHERE id = $1`, [id]);
      expect(row.problems).toMatch(/^v2:k1:/);
      expect(JSON.stringify(row)).not.toMatch(/M545|M54\.5/);
      expect((await after.getRepository('CodingWorkItem').findOneByOrFail({ id }))['problems']).toEqual(
        problems,
      );
    } finally {
      await after.destroy();
    }
  });
});
