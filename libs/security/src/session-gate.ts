import { Principal } from './access-token';

/** The portal's session cookie (httpOnly) and the CSRF token beside it (readable by the page's script). */
export const SESSION_COOKIE = 'revcycle_session';
export const CSRF_COOKIE = 'revcycle_csrf';
/** Where the page echoes the CSRF token on unsafe requests (OWASP CSRF cheat sheet: custom request header). */
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Resolves a signed-in person's session to the same principal a bearer token would carry. */
export interface SessionAuthenticator {
  /**
   * The session's principal; throws UnauthorizedException for an unknown, signed-out or idle
   * session and ForbiddenException for an unsafe request without its CSRF token or from another origin.
   */
  authenticate(sessionSecret: string, request: CookieRequest): Promise<Principal>;
}

/**
 * Where the identity module plugs in its authenticator: the global guard holds the gate, the module
 * that owns the sessions (compliance, in the platform) registers itself at start-up. A process
 * without it (a distributed service) answers a cookie-only request with 401, as before.
 */
export class SessionGate {
  private authenticator?: SessionAuthenticator;

  use(authenticator: SessionAuthenticator): void {
    this.authenticator = authenticator;
  }

  get open(): boolean {
    return this.authenticator !== undefined;
  }

  /** Only asked when `open`: without an authenticator no cookie is a credential. */
  authenticate(sessionSecret: string, request: CookieRequest): Promise<Principal> {
    if (!this.authenticator) return Promise.reject(new Error('no session authenticator registered'));
    return this.authenticator.authenticate(sessionSecret, request);
  }
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4), or undefined. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      const value = pair.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
