import { Controller, ExecutionContext, Get, INestApplication, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import {
  ACCESS_TOKEN_VERIFIER,
  AccessGuard,
  HasPermission,
  Public,
  REFUSED_ACCESS_SINK,
  RefusedAccess,
  RefusedAccessSink,
} from './access.guard';
import { AccessTokenVerifier, issueAccessToken } from './access-token';
import { permissions } from './permissions';
import { generateTokenKeyPair, privateTokenKey, publicTokenKey } from './token-keys';

const pair = generateTokenKeyPair();
const policy = { issuer: 'revcycle', audience: 'sink-spec', maxLifetimeSeconds: 3600 };
const bearer = (role: 'finance' | 'compliance') =>
  `Bearer ${issueAccessToken({ id: `u-${role}`, role }, privateTokenKey(pair.privateKey), { audience: 'sink-spec', ttlSeconds: 600 })}`;

@Controller()
class AuditController {
  @Get('audit')
  @HasPermission(permissions.readAudit)
  audit() {
    return { items: [] };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

/** What the sink heard, and whether it should throw (a broken audit must not change the answer). */
class HeardRefusals implements RefusedAccessSink {
  readonly heard: Array<RefusedAccess & { handler: string }> = [];
  broken = false;
  refused(context: ExecutionContext, refusal: RefusedAccess): void {
    if (this.broken) throw new Error('audit down');
    this.heard.push({ ...refusal, handler: context.getHandler().name });
  }
}

describe('the access guard tells the refusal sink of every 401 and 403', () => {
  const sink = new HeardRefusals();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    @Module({
      controllers: [AuditController],
      providers: [
        {
          provide: ACCESS_TOKEN_VERIFIER,
          useValue: new AccessTokenVerifier(publicTokenKey(pair.publicKey), policy),
        },
        { provide: REFUSED_ACCESS_SINK, useValue: sink },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    })
    class SinkModule {}
    app = await NestFactory.create(SinkModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  const status = async (path: string, authorization?: string) =>
    (await fetch(`${url}${path}`, { headers: authorization ? { authorization } : {} })).status;

  it('with the verified principal on a 403, without one on a 401, and nothing when admitted', async () => {
    expect(await status('/audit')).toBe(401);
    expect(await status('/audit', 'Bearer forged.token.here')).toBe(401);
    expect(await status('/audit', bearer('finance'))).toBe(403);
    expect(await status('/audit', bearer('compliance'))).toBe(200);
    expect(await status('/open')).toBe(200);
    expect(sink.heard).toEqual([
      { status: 401, principal: undefined, handler: 'audit' },
      { status: 401, principal: undefined, handler: 'audit' },
      { status: 403, principal: { id: 'u-finance', role: 'finance' }, handler: 'audit' },
    ]);
  });

  it('answers the same when the sink throws', async () => {
    sink.broken = true;
    expect(await status('/audit')).toBe(401);
    expect(await status('/audit', bearer('finance'))).toBe(403);
  });
});
