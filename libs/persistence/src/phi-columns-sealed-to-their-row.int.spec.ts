import {
  PhiColumn,
  PhiKeyring,
  SealedPhi,
  configurePhiEncryption,
  phiColumnContext,
} from '@revcycle/security';
import { createCipheriv, randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { openServiceDataSource } from './data-source';
import { createTestDatabase, TestDatabase } from './test-database';

@Entity({ name: 'person' })
class Person {
  @PrimaryColumn('uuid') id!: string;
  @PhiColumn({ name: 'last_name' }) lastName!: string;
  @PhiColumn({ json: true, nullable: true }) address!: { line1: string; zip: string } | null;
  @Column({ type: 'text' }) status!: string;
}

class PersonTable1764000000001 implements MigrationInterface {
  name = 'PersonTable1764000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE charts.person (id uuid PRIMARY KEY, last_name text NOT NULL, address text, status text NOT NULL)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE charts.person`);
  }
}

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';

describe('PHI columns are sealed to their table, column and row', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const key = randomBytes(32).toString('base64');

  beforeAll(async () => {
    configurePhiEncryption(new PhiKeyring([{ id: 'default', keyBase64: key }], 'default'));
    db = await createTestDatabase();
    ds = await openServiceDataSource({
      url: db.url,
      schema: 'charts',
      entities: [Person],
      migrations: [PersonTable1764000000001],
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const raw = async (id: string) =>
    (await ds.query(`SELECT last_name, address FROM charts.person WHERE id = $1`, [id]))[0] as {
      last_name: string;
      address: string;
    };

  it('stores v2 ciphertext on save and insert, gives plain values back, and reads them again', async () => {
    const saved = await ds.getRepository(Person).save({
      id: ID_A,
      lastName: 'Quillfeather',
      address: { line1: '12 Elm', zip: '55401' },
      status: 'new',
    });
    expect(saved.lastName).toBe('Quillfeather');
    await ds.getRepository(Person).insert({ id: ID_B, lastName: 'Marrowby', address: null, status: 'new' });
    const stored = await raw(ID_A);
    expect(stored.last_name).toMatch(/^v2:default:/);
    expect(JSON.stringify(stored)).not.toMatch(/Quillfeather|12 Elm|55401/);
    expect(await ds.getRepository(Person).findOneByOrFail({ id: ID_A })).toMatchObject({
      lastName: 'Quillfeather',
      address: { line1: '12 Elm', zip: '55401' },
    });
    expect((await ds.getRepository(Person).findOneByOrFail({ id: ID_B })).address).toBeNull();
  });

  it('re-seals on update (save, and update with the primary key) and refuses an update without the row', async () => {
    const person = await ds.getRepository(Person).findOneByOrFail({ id: ID_A });
    person.lastName = 'Quillfeather-Ash';
    await ds.getRepository(Person).save(person);
    expect(person.lastName).toBe('Quillfeather-Ash');
    await ds.getRepository(Person).update({ id: ID_B }, { id: ID_B, lastName: 'Marrowby-Fen' });
    expect((await ds.getRepository(Person).findOneByOrFail({ id: ID_B })).lastName).toBe('Marrowby-Fen');
    expect((await raw(ID_B)).last_name).toMatch(/^v2:/);
    await expect(ds.getRepository(Person).update({ status: 'new' }, { lastName: 'Plain' })).rejects.toThrow(
      'without its row',
    );
    expect(JSON.stringify(await ds.query(`SELECT * FROM charts.person`))).not.toContain('Plain');
  });

  it('does not open a value copied from another row', async () => {
    await ds.query(
      `UPDATE charts.person SET last_name = (SELECT last_name FROM charts.person WHERE id = $1) WHERE id = $2`,
      [ID_A, ID_B],
    );
    await expect(ds.getRepository(Person).findOneByOrFail({ id: ID_B })).rejects.toThrow('does not open');
  });

  it('reads a v1 value written by the first release (no associated data)', async () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
    const data = Buffer.concat([cipher.update('Oldfield', 'utf8'), cipher.final()]);
    const v1 = `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
    await ds.query(`UPDATE charts.person SET last_name = $1 WHERE id = $2`, [v1, ID_B]);
    expect((await ds.getRepository(Person).findOneByOrFail({ id: ID_B })).lastName).toBe('Oldfield');
    expect(new SealedPhi(v1).stored).toBe(v1);
    expect(phiColumnContext('charts.person', 'last_name', ID_B)).toBe(
      `column:charts.person.last_name:${ID_B}`,
    );
  });
});
