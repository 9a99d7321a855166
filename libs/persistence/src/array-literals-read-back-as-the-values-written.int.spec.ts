import { Client } from 'pg';
import { numberArrayLiteral, textArrayLiteral } from './array-literal';
import { TestDatabase, createTestDatabase } from './test-database';

describe('array literals', () => {
  let database: TestDatabase;
  let db: Client;
  beforeAll(async () => {
    database = await createTestDatabase(process.env['DATABASE_URL']!);
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('read back as the values written: quotes, backslashes, commas, braces, NULL, empty', async () => {
    const text = [
      'plain',
      '',
      'NULL',
      'a,b',
      '{x}',
      'say "hi"',
      'back\\slash',
      ' sp ',
      null,
      'é ü',
      undefined,
    ];
    const { rows } = await db.query(`SELECT $1::text[] AS t`, [textArrayLiteral(text)]);
    expect(rows[0].t).toEqual(text.map((v) => v ?? null));
  });

  it('carry JSON text into jsonb[] and numbers into bigint[] and numeric[]', async () => {
    const json = [JSON.stringify([{ group: 'CO', reason: '45', note: 'a "b" \\ c' }]), '[]', null];
    const { rows } = await db.query(
      `SELECT $1::jsonb[] AS j, $2::bigint[] AS b, $3::numeric[]::text[] AS n, $4::text[] AS e`,
      [
        textArrayLiteral(json),
        numberArrayLiteral([1, -2, null, 9007199254740991]),
        numberArrayLiteral([1.5, 0]),
        textArrayLiteral([]),
      ],
    );
    expect(rows[0].j).toEqual([[{ group: 'CO', reason: '45', note: 'a "b" \\ c' }], [], null]);
    expect(rows[0].b).toEqual(['1', '-2', null, '9007199254740991']);
    expect(rows[0].n).toEqual(['1.5', '0']);
    expect(rows[0].e).toEqual([]);
  });

  it('refuse what is not a finite number', () => {
    expect(() => numberArrayLiteral([Number.NaN])).toThrow(TypeError);
    expect(() => numberArrayLiteral(['1' as unknown as number])).toThrow(TypeError);
  });
});
