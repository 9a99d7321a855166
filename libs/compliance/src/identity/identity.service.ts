import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sameSecret, sessionDigest } from '@revcycle/identity';
import { AuditTrail, ENVIRONMENT, Environment } from '@revcycle/runtime';
import { CSRF_HEADER, CookieRequest, Principal, SessionAuthenticator, SessionGate } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { LiveSession, PortalSessions } from './portal-sessions';
import { SecondFactor } from './second-factor';
import { UserAccounts } from './user-accounts';

/** How often idle and outlived sessions are ended and audited. */
const SWEEP_MS = 60_000;

/** RFC 9110 §9.2.1: the methods that change nothing; every other one must prove it comes from the portal. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const header = (request: CookieRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The portal's identity at the Nest edge: the accounts, sessions and second factor of the compliance
 * schema, and the authenticator the access guard asks about a session cookie — so every endpoint's
 * @HasPermission holds for a signed-in person exactly as for a bearer token with the same role.
 */
@Injectable()
export class IdentityService implements SessionAuthenticator, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdentityService');
  private sweep?: NodeJS.Timeout;
  readonly accounts: UserAccounts;
  readonly sessions: PortalSessions;
  readonly secondFactor: SecondFactor;

  constructor(
    @InjectDataSource('compliance') private readonly db: DataSource,
    @Inject(ENVIRONMENT) readonly env: Environment,
    audit: AuditTrail,
    private readonly gate: SessionGate,
  ) {
    const p = env.portal;
    this.accounts = new UserAccounts(db, audit, {
      maxFailures: p.lockoutFailures,
      lockMinutes: p.lockoutMinutes,
    });
    this.sessions = new PortalSessions(db, {
      idleMinutes: p.sessionIdleMinutes,
      maxHours: p.sessionMaxHours,
    });
    this.secondFactor = new SecondFactor(db, p.totpIssuer);
  }

  onModuleInit(): void {
    this.gate.use(this);
    this.sweep = setInterval(() => {
      this.expireSessions().catch((err: Error) =>
        this.logger.warn(`automatic logoff sweep failed: ${err.message}`),
      );
    }, SWEEP_MS);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  /**
   * Automatic logoff of the sessions no request will end (a browser left open, then closed): ended
   * and audited as their person's sign-out, each once. Runs every minute; returns how many it ended.
   */
  async expireSessions(): Promise<number> {
    const p = this.env.portal;
    const policy = { idleMinutes: p.sessionIdleMinutes, maxHours: p.sessionMaxHours };
    return this.db.transaction(async (m) => {
      const expired = await this.sessions.expire(m);
      await this.accounts.auditAutomaticLogoff(expired, policy, m);
      return expired.length;
    });
  }

  /** The guard's question: an active session (any step left undone is not signed in) and, if unsafe, its CSRF proof. */
  async authenticate(secret: string, request: CookieRequest): Promise<Principal> {
    const session = await this.liveSession(secret, request);
    if (session.stage !== 'active')
      throw new UnauthorizedException(`finish signing in first (${session.stage})`);
    return { id: session.userName, role: session.role };
  }

  /** A session at any stage, with the CSRF checks on unsafe methods; 401 when there is none. */
  async liveSession(secret: string, request: CookieRequest): Promise<LiveSession> {
    const session = await this.sessions.touch(secret);
    if (!session)
      throw new UnauthorizedException(
        `no session: signed out, or idle longer than ${this.env.portal.sessionIdleMinutes} minutes — sign in again`,
      );
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      this.checkOrigin(request);
      const token = header(request, CSRF_HEADER);
      if (!token || !sameSecret(sessionDigest(token), session.csrfDigest))
        throw new ForbiddenException(`the ${CSRF_HEADER} header must carry the session's CSRF token`);
    }
    return session;
  }

  /**
   * OWASP CSRF cheat sheet "verifying origin with standard headers": an unsafe request that names
   * an origin must name this one (its Host) or one of PORTAL_ALLOWED_ORIGINS. Without Origin, a
   * browser's Sec-Fetch-Site must not say cross-site.
   */
  checkOrigin(request: CookieRequest): void {
    const origin = header(request, 'origin');
    const host = header(request, 'host');
    if (origin !== undefined) {
      const o = origin.toLowerCase();
      const same =
        host !== undefined && (o === `http://${host.toLowerCase()}` || o === `https://${host.toLowerCase()}`);
      if (!same && !this.env.portal.allowedOrigins.includes(o))
        throw new ForbiddenException(`requests from ${origin} are not accepted`);
      return;
    }
    const site = header(request, 'sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new ForbiddenException('cross-site requests are not accepted');
  }
}

/** The first start of an empty deployment: an administrator with a one-time password, printed once. */
@Injectable()
export class FirstAdministrator implements OnApplicationBootstrap {
  constructor(private readonly identity: IdentityService) {}

  async onApplicationBootstrap(): Promise<void> {
    const password = await this.identity.accounts.createFirstAdmin();
    // On stdout beside "listening on", not in the structured logs that are shipped elsewhere.
    if (password)
      process.stdout.write(
        `revcycle: first administrator created — sign in as "admin" with the one-time password ${password}\n` +
          `revcycle: it is shown only this once, and must be changed at the first sign-in\n`,
      );
  }
}
