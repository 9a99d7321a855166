import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  UnauthorizedException,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccessTokenVerifier, InvalidTokenError, Principal } from './access-token';
import { Permission, roleHas } from './permissions';
import { SESSION_COOKIE, SessionGate, cookieValue } from './session-gate';

const PERMISSION_KEY = 'revcycle:permission';
const PUBLIC_KEY = 'revcycle:public';
/** The deployment's AccessTokenVerifier (its public key or secret, issuer, audience, longest lifetime). */
export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Requires an authenticated user whose role grants the permission. */
export const HasPermission = (permission: Permission) =>
  applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no or invalid bearer token' }),
    ApiForbiddenResponse({ description: `role lacks ${permission}` }),
  );

/** Marks a handler that touches no PHI and needs no user (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Told of every request the guard refuses (401/403): the audit of refused requests (runtime). */
export const REFUSED_ACCESS_SINK = Symbol('REFUSED_ACCESS_SINK');
export interface RefusedAccess {
  status: 401 | 403;
  /** The verified token's subject and role (a 403); undefined when no token verified. */
  principal?: Principal;
}
export interface RefusedAccessSink {
  /** Must return at once and never throw: it is on the path of every refused response. */
  refused(context: ExecutionContext, refusal: RefusedAccess): void;
}

export interface AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * The one guard (registered globally): every handler must be @Public or @HasPermission; a handler
 * with neither is refused (deny by default), so a forgotten decorator never exposes PHI.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Optional() @Inject(REFUSED_ACCESS_SINK) private readonly refusals?: RefusedAccessSink,
    @Optional() private readonly sessions?: SessionGate,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const refuse = (err: unknown) => {
      if (err instanceof UnauthorizedException || err instanceof ForbiddenException)
        this.report(context, err);
      throw err;
    };
    try {
      const admitted = this.admit(context);
      return typeof admitted === 'boolean' ? admitted : admitted.catch(refuse);
    } catch (err) {
      return refuse(err);
    }
  }

  private report(context: ExecutionContext, err: HttpException): void {
    const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      this.refusals?.refused(context, { status: err.getStatus() === 401 ? 401 : 403, principal });
    } catch {
      // The refusal is the answer whatever the audit does.
    }
  }

  private async admitSession(
    gate: SessionGate,
    request: AuthenticatedRequest,
    session: string,
    permission: Permission,
  ): Promise<boolean> {
    const principal = await gate.authenticate(session, request);
    request.principal = principal;
    if (!roleHas(principal.role, permission))
      throw new ForbiddenException(`role ${principal.role} lacks ${permission}`);
    return true;
  }

  private admit(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new ForbiddenException('this endpoint declares no permission');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    // A person signed in to the portal: the session cookie stands for the same principal a token would.
    const session = cookieValue(request.headers['cookie'], SESSION_COOKIE);
    if (header === undefined && session !== undefined && this.sessions?.open)
      return this.admitSession(this.sessions, request, session, permission);
    // RFC 7235 §2.1: the auth scheme is case-insensitive.
    const token = typeof header === 'string' ? /^Bearer +(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) throw new UnauthorizedException('a bearer token is required');
    try {
      request.principal = this.verifier.verify(token);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthorizedException(err.message);
      throw err;
    }
    if (!roleHas(request.principal.role, permission))
      throw new ForbiddenException(`role ${request.principal.role} lacks ${permission}`);
    return true;
  }
}
