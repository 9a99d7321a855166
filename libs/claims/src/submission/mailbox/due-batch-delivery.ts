import { DeliveryAttempt as MailboxAttempt, DeliveryFailed, SftpMailbox } from '@revcycle/payer-mailbox';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { readBatchFile } from '../batch-file-parts';
import { ClaimBatch } from '../claim-batch.entity';
import { ClaimBatchService, recordAttempt } from '../claim-batch.service';
import { claimFileName } from '../claim-file-name';
import { PayerDelivery } from '../payer-delivery.entity';
import { mailboxConfig } from './mailbox-config';

/** Tries within one round, spaced by the mailbox's own backoff; the next round comes after PAYER_MAILBOX_RETRY_SECONDS. */
const ATTEMPTS_PER_ROUND = 3;
/**
 * A taken batch is not due again for this long: a second instance leaves it alone while this one
 * delivers, and a process that dies mid-delivery leaves it due again (never lost).
 */
const LEASE = `interval '15 minutes'`;

export type DeliveryOutcome = 'delivered' | 'failed';

/** The SFTP batch due soonest that no other instance holds, leased to the caller; null when none is due. */
export async function takeDueBatch(db: DataSource): Promise<ClaimBatch | null> {
  // TypeORM answers an UPDATE … RETURNING with [rows, count].
  const [rows]: [Array<{ id: string }>, number] = await db.query(
    `UPDATE claims.claim_batch SET next_delivery_at = now() + ${LEASE}
      WHERE id = (SELECT id FROM claims.claim_batch
                   WHERE delivery_method = 'sftp' AND status IN ('created', 'delivery_failed')
                     AND next_delivery_at <= now()
                   ORDER BY next_delivery_at FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id`,
  );
  return rows.length === 0 ? null : db.getRepository(ClaimBatch).findOneBy({ id: rows[0].id });
}

/**
 * Uploads the batch's 837 to its payer's inbound folder (`.part`, then renamed: see
 * @revcycle/payer-mailbox), logging every attempt on the batch. Delivered: the batch and its
 * claims become `submitted`. Not delivered: the batch is `delivery_failed` and due again later.
 */
export async function deliverBatch(
  db: DataSource,
  batches: ClaimBatchService,
  batch: ClaimBatch,
  retrySeconds: number,
): Promise<DeliveryOutcome> {
  const settings = await db.getRepository(PayerDelivery).findOneBy({ payerId: batch.payerId });
  if (!settings?.sftp)
    return notDelivered(db, batch.id, retrySeconds, [
      `payer ${batch.payerId} has no SFTP settings (PUT /claims/payers/${batch.payerId}/delivery)`,
    ]);
  const mailbox = new SftpMailbox(mailboxConfig(settings.sftp));
  try {
    const delivery = await mailbox.deliver(
      claimFileName(batch),
      () => Readable.from(readBatchFile(db.manager, batch.id)),
      {
        attempts: ATTEMPTS_PER_ROUND,
        // The successful attempt is logged by markSubmitted, with the batch's move.
        onAttempt: (a) => (a.ok ? undefined : logFailure(db, batch.id, a)),
      },
    );
    const last = delivery.attempts[delivery.attempts.length - 1];
    await db.transaction((m) =>
      batches.markSubmitted(m, batch, {
        method: 'sftp',
        startedAt: last.startedAt,
        finishedAt: last.finishedAt,
        ok: true,
        detail: delivery.alreadyDelivered
          ? `already in ${delivery.remotePath} (${delivery.bytes} bytes): not sent again`
          : `uploaded to ${delivery.remotePath} (${delivery.bytes} bytes)`,
      }),
    );
    return 'delivered';
  } catch (error) {
    // DeliveryFailed's attempts were each logged as they failed; anything else is logged here.
    return notDelivered(db, batch.id, retrySeconds, error instanceof DeliveryFailed ? [] : [String(error)]);
  }
}

/** `reasons` logged as failed attempts (none: already logged), then the batch is due again later. */
async function notDelivered(
  db: DataSource,
  batchId: string,
  retrySeconds: number,
  reasons: string[],
): Promise<DeliveryOutcome> {
  const at = new Date();
  for (const error of reasons)
    await logFailure(db, batchId, { attempt: 0, startedAt: at, finishedAt: at, ok: false, error });
  await failed(db, batchId, retrySeconds);
  return 'failed';
}

function logFailure(db: DataSource, batchId: string, a: MailboxAttempt): Promise<void> {
  return db.transaction((m) =>
    recordAttempt(m, batchId, {
      method: 'sftp',
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      ok: false,
      detail: (a.error ?? 'failed').slice(0, 500),
    }),
  );
}

/** Due again after retrySeconds × 2^(failed attempts so far − 1), at most an hour. */
async function failed(db: DataSource, batchId: string, retrySeconds: number): Promise<void> {
  await db.query(
    `UPDATE claims.claim_batch b SET status = 'delivery_failed',
            next_delivery_at = now() + make_interval(secs => least(3600, $2 * power(2, least(12, greatest(0,
              (SELECT count(*) FROM claims.claim_batch_delivery_attempt a WHERE a.batch_id = b.id AND NOT a.ok) - 1)))))
      WHERE id = $1 AND status IN ('created', 'delivery_failed')`,
    [batchId, retrySeconds],
  );
}
