import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccessTokenVerifier, InvalidTokenError, Principal } from './access-token';
import { Permission, roleHas } from './permissions';

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

export interface AuthenticatedRequest {
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
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new ForbiddenException('this endpoint declares no permission');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
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
