import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ClaimFileContent,
  Delivery,
  DeliveryAttempt,
  DeliveryFailed,
  DeliveryOptions,
} from './delivery-attempt';
import { deliveryBackoffMs } from './delivery-backoff';
import { mailboxAddress, messageOf, withMailboxConnection } from './mailbox-connection';
import { PayerMailboxError } from './mailbox-errors';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { assertPlainFileName, remotePath } from './remote-file-name';
import { uploadClaimFile, UploadResult } from './upload-claim-file';

const DEFAULTS = { attempts: 5, backoffMs: 2000, maxBackoffMs: 60_000 };

/**
 * Puts one claim file in the payer's inbound folder, one connection per attempt, retrying with
 * capped, jittered exponential backoff. Guarantee: resolved means the complete file is there under
 * `fileName`, sent now or by an earlier delivery (same name and size: not sent twice). Rejected with
 * `DeliveryFailed` means every attempt failed; if the last one lost only the server's reply to the
 * rename, the file is there all the same, and delivering it again under the same name resolves with
 * `alreadyDelivered`. A leftover `.part` is overwritten by the next delivery. A permanent failure
 * (key refused, host key changed, a different file under the name) is not retried.
 */
export async function deliverClaimFile(
  config: PayerMailboxConfig,
  fileName: string,
  content: ClaimFileContent,
  options: DeliveryOptions = {},
): Promise<Delivery> {
  assertPlainFileName(fileName);
  const policy = { ...DEFAULTS, ...withoutUndefined(options) };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`delivery attempts must be a whole number ≥ 1, got ${policy.attempts}`);
  }
  const finalPath = remotePath(config.inboundDir, fileName);
  const open = claimFileOpener(content, fileName);
  const attempts: DeliveryAttempt[] = [];

  for (let attempt = 1; ; attempt++) {
    const startedAt = new Date();
    let outcome: UploadResult | PayerMailboxError;
    try {
      outcome = await withMailboxConnection(config, (sftp) => uploadClaimFile(sftp, finalPath, open));
    } catch (error) {
      outcome = error instanceof PayerMailboxError ? error : new PayerMailboxError(messageOf(error));
    }
    const record: DeliveryAttempt =
      outcome instanceof PayerMailboxError
        ? { attempt, startedAt, finishedAt: new Date(), ok: false, error: outcome.message }
        : { attempt, startedAt, finishedAt: new Date(), ok: true };
    attempts.push(record);
    await options.onAttempt?.(record);
    if (!(outcome instanceof PayerMailboxError)) return { remotePath: finalPath, attempts, ...outcome };
    if (outcome.permanent || attempt >= policy.attempts) {
      throw new DeliveryFailed(fileName, finalPath, attempts, outcome.permanent, mailboxAddress(config));
    }
    await sleep(deliveryBackoffMs(attempt, policy));
  }
}

/** A bare stream can be handed out once; after that its bytes are (partly) gone. */
function claimFileOpener(content: ClaimFileContent, fileName: string): () => Buffer | Readable {
  if (Buffer.isBuffer(content)) return () => content;
  if (typeof content === 'function') return content;
  let taken = false;
  return () => {
    if (taken) {
      throw new PayerMailboxError(
        `the stream of claim file ${fileName} was already read by an earlier attempt and cannot be sent ` +
          'again: deliver a Buffer or a function that reopens the file to allow retries',
        true,
      );
    }
    taken = true;
    return content;
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
