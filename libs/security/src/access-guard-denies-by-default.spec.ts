import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ACCESS_TOKEN_VERIFIER, AccessGuard, HasPermission, Public } from './access.guard';
import { AccessTokenVerifier, Principal, issueAccessToken } from './access-token';
import { CurrentPrincipal } from './current-principal.decorator';
import { permissions } from './permissions';
import { generateTokenKeyPair, privateTokenKey, publicTokenKey } from './token-keys';

const pair = generateTokenKeyPair();
const signing = privateTokenKey(pair.privateKey);
const policy = { issuer: 'revcycle', audience: 'guard-spec', maxLifetimeSeconds: 3600 };
const token = (role: Principal['role'], extra: { audience?: string; ttlSeconds?: number } = {}) =>
  issueAccessToken({ id: `u-${role}`, role }, signing, { audience: 'guard-spec', ttlSeconds: 600, ...extra });

@Controller()
class SampleController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('claims')
  @HasPermission(permissions.readClaim)
  claims(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }

  @Get('rules')
  @HasPermission(permissions.manageReferenceData)
  rules() {
    return { rules: [] };
  }

  // Deliberately undecorated (the lint rule would refuse this in the apps): the guard must refuse it.
  @Get('forgotten')
  // eslint-disable-next-line revcycle/require-access-decorator
  forgotten() {
    return { phi: 'would leak' };
  }
}

@Module({
  controllers: [SampleController],
  providers: [
    {
      provide: ACCESS_TOKEN_VERIFIER,
      useValue: new AccessTokenVerifier(publicTokenKey(pair.publicKey), policy),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
class SampleModule {}

describe('the access guard over real HTTP', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(SampleModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  const get = async (path: string, authorization?: string) => {
    const r = await fetch(`${url}${path}`, { headers: authorization ? { authorization } : {} });
    return { status: r.status, body: (await r.json()) as { message?: string; principal?: Principal } };
  };

  it('lets a public handler through without a token', async () => {
    expect(await get('/open')).toEqual({ status: 200, body: { open: true } });
  });

  it('refuses a handler that declares no permission, even to an admin (deny by default)', async () => {
    const r = await get('/forgotten', `Bearer ${token('admin')}`);
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('this endpoint declares no permission');
  });

  it('sets the principal for a role that holds the permission; the scheme is case-insensitive', async () => {
    expect(await get('/claims', `bearer ${token('coder')}`)).toEqual({
      status: 200,
      body: { principal: { id: 'u-coder', role: 'coder' } },
    });
  });

  it('is 403 naming the role and permission when the role lacks it', async () => {
    const r = await get('/rules', `Bearer ${token('biller')}`);
    expect(r).toEqual({
      status: 403,
      body: expect.objectContaining({ message: 'role biller lacks reference:manage' }),
    });
  });

  const nullHeader = `${Buffer.from('null').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`;
  it.each([
    ['no header', undefined, 'a bearer token is required'],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, 'a bearer token is required'],
    ['an empty bearer', 'Bearer ', 'a bearer token is required'],
    ['garbage', 'Bearer garbage', 'malformed token'],
    ['a JWT whose header is null', `Bearer ${nullHeader}`, 'malformed token: header is not a JSON object'],
    [
      'another deployment',
      `Bearer ${token('coder', { audience: 'clinic-b' })}`,
      'token has the wrong audience',
    ],
    [
      'a lifetime over the maximum',
      `Bearer ${token('coder', { ttlSeconds: 7200 })}`,
      'token lifetime exceeds 3600 s',
    ],
  ])('is 401 with the reason for %s', async (_case, authorization, message) => {
    const r = await get('/claims', authorization);
    expect(r).toEqual({ status: 401, body: expect.objectContaining({ message }) });
  });
});
