import { Body, Controller, Inject, Module, Post } from '@nestjs/common';
import { Public } from '@revcycle/security';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { acceptWellFormedRequests } from './json-body';
import { ProblemFilter } from './problem.filter';
import { validationPipe } from './validation';

const DB = 'problem-spec-db';

class NoteDto {
  @IsString() text!: string;
}

/** Each route runs one parameterized statement that PostgreSQL refuses with a given SQLSTATE. */
@Controller()
class RefusedStatements {
  constructor(@Inject(DB) private readonly db: DataSource) {}

  @Post('notes') @Public() note(@Body() dto: NoteDto) {
    return { text: dto.text };
  }
  @Post('unique') @Public() unique() {
    return this.insert(`INSERT INTO t.payer (payer_id, name) VALUES ('P1', 'x')`);
  }
  @Post('not-null') @Public() notNull() {
    return this.insert(`INSERT INTO t.payer (payer_id, name) VALUES ('P2', NULL)`);
  }
  @Post('range') @Public() range() {
    return this.insert(`INSERT INTO t.charge (charge_cents) VALUES ($1)`, ['100000000000000000000']);
  }
  @Post('syntax') @Public() syntax() {
    return this.insert(`INSERT INTO t.charge (payer_ref) VALUES ($1)`, ['not-a-uuid']);
  }
  @Post('date') @Public() date() {
    return this.insert(`INSERT INTO t.charge (date_of_service) VALUES ($1)`, ['2025-02-30']);
  }
  @Post('check') @Public() check() {
    return this.insert(`INSERT INTO t.charge (charge_cents) VALUES (-1)`);
  }
  @Post('foreign-key') @Public() foreignKey() {
    return this.insert(`INSERT INTO t.coverage (payer_id) VALUES ('NOPE')`);
  }
  @Post('too-long') @Public() tooLong() {
    return this.insert(`INSERT INTO t.coverage (payer_id, group_number) VALUES ('P1', $1)`, ['x'.repeat(40)]);
  }
  @Post('nul') @Public() nul() {
    return this.insert(`INSERT INTO t.payer (payer_id, name) VALUES ('P9', $1)`, ['a\u0000b']);
  }
  @Post('crash') @Public() crash() {
    throw new Error('secret internals');
  }

  private async insert(sql: string, params: unknown[] = []) {
    await this.db.query(sql, params);
    return {};
  }
}

describe('bad request bodies and refused statements answer as problems, never 500', () => {
  let database: TestDatabase;
  let db: DataSource;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await db.query(`CREATE SCHEMA t;
      CREATE TABLE t.payer (payer_id text PRIMARY KEY, name text NOT NULL);
      CREATE TABLE t.charge (charge_cents integer CONSTRAINT charge_not_negative CHECK (charge_cents >= 0),
        payer_ref uuid, date_of_service date);
      CREATE TABLE t.coverage (payer_id text REFERENCES t.payer (payer_id), group_number varchar(30));
      INSERT INTO t.payer VALUES ('P1', 'First Plan');`);
    @Module({
      controllers: [RefusedStatements],
      providers: [
        { provide: DB, useValue: db },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    })
    class ProblemSpecApp {}
    app = await NestFactory.create<NestExpressApplication>(ProblemSpecApp, {
      bodyParser: false,
      logger: false,
    });
    acceptWellFormedRequests(app, 100 * 1024);
    app.useGlobalPipes(validationPipe());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    await database?.drop();
  });

  async function post(path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers, body });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
  const json = { 'content-type': 'application/json' };

  it.each([
    ['malformed JSON', 400, '{"text": ', json, /malformed JSON/],
    ['a bare JSON string (not an object or array)', 400, '"hello"', json, /malformed JSON/],
    ['a 200 KB body', 413, JSON.stringify({ text: 'x'.repeat(200 * 1024) }), json, /102400-byte limit/],
    [
      'charset=latin1',
      415,
      '{"text":"caf\xe9"}',
      { 'content-type': 'application/json; charset=latin1' },
      /utf-8/,
    ],
    ['utf-16', 415, '{"text":"a"}', { 'content-type': 'application/json; charset=utf-16' }, /utf-8/],
    [
      'a form-encoded body',
      415,
      'text=hello',
      { 'content-type': 'application/x-www-form-urlencoded' },
      /application\/json/,
    ],
    ['text/plain', 415, '{"text":"a"}', { 'content-type': 'text/plain' }, /application\/json/],
    ['a gzip-encoded body', 415, '{"text":"a"}', { ...json, 'content-encoding': 'gzip' }, /Content-Encoding/],
    ['an empty body', 400, undefined, json, /validation failed/],
    ['a wrong type', 400, '{"text": 5}', json, /validation failed/],
    ['a JSON array where an object is expected', 400, '[{"text":"a"}]', json, /validation failed/],
    [
      'arrays nested 5000 deep',
      400,
      `{"text":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      json,
      /nested deeper/,
    ],
  ])('%s → %i', async (_what, status, body, headers, message) => {
    const r = await post('/notes', body, headers);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.stringMatching(message),
    });
    const shape = ['statusCode', 'error', 'message', 'errors'];
    expect(Object.keys(r.body).filter((key) => !shape.includes(key))).toEqual([]);
  });

  it.each([
    ['/notes%00', /control characters/],
    ['/notes?text=a%0Ab', /control characters/],
    [`/${'x'.repeat(201)}`, /more than 200 characters/],
  ])('the target %s → 400', async (path, message) => {
    const r = await post(path, '{"text":"a"}', json);
    expect(r).toMatchObject({
      status: 400,
      body: { statusCode: 400, message: expect.stringMatching(message) },
    });
  });

  it('names the body itself when it is an array, not its indexes', async () => {
    for (const [body, kind] of [
      ['[1,2]', 'an array'],
      ['[]', 'an array'],
    ]) {
      const r = await post('/notes', body, json);
      expect(r).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'validation failed',
          errors: [{ field: '(body)', messages: [`the body must be a JSON object, not ${kind}`] }],
        },
      });
    }
  });

  it('accepts UTF-8 JSON with or without the charset parameter', async () => {
    expect(await post('/notes', '{"text":"café"}', json)).toEqual({ status: 201, body: { text: 'café' } });
    const utf8 = await post('/notes', '{"text":"x"}', {
      'content-type': 'application/json; charset="UTF-8"',
    });
    expect(utf8.status).toBe(201);
  });

  it.each([
    ['/unique', 409, 'payerId'],
    ['/not-null', 400, 'name'],
    ['/range', 400, undefined],
    ['/syntax', 400, undefined],
    ['/date', 400, undefined],
    ['/check', 400, undefined],
    ['/foreign-key', 400, 'payerId'],
    ['/too-long', 400, undefined],
    ['/nul', 400, undefined],
  ])('PostgreSQL refusing %s → %i naming the field', async (path, status, field) => {
    const r = await post(path);
    expect(r.status).toBe(status);
    expect(r.body['statusCode']).toBe(status);
    if (field) expect(r.body['errors']).toEqual([{ field, messages: [expect.any(String)] }]);
    // The refused value never comes back (it may be PHI).
    expect(JSON.stringify(r.body)).not.toMatch(/NOPE|not-a-uuid|2025-02-30|100000000000000000000|xxxxxxxx/);
  });

  it('an unexpected error is a bare 500 without internals', async () => {
    expect(await post('/crash')).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' },
    });
  });
});
