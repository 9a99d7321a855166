import { ForbiddenException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Principal } from './access-token';
import { Role } from './permissions';
import { CSRF_HEADER, CookieRequest, SessionAuthenticator } from './session-gate';

/** What the session authority is asked: the session and the parts of the request its checks read. */
export interface SessionIntrospection {
  session: string;
  method: string;
  host?: string;
  origin?: string;
  secFetchSite?: string;
  csrfToken?: string;
}

/** Where compliance answers it (`POST /auth/session/introspect`). */
export const SESSION_INTROSPECTION_PATH = '/auth/session/introspect';

const PORTAL_ROLES: readonly Role[] = ['coder', 'biller', 'finance', 'compliance', 'admin'];

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The parts of a request the session authority's checks read (idle, CSRF, origin). */
export function sessionIntrospection(session: string, request: CookieRequest): SessionIntrospection {
  return {
    session,
    method: request.method,
    host: first(request.headers['host']),
    origin: first(request.headers['origin']),
    secFetchSite: first(request.headers['sec-fetch-site']),
    csrfToken: first(request.headers[CSRF_HEADER]),
  };
}

/**
 * A distributed service's answer to a portal session cookie: it asks the service that owns the
 * sessions (compliance, SESSION_AUTHORITY_URL) to run the very checks it runs for itself — the
 * session live and not idle, and for an unsafe method its CSRF token and origin — and takes the
 * principal it names. Nothing is cached: a signed-out or idle session is refused at once everywhere.
 */
export class RemoteSessionAuthenticator implements SessionAuthenticator {
  private readonly endpoint: URL;

  constructor(
    authorityUrl: string,
    private readonly timeoutMs = 5000,
  ) {
    this.endpoint = new URL(SESSION_INTROSPECTION_PATH, authorityUrl);
  }

  async authenticate(sessionSecret: string, request: CookieRequest): Promise<Principal> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(sessionIntrospection(sessionSecret, request)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new ServiceUnavailableException('the session authority (compliance) cannot be reached');
    }
    const body = (await response.json().catch(() => undefined)) as
      { id?: unknown; role?: unknown; message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : undefined;
    if (response.status === 401) throw new UnauthorizedException(message ?? 'not signed in');
    if (response.status === 403) throw new ForbiddenException(message ?? 'refused');
    const role = body?.role as Role | undefined;
    if (response.status === 200 && typeof body?.id === 'string' && role && PORTAL_ROLES.includes(role))
      return { id: body.id, role };
    throw new ServiceUnavailableException(
      `the session authority answered ${response.status} to a session introspection`,
    );
  }
}
