import { Body, Controller, Get, HttpCode, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { fieldError } from '@revcycle/runtime';
import { CSRF_COOKIE, CSRF_HEADER, Public, SESSION_COOKIE, cookieValue } from '@revcycle/security';
import { ChangePasswordDto, SecondFactorCodeDto, SignInDto } from './dto/sign-in.dto';
import { SessionIntrospectionDto, SessionPrincipalResponse } from './dto/session-introspection.dto';
import { EnrollmentResponse, SessionResponse, SignedOutResponse } from './dto/session.response';
import { IdentityService } from './identity.service';
import { LiveSession, OpenedSession } from './portal-sessions';
import { AccountProblem, SessionStage, SignInSource, UserAccount, nextStage } from './user-accounts';

interface PortalRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  id?: string | number;
  secure?: boolean;
}

interface CookieResponse {
  setHeader(name: string, value: string | string[]): void;
}

/**
 * `/auth`: the portal's sign-in, one step at a time (password, then the second factor for admin
 * and compliance, then a new password when the one in use was handed out). These handlers are
 * @Public because they read the session cookie themselves; the CSRF and origin checks still apply.
 */
@ApiTags('identity')
@Controller('auth')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with user name and password; sets the session and CSRF cookies' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({
    description: 'wrong user name or password, or the account is locked: one answer for all three',
  })
  @ApiForbiddenResponse({ description: 'posted from another origin' })
  async signIn(
    @Body() body: SignInDto,
    @Req() req: PortalRequest,
    @Res({ passthrough: true }) res: CookieResponse,
  ) {
    // Login CSRF: a sign-in form posted from another site must not sign the browser in.
    this.identity.checkOrigin(req);
    const result = await this.identity.accounts.signIn(
      body.userName,
      body.password,
      this.source(req, 'POST /auth/sign-in'),
    );
    // One answer whether the name is unknown, the password wrong or the account locked: a different
    // one for a lockout would tell a guesser which names are real accounts (its lockout is audited).
    if (!result.ok) throw new UnauthorizedException(this.signInRefused());
    const previous = cookieValue(req.headers['cookie'], SESSION_COOKIE);
    if (previous) await this.identity.sessions.replace(previous);
    const opened = await this.identity.sessions.open(result.account.id, result.stage);
    this.setCookies(req, res, opened);
    return this.view(result.account.userName, result.account.role, result.stage);
  }

  @Get('session')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @ApiOperation({ summary: 'Who is signed in, and which sign-in step is left (counts as activity)' })
  @ApiOkResponse({ type: SessionResponse })
  async session(@Req() req: PortalRequest) {
    const session = await this.live(req);
    return this.view(session.userName, session.role, session.stage);
  }

  /**
   * For the other services of a distributed deployment (libs/security RemoteSessionAuthenticator):
   * the access guard's own question about a cookie, with the request's method, host, origin and
   * CSRF header as the browser sent them. Public like every /auth step — the session secret is the
   * credential — and not routed by the gateway, so a browser never reaches it.
   */
  @Post('session/introspect')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Service to service: the principal of a portal session for one request' })
  @ApiOkResponse({ type: SessionPrincipalResponse })
  @ApiUnauthorizedResponse({
    description: 'no such session, signed out, idle too long, or sign-in unfinished',
  })
  @ApiForbiddenResponse({ description: 'an unsafe method without the CSRF token, or from another origin' })
  async introspect(@Body() body: SessionIntrospectionDto): Promise<SessionPrincipalResponse> {
    const headers: Record<string, string | undefined> = {
      host: body.host,
      origin: body.origin,
      'sec-fetch-site': body.secFetchSite,
      [CSRF_HEADER]: body.csrfToken,
    };
    return this.identity.authenticate(body.session, { method: body.method, headers });
  }

  @Post('sign-out')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @HttpCode(200)
  @ApiOperation({ summary: 'End the session and clear its cookies' })
  @ApiOkResponse({ type: SignedOutResponse })
  async signOut(@Req() req: PortalRequest, @Res({ passthrough: true }) res: CookieResponse) {
    const session = await this.live(req);
    await this.identity.sessions.end(session, 'signed-out');
    await this.identity.accounts.auditSignOut(session, this.source(req, 'POST /auth/sign-out'));
    this.clearCookies(req, res);
    return { signedOut: true };
  }

  @Post('password')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password (required after a one-time password); ends other sessions' })
  @ApiOkResponse({ type: SessionResponse })
  async changePassword(@Body() body: ChangePasswordDto, @Req() req: PortalRequest) {
    const session = await this.live(req);
    if (session.stage !== 'password-change' && session.stage !== 'active')
      throw new UnauthorizedException(`finish signing in first (${session.stage})`);
    const account = await this.account(session);
    await this.identity.accounts
      .changePassword(
        account,
        body.currentPassword,
        body.newPassword,
        this.source(req, 'POST /auth/password'),
      )
      .catch(rethrowAsFieldError);
    await this.identity.sessions.endAllOf(account.id, 'password-changed', session.digest);
    return this.advance(session, 'active');
  }

  @Post('second-factor/enrollment')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Start TOTP enrollment: a new secret for the authenticator app (pending until confirmed)',
  })
  @ApiCreatedResponse({ type: EnrollmentResponse })
  async beginEnrollment(@Req() req: PortalRequest) {
    const session = await this.live(req);
    if (session.stage !== 'second-factor-enrollment')
      throw new UnauthorizedException(
        'enrollment is the step after the password, for an account without a second factor',
      );
    return this.identity.secondFactor.beginEnrollment(await this.account(session));
  }

  @Post('second-factor/enrollment/confirm')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm TOTP enrollment with a code from the app' })
  @ApiOkResponse({ type: SessionResponse })
  async confirmEnrollment(@Body() body: SecondFactorCodeDto, @Req() req: PortalRequest) {
    const session = await this.live(req);
    if (session.stage !== 'second-factor-enrollment')
      throw new UnauthorizedException('no enrollment is pending');
    const account = await this.account(session);
    if (!(await this.identity.secondFactor.confirmEnrollment(account, body.code)))
      throw fieldError('code', 'does not match the secret being enrolled (check the clock of the device)');
    await this.identity.accounts.auditSecondFactor(
      account,
      this.source(req, 'POST /auth/second-factor/enrollment/confirm'),
    );
    return this.advance(session, nextStage(account, true));
  }

  @Post('second-factor')
  @Public()
  @ApiUnauthorizedResponse({ description: 'no session, signed out, idle too long, or this step is not due' })
  @ApiForbiddenResponse({ description: 'no CSRF token, or from another origin' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the TOTP code (admin and compliance, after the password)' })
  @ApiOkResponse({ type: SessionResponse })
  async secondFactor(
    @Body() body: SecondFactorCodeDto,
    @Req() req: PortalRequest,
    @Res({ passthrough: true }) res: CookieResponse,
  ) {
    const session = await this.live(req);
    if (session.stage !== 'second-factor') throw new UnauthorizedException('no second factor is awaited');
    const account = await this.account(session);
    const source = this.source(req, 'POST /auth/second-factor');
    if (!(await this.identity.secondFactor.verify(account, body.code))) {
      if (await this.identity.accounts.recordSecondFactorFailure(account, source)) {
        await this.identity.sessions.endAllOf(account.id, 'locked');
        this.clearCookies(req, res);
        throw new UnauthorizedException('too many failed sign-ins: the account is locked');
      }
      throw new UnauthorizedException('wrong or already used code');
    }
    await this.identity.accounts.auditSecondFactor(account, source);
    return this.advance(session, nextStage(account, true));
  }

  private async live(req: PortalRequest): Promise<LiveSession> {
    const secret = cookieValue(req.headers['cookie'], SESSION_COOKIE);
    if (!secret) throw new UnauthorizedException('not signed in');
    return this.identity.liveSession(secret, req);
  }

  private async account(session: LiveSession): Promise<UserAccount> {
    const account = await this.identity.accounts.findById(session.accountId);
    if (!account) throw new UnauthorizedException('the account is gone');
    return account;
  }

  private async advance(session: LiveSession, stage: SessionStage) {
    await this.identity.sessions.advance(session, stage);
    return this.view(session.userName, session.role, stage);
  }

  private view(userName: string, role: string, stage: SessionStage): SessionResponse {
    return { userName, role, stage, idleMinutes: this.identity.env.portal.sessionIdleMinutes };
  }

  private signInRefused(): string {
    const { maxFailures, lockMinutes } = this.identity.accounts.lockout;
    return `wrong user name or password — after ${maxFailures} failures in a row an account is locked for ${lockMinutes} minutes, whatever the password`;
  }

  private source(req: PortalRequest, operation: string): SignInSource {
    return { operation, ip: req.ip, requestId: req.id === undefined ? undefined : String(req.id) };
  }

  /** No Max-Age: a browser session cookie, gone when the browser closes; the server ends it sooner when idle. */
  private setCookies(req: PortalRequest, res: CookieResponse, opened: OpenedSession): void {
    const secure = this.secure(req);
    res.setHeader('Set-Cookie', [
      `${SESSION_COOKIE}=${opened.secret}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      `${CSRF_COOKIE}=${opened.csrfToken}; Path=/; SameSite=Strict${secure}`,
    ]);
  }

  private clearCookies(req: PortalRequest, res: CookieResponse): void {
    const secure = this.secure(req);
    res.setHeader('Set-Cookie', [
      `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`,
      `${CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0${secure}`,
    ]);
  }

  /**
   * Secure when configured, and whenever the request came over TLS — directly or through a TLS
   * terminator saying so (X-Forwarded-Proto): trusting it can only make the cookie stricter.
   */
  private secure(req: PortalRequest): string {
    const proto = req.headers['x-forwarded-proto'];
    const tls = req.secure === true || (typeof proto === 'string' && proto.split(',')[0].trim() === 'https');
    return this.identity.env.portal.cookieSecure || tls ? '; Secure' : '';
  }
}

function rethrowAsFieldError(err: unknown): never {
  if (err instanceof AccountProblem) throw fieldError(err.field, err.message);
  throw err;
}
