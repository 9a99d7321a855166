/** PostgreSQL SQLSTATEs of a database that is away or overloaded, not of a bad event. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123])/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
];

/**
 * True for a failure that says nothing about the event — the database is unreachable, restarting
 * or out of connections — so handling it again later can succeed: such an event is retried, never
 * dead-lettered.
 */
export function isTransientFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; driverError?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : e.driverError?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code)))
    return true;
  return TRANSIENT_MESSAGES.some((m) => e.message.includes(m));
}
