import { pipeline, Readable, Transform } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import { ClaimFileConflict, PayerMailboxError } from './mailbox-errors';
import { IN_FLIGHT_SUFFIX } from './remote-file-name';

export interface UploadResult {
  alreadyDelivered: boolean;
  bytes: number;
}

/**
 * One attempt: the bytes go to `<final>.part`, are checked for size, then renamed to `<final>`; the
 * payer only ever sees a complete file under the claim file's name. A file already under that name
 * with the same size is our earlier delivery (nothing sent again); with another size it is a
 * different file and stays untouched.
 */
export async function uploadClaimFile(
  sftp: SftpClient,
  finalPath: string,
  open: () => Buffer | Readable,
): Promise<UploadResult> {
  const partPath = `${finalPath}${IN_FLIGHT_SUFFIX}`;
  const existing = await sizeOf(sftp, finalPath);
  const source = open();
  if (existing !== undefined && Buffer.isBuffer(source)) {
    if (existing === source.length) return { alreadyDelivered: true, bytes: existing };
    throw conflict(finalPath, existing, source.length);
  }

  const sent = await put(sftp, source, partPath);
  const written = await sizeOf(sftp, partPath);
  if (written !== sent) {
    throw new PayerMailboxError(`${partPath} holds ${written ?? 'no'} bytes after sending ${sent}`);
  }
  if (existing !== undefined) {
    // A stream's size is known only once sent: compare now, and leave the earlier file alone.
    await sftp.delete(partPath, true);
    if (existing === sent) return { alreadyDelivered: true, bytes: sent };
    throw conflict(finalPath, existing, sent);
  }
  await sftp.rename(partPath, finalPath);
  return { alreadyDelivered: false, bytes: sent };
}

async function put(sftp: SftpClient, source: Buffer | Readable, partPath: string): Promise<number> {
  if (Buffer.isBuffer(source)) {
    await sftp.put(source, partPath);
    return source.length;
  }
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // pipeline: a read error of the claim file destroys `counted`, which fails the put.
  pipeline(source, counted, () => undefined);
  try {
    await sftp.put(counted, partPath);
  } catch (error) {
    source.destroy();
    throw error;
  }
  return bytes;
}

async function sizeOf(sftp: SftpClient, path: string): Promise<number | undefined> {
  const kind = await sftp.exists(path);
  if (kind === false) return undefined;
  if (kind !== '-') throw new ClaimFileConflict(`${path} exists and is not a regular file`);
  return (await sftp.stat(path)).size;
}

function conflict(finalPath: string, there: number, ours: number): ClaimFileConflict {
  return new ClaimFileConflict(
    `${finalPath} already holds a different file (${there} bytes there, ${ours} bytes ours); ` +
      'not overwritten, as the payer may have read it: deliver under a new name',
  );
}
