import SftpClient from 'ssh2-sftp-client';
import { PayerMailboxError } from './mailbox-errors';
import { assertPlainFileName, isInFlightOrHidden, remotePath } from './remote-file-name';

/** Where collected files go, inside the payer's outbound folder, so none is taken twice. */
export const PROCESSED_DIR = 'processed';

/** A 999, 277CA or 835 file the payer left in its outbound folder for us. */
export interface PayerResponseFile {
  name: string;
  size: number;
  modifiedAt: Date;
}

/** Regular files only, oldest first: not `.part` files the payer is still writing, nor dotfiles. */
export async function listWaitingResponses(
  sftp: SftpClient,
  outboundDir: string,
): Promise<PayerResponseFile[]> {
  const entries = await sftp.list(outboundDir);
  return entries
    .filter((e) => e.type === '-' && !isInFlightOrHidden(e.name))
    .map((e) => ({ name: e.name, size: e.size, modifiedAt: new Date(e.modifyTime) }))
    .sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || a.name.localeCompare(b.name));
}

export async function fetchResponse(sftp: SftpClient, outboundDir: string, name: string): Promise<Buffer> {
  assertPlainFileName(name);
  const content = await sftp.get(remotePath(outboundDir, name));
  if (!Buffer.isBuffer(content)) throw new PayerMailboxError(`reading ${name} gave no bytes`);
  return content;
}

/**
 * The file's bytes as they arrive over SFTP (never whole in memory), `start` to `end` inclusive
 * when given: a 200 MB 835 passes through in chunks.
 */
export function streamResponse(
  sftp: SftpClient,
  outboundDir: string,
  name: string,
  range: { start?: number; end?: number } = {},
): NodeJS.ReadableStream {
  assertPlainFileName(name);
  return sftp.createReadStream(remotePath(outboundDir, name), range);
}

/**
 * Moves the file to `<outboundDir>/processed/` (created when missing). Called only once the caller
 * has stored the file: until then it stays waiting and the next pick-up takes it again. A name
 * already in `processed/` (the payer reused it) gets a `.2`, `.3` … suffix instead of replacing it.
 */
export async function markResponseCollected(
  sftp: SftpClient,
  outboundDir: string,
  name: string,
): Promise<string> {
  assertPlainFileName(name);
  const processedDir = remotePath(outboundDir, PROCESSED_DIR);
  await sftp.mkdir(processedDir, true);
  let target = remotePath(processedDir, name);
  for (let n = 2; (await sftp.exists(target)) !== false; n++)
    target = remotePath(processedDir, `${name}.${n}`);
  await sftp.rename(remotePath(outboundDir, name), target);
  return target;
}
