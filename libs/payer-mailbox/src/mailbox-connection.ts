import { createHash } from 'node:crypto';
import * as net from 'node:net';
import SftpClient from 'ssh2-sftp-client';
import { HostKeyMismatch, MailboxAuthRefused, PayerMailboxError } from './mailbox-errors';
import { PayerMailboxConfig } from './payer-mailbox-config';

// A connection that stops answering mid-transfer is dropped after 3 unanswered keepalives.
const KEEPALIVE_INTERVAL_MS = 10_000;
const KEEPALIVE_COUNT_MAX = 3;

/** `host:port`, the way messages name a mailbox. */
export function mailboxAddress(config: PayerMailboxConfig): string {
  return `${config.host}:${config.port}`;
}

/**
 * Opens one SFTP session, runs `work` in it and always closes it (also when `work` or the
 * connection fails), so no socket outlives the call. Failures come out as `PayerMailboxError`s.
 */
export async function withMailboxConnection<T>(
  config: PayerMailboxConfig,
  work: (sftp: SftpClient) => Promise<T>,
): Promise<T> {
  const pinned = config.hostKeySha256 === undefined ? undefined : normalizeFingerprint(config.hostKeySha256);
  let offeredHostKey: string | undefined;
  let sshError: (Error & { level?: string; code?: string }) | undefined;
  const quiet = () => undefined;
  const sftp = new SftpClient('payer-mailbox', { error: quiet, end: quiet, close: quiet });
  // Our own socket, so that it is surely destroyed at the end, and without Nagle: ssh2 keeps one
  // SFTP write in flight, and Nagle held each write's tail until the server's delayed ACK (~40 ms):
  // a 50 MB claim file took 30 s instead of 1.
  const socket = net.connect({ host: config.host, port: config.port, noDelay: true });
  // ssh2 reports the socket's errors; this keeps one that comes before ssh2 listens from crashing us.
  socket.on('error', () => undefined);
  // ssh2's own error, before ssh2-sftp-client rewraps it: it keeps `level` (client-authentication …).
  sftp.on('error', (error: Error) => {
    sshError ??= error;
  });
  try {
    await sftp.connect({
      sock: socket,
      host: config.host,
      port: config.port,
      username: config.username,
      privateKey: config.privateKey,
      readyTimeout: config.connectTimeoutMs,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      hostVerifier: (key: Buffer) => {
        offeredHostKey = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
        return pinned === undefined || offeredHostKey === pinned;
      },
    });
  } catch (error) {
    await close(sftp, socket, config.connectTimeoutMs);
    throw connectionRefusal(config, error, sshError, pinned, offeredHostKey);
  }
  try {
    return await work(sftp);
  } catch (error) {
    if (error instanceof PayerMailboxError) throw error;
    throw operationFailure(config, error, sshError);
  } finally {
    await close(sftp, socket, config.connectTimeoutMs);
  }
}

/** `SHA256:abc=` and `abc` name the same key. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
}

function connectionRefusal(
  config: PayerMailboxConfig,
  error: unknown,
  sshError: (Error & { level?: string; code?: string }) | undefined,
  pinned: string | undefined,
  offeredHostKey: string | undefined,
): PayerMailboxError {
  const at = `payer mailbox ${mailboxAddress(config)}`;
  if (pinned !== undefined && offeredHostKey !== undefined && offeredHostKey !== pinned) {
    return new HostKeyMismatch(
      `${at} presented host key SHA256:${offeredHostKey}, not the pinned SHA256:${pinned}: not connecting ` +
        '(the payer changed its key, or someone is in between; confirm the fingerprint with the payer)',
    );
  }
  const code = (error as { code?: string }).code ?? sshError?.code;
  const level = sshError?.level;
  if (level === 'client-authentication') {
    return new MailboxAuthRefused(
      `${at} refused our key for user "${config.username}" (publickey authentication failed): ` +
        'check the public key the payer has on file for us',
    );
  }
  if (/privateKey/.test(messageOf(error))) {
    return new PayerMailboxError(`${at}: our private key could not be read (${messageOf(error)})`, true);
  }
  if (level === 'client-timeout' || code === 'ETIMEDOUT') {
    return new PayerMailboxError(
      `${at} did not complete the SSH handshake within ${config.connectTimeoutMs} ms`,
    );
  }
  if (code === 'ECONNREFUSED') return new PayerMailboxError(`${at} refused the connection (server down?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new PayerMailboxError(`${at}: host name not found`);
  if (code === 'ECONNRESET') return new PayerMailboxError(`${at} reset the connection during login`);
  return new PayerMailboxError(`${at}: could not connect (${messageOf(sshError ?? error)})`);
}

function operationFailure(
  config: PayerMailboxConfig,
  error: unknown,
  sshError: (Error & { code?: string }) | undefined,
): PayerMailboxError {
  const at = `payer mailbox ${mailboxAddress(config)}`;
  const message = messageOf(error);
  if (sshError?.message === 'Keepalive timeout') {
    const silentMs = KEEPALIVE_INTERVAL_MS * KEEPALIVE_COUNT_MAX;
    return new PayerMailboxError(
      `${at} stopped answering (no reply for ${silentMs / 1000} s) during: ${message}`,
    );
  }
  const code = (error as { code?: string }).code ?? sshError?.code;
  if (/Unexpected (end|close) event/.test(message) || code === 'ECONNRESET' || code === 'EPIPE') {
    return new PayerMailboxError(`${at} dropped the connection midway (${message})`);
  }
  return new PayerMailboxError(`${at}: ${message}`);
}

/**
 * `end()` waits for the server to close; a server that never answers does not hold us past the
 * timeout, and the socket is destroyed either way (`end()` is a no-op when login failed midway).
 */
async function close(sftp: SftpClient, socket: net.Socket, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    sftp.end().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  socket.destroy();
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
