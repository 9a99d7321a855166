import { ClaimFileContent, Delivery, DeliveryOptions } from './delivery-attempt';
import { deliverClaimFile } from './claim-file-delivery';
import { withMailboxConnection } from './mailbox-connection';
import { PayerMailboxConfig } from './payer-mailbox-config';
import {
  fetchResponse,
  listWaitingResponses,
  markResponseCollected,
  PayerResponseFile,
  streamResponse,
} from './payer-response-pickup';

/** A payer response as read, handed to the caller to store before it is marked collected. */
export interface CollectedResponse extends PayerResponseFile {
  content: Buffer;
}

/** The payer's side of the wire as the claims service sees it: send claim files, pick up responses. */
export interface PayerMailbox {
  deliver(fileName: string, content: ClaimFileContent, options?: DeliveryOptions): Promise<Delivery>;
  listWaiting(): Promise<PayerResponseFile[]>;
  fetch(name: string): Promise<Buffer>;
  markCollected(name: string): Promise<string>;
  collect(store: (response: CollectedResponse) => Promise<void>): Promise<PayerResponseFile[]>;
}

/**
 * A payer's mailbox over SFTP. Every call opens its own connection and closes it before it
 * settles; nothing stays connected between calls.
 */
export class SftpMailbox implements PayerMailbox {
  constructor(readonly config: PayerMailboxConfig) {}

  /** See `deliverClaimFile`: `.part` then rename, retried, idempotent by name and size. */
  deliver(fileName: string, content: ClaimFileContent, options?: DeliveryOptions): Promise<Delivery> {
    return deliverClaimFile(this.config, fileName, content, options);
  }

  listWaiting(): Promise<PayerResponseFile[]> {
    return withMailboxConnection(this.config, (sftp) => listWaitingResponses(sftp, this.config.outboundDir));
  }

  fetch(name: string): Promise<Buffer> {
    return withMailboxConnection(this.config, (sftp) => fetchResponse(sftp, this.config.outboundDir, name));
  }

  /** The first `bytes` bytes of a waiting file: enough to tell an 835 from a 999 without reading it. */
  head(name: string, bytes: number): Promise<Buffer> {
    return withMailboxConnection(this.config, async (sftp) => {
      const chunks: Buffer[] = [];
      const stream = streamResponse(sftp, this.config.outboundDir, name, { start: 0, end: bytes - 1 });
      try {
        for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      } finally {
        await closed(stream);
      }
      return Buffer.concat(chunks).subarray(0, bytes);
    });
  }

  /**
   * Streams a waiting file into `consume` over one connection, chunk by chunk (a file of any size,
   * never whole in memory). The connection dropping midway comes out as a `PayerMailboxError`; an
   * error of `consume`'s own is rethrown as thrown.
   */
  async read<T>(name: string, consume: (chunks: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    let consumerFailure: { error: unknown } | undefined;
    const result = await withMailboxConnection(this.config, async (sftp) => {
      let streamFailure: { error: unknown } | undefined;
      const stream = streamResponse(sftp, this.config.outboundDir, name);
      async function* chunks(): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of stream) yield Buffer.from(chunk as Buffer);
        } catch (error) {
          streamFailure = { error };
          throw error;
        }
      }
      try {
        return await consume(chunks());
      } catch (error) {
        if (streamFailure) throw streamFailure.error;
        consumerFailure = { error };
        return undefined;
      } finally {
        await closed(stream);
      }
    });
    if (consumerFailure) throw consumerFailure.error;
    return result as T;
  }

  /** Resolves the path the file now has under `processed/`. */
  markCollected(name: string): Promise<string> {
    return withMailboxConnection(this.config, (sftp) =>
      markResponseCollected(sftp, this.config.outboundDir, name),
    );
  }

  /**
   * List, fetch, `store`, mark collected, oldest first, over one connection. A file is moved to
   * `processed/` only after `store` resolved for it; when `store` throws, that file and the ones
   * after it stay waiting for the next pick-up, and the error is rethrown. Resolves the files
   * collected. Two collectors at once may both store a file (only one move succeeds): storage keyed
   * by the file's interchange control number keeps that harmless.
   */
  async collect(store: (response: CollectedResponse) => Promise<void>): Promise<PayerResponseFile[]> {
    const { outboundDir } = this.config;
    let storeFailure: { error: unknown } | undefined;
    const collected = await withMailboxConnection(this.config, async (sftp) => {
      const done: PayerResponseFile[] = [];
      for (const file of await listWaitingResponses(sftp, outboundDir)) {
        const content = await fetchResponse(sftp, outboundDir, file.name);
        try {
          await store({ ...file, content });
        } catch (error) {
          storeFailure = { error };
          break;
        }
        await markResponseCollected(sftp, outboundDir, file.name);
        done.push(file);
      }
      return done;
    });
    // The caller's own error, as thrown (not a mailbox error): the mailbox did its part.
    if (storeFailure) throw storeFailure.error;
    return collected;
  }
}

/**
 * Waits for a read stream to release its remote handle (ssh2 closes it after the last chunk):
 * ending the session first leaves that close unanswered, and the stream would emit an error no
 * one listens to. A stream the consumer left midway is destroyed. Never waits past 5 s.
 */
async function closed(stream: NodeJS.ReadableStream): Promise<void> {
  const s = stream as NodeJS.ReadableStream & { closed?: boolean; destroy(): void };
  s.on('error', () => undefined);
  if (s.closed) return;
  let timer: NodeJS.Timeout | undefined;
  const closing = new Promise<void>((resolve) => s.once('close', () => resolve()));
  s.destroy();
  await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
  clearTimeout(timer);
}
