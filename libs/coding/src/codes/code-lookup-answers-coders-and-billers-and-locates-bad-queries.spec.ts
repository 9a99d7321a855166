import { INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemFilter, validationPipe } from '@revcycle/runtime';
import {
  ACCESS_TOKEN_VERIFIER,
  AccessGuard,
  AccessTokenVerifier,
  Principal,
  generateTokenKeyPair,
  issueAccessToken,
  privateTokenKey,
  publicTokenKey,
} from '@revcycle/security';
import { CodeLookupController } from './code-lookup.controller';

const pair = generateTokenKeyPair();
const policy = { issuer: 'revcycle', audience: 'code-lookup-spec', maxLifetimeSeconds: 3600 };
const bearer = (role: Principal['role']) =>
  `Bearer ${issueAccessToken({ id: `u-${role}`, role }, privateTokenKey(pair.privateKey), {
    audience: 'code-lookup-spec',
    ttlSeconds: 600,
  })}`;

@Module({
  controllers: [CodeLookupController],
  providers: [
    {
      provide: ACCESS_TOKEN_VERIFIER,
      useValue: new AccessTokenVerifier(publicTokenKey(pair.publicKey), policy),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
class CodeLookupSpecModule {}

describe('GET /coding/codes: code look-up for coders and billers', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(CodeLookupSpecModule, { logger: false });
    app.useGlobalPipes(validationPipe());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const get = async (query: string, role: Principal['role'] | null = 'coder') => {
    const r = await fetch(`${url}/coding/codes?${query}`, {
      headers: role ? { authorization: bearer(role) } : {},
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  it('answers a coder and a biller with one page of codes, its total and the release', async () => {
    for (const role of ['coder', 'biller', 'admin'] as const) {
      const r = await get('system=icd10cm&q=E11.65&limit=5', role);
      expect(r).toEqual({
        status: 200,
        body: {
          total: 1,
          release: 'ICD-10-CM FY2026',
          items: [
            {
              system: 'icd10cm',
              code: 'E11.65',
              description: expect.stringMatching(/hyperglycemia/i),
              billable: true,
              effectiveFrom: '2025-10-01',
              effectiveTo: '2026-09-30',
            },
          ],
        },
      });
    }
    const words = await get('system=hcpcs&q=influenza%20vaccine&limit=3&offset=0');
    expect(words.status).toBe(200);
    expect((words.body['items'] as unknown[]).length).toBeGreaterThan(0);
  });

  it.each([
    ['q=E11', 'system'],
    ['system=snomed', 'system'],
    ['system=icd10cm&system=cpt', 'system'],
    ['system=icd10cm&q=%3Cscript%3E', 'q'],
    [`system=icd10cm&q=${'a'.repeat(101)}`, 'q'],
    ['system=icd10cm&limit=0', 'limit'],
    ['system=icd10cm&limit=501', 'limit'],
    ['system=icd10cm&offset=-1', 'offset'],
  ])('?%s → 400 naming %s', async (query, field) => {
    const r = await get(query);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, errors: [{ field }] });
  });

  it('needs a token, and a role that may look codes up (finance and compliance may not)', async () => {
    expect((await get('system=cpt', null)).status).toBe(401);
    for (const role of ['finance', 'compliance'] as const) {
      const r = await get('system=cpt', role);
      expect([role, r.status, r.body['message']]).toEqual([role, 403, `role ${role} lacks code:read`]);
    }
  });

  it('is in the OpenAPI document with its required system and typed answer', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const op = doc.paths['/coding/codes']?.get;
    expect(op?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'system', required: true }),
        expect.objectContaining({ name: 'q', required: false }),
        expect.objectContaining({ name: 'limit' }),
      ]),
    );
    expect(JSON.stringify(op?.responses['200'])).toContain('CodeLookupPageResponse');
  });
});
