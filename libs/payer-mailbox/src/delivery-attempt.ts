import { Readable } from 'node:stream';

/**
 * The claim file to send: bytes, a stream (sent at most once: a stream partly sent cannot be read
 * again), or a function that opens the file anew for each attempt (retries after a partial upload).
 */
export type ClaimFileContent = Buffer | Readable | (() => Readable);

/** One try at putting a claim file in the payer's inbound folder. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  /** Why it failed, in words fit for the delivery log (never file content). */
  error?: string;
}

export interface DeliveryOptions {
  /** Tries in all, the first included (default 5). Permanent failures stop earlier. */
  attempts?: number;
  /** Wait before the 2nd attempt, doubled each time, jittered (default 2000). */
  backoffMs?: number;
  /** Cap of one wait (default 60000). */
  maxBackoffMs?: number;
  /** Told of every attempt as it finishes; awaited, and a throw stops the delivery. */
  onAttempt?: (attempt: DeliveryAttempt) => void | Promise<void>;
}

export interface Delivery {
  /** Where the complete claim file now is in the payer's inbound folder. */
  remotePath: string;
  attempts: DeliveryAttempt[];
  /** The same file (same name and size) was already there from an earlier delivery: nothing sent. */
  alreadyDelivered: boolean;
  bytes: number;
}

/** The claim file did not reach the payer; `attempts` says what each try ran into. */
export class DeliveryFailed extends Error {
  constructor(
    readonly fileName: string,
    readonly remotePath: string,
    readonly attempts: DeliveryAttempt[],
    /** Trying again later will not help without a change (key, host key, file name). */
    readonly permanent: boolean,
    mailbox: string,
  ) {
    const last = attempts[attempts.length - 1]?.error ?? 'no attempt made';
    super(
      `claim file ${fileName} not delivered to payer mailbox ${mailbox} after ${attempts.length} ` +
        `attempt${attempts.length === 1 ? '' : 's'}: ${last}`,
    );
    this.name = 'DeliveryFailed';
  }
}
