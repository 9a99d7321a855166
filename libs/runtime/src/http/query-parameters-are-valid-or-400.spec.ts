import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Public } from '@revcycle/security';
import { ApiPage, Page, PageRequest } from './page';
import { ProblemFilter } from './problem.filter';
import { QueryInt, QueryOneOf, QueryText, QueryTimestamp, QueryUuid } from './query';
import { QuerySort, SortOf, listSort } from './sort';
import { validationPipe } from './validation';

const THING_SORTS = listSort(
  { 'created-at': 't.created_at', charge: 't.charge_cents' },
  { default: '-created-at', tieBreaker: 't.id' },
);

@Controller('things')
class Things {
  @Get()
  @Public()
  @ApiPage()
  list(
    @QueryUuid('patientId') patientId: string | undefined,
    @QueryOneOf('status', ['open', 'closed'] as const) status: string | undefined,
    @QueryInt('maxAgeDays', { min: 0, max: 36500 }) maxAgeDays: number | undefined,
    @QueryTimestamp('from') from: string | undefined,
    @QueryText('editId', { maxLength: 10, pattern: /^[A-Z_]+$/ }) editId: string | undefined,
    @QuerySort(THING_SORTS) sort: SortOf<typeof THING_SORTS> | undefined,
    @Page() page: PageRequest,
  ) {
    return { patientId, status, maxAgeDays, from, editId, sort, page };
  }
}

@Module({ controllers: [Things], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
class QuerySpecApp {}

describe('query parameters are valid or a 400 naming them (no clamp)', () => {
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(QuerySpecApp, { logger: false });
    app.useGlobalPipes(validationPipe());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const get = async (query: string) => {
    const r = await fetch(`${url}/things?${query}`);
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=1e2', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=99999999999999', 'offset'],
    ['limit=10&limit=20', 'limit'],
    ['maxAgeDays=99999999', 'maxAgeDays'],
    ['maxAgeDays=1.5', 'maxAgeDays'],
    ['maxAgeDays=%201', 'maxAgeDays'],
    ['status=nonsense', 'status'],
    ['patientId=not-a-uuid', 'patientId'],
    ['patientId=00000000-0000-4000-8000-00000000000', 'patientId'],
    ['from=2025-02-30', 'from'],
    ['from=2025-13-01', 'from'],
    ['from=2025-02-28T25:00:00Z', 'from'],
    ['from=2025-02-28T10:00:00', 'from'],
    ['from=yesterday', 'from'],
    ['from=99999-01-01', 'from'],
    ['editId=lower_case', 'editId'],
    ['editId=TOO_LONG_FOR_TEN', 'editId'],
    ['sort=t.id', 'sort'],
    ['sort=--charge', 'sort'],
    ['sort=charge%20DESC', 'sort'],
    ['sort=Charge', 'sort'],
    ['sort=charge&sort=-charge', 'sort'],
  ])('?%s → 400 naming %s', async (query, field) => {
    const r = await get(query);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request', errors: [{ field }] });
  });

  it('reads valid values as typed values, and absent ones as the defaults', async () => {
    const ok = await get(
      'patientId=4F1C2A7E-0000-4000-8000-000000000001&status=open&maxAgeDays=30' +
        '&from=2025-02-28&editId=NCCI_PTP&sort=-charge&limit=500&offset=1000',
    );
    expect(ok).toEqual({
      status: 200,
      body: {
        patientId: '4f1c2a7e-0000-4000-8000-000000000001',
        status: 'open',
        maxAgeDays: 30,
        from: '2025-02-28T00:00:00.000Z',
        editId: 'NCCI_PTP',
        sort: '-charge',
        page: { limit: 500, offset: 1000 },
      },
    });
    expect((await get('from=2025-02-28T10:00:00%2B02:00')).body['from']).toBe('2025-02-28T08:00:00.000Z');
    expect((await get('')).body).toEqual({ page: { limit: 50, offset: 0 } });
  });

  it('documents each parameter in OpenAPI with the rule it enforces', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const parameters = doc.paths['/things']!.get!.parameters as Array<{ name: string; schema: object }>;
    const byName = Object.fromEntries(parameters.map((p) => [p.name, p.schema]));
    expect(byName).toMatchObject({
      patientId: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['open', 'closed'] },
      maxAgeDays: { type: 'integer', minimum: 0, maximum: 36500 },
      from: { type: 'string', format: 'date-time' },
      editId: { type: 'string', maxLength: 10, pattern: '^[A-Z_]+$' },
      sort: { type: 'string', enum: ['created-at', '-created-at', 'charge', '-charge'] },
      limit: { type: 'integer', minimum: 1, maximum: 500 },
      offset: { type: 'integer', minimum: 0 },
    });
  });

  it('sorts by the whitelisted column either way, the default without ?sort=, the id breaking ties', () => {
    expect(THING_SORTS.sql('charge')).toBe('t.charge_cents ASC, t.id ASC');
    expect(THING_SORTS.sql('-charge')).toBe('t.charge_cents DESC, t.id DESC');
    expect(THING_SORTS.sql()).toBe('t.created_at DESC, t.id DESC');
    expect(() => THING_SORTS.order('t.id; DROP TABLE x' as 'charge')).toThrow();
  });
});
