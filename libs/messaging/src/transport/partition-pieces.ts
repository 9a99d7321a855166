import type { MessageHandler } from '@nestjs/microservices';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';

/** Messages of one partition of a topic, in offset order, to be consumed in one transaction. */
export interface PartitionPiece {
  partition: number;
  messages: KafkaMessage[];
  handler: MessageHandler;
  payload: EachBatchPayload;
}

/** How pieces are consumed: several in one transaction (false: rolled back, take them alone), or one. */
export interface PieceConsumption {
  together(pieces: PartitionPiece[]): Promise<boolean>;
  alone(piece: PartitionPiece): Promise<boolean>;
}

interface Waiting {
  piece: PartitionPiece;
  resolve: (done: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * The pieces of one topic's partitions that kafkajs hands over together (one fetch spreads a topic's
 * messages over its partitions: 12 by default, so at a few hundred events per second each partition's
 * batch holds one or two) gathered into one database transaction of at most `maxMessages` messages,
 * instead of one transaction, one inbox statement and one commit per partition. Each partition's
 * messages stay in offset order and a key lives on one partition, so per-key order is kept.
 *
 * Pieces are taken on the next turn of the event loop after the first arrives (kafkajs starts its
 * workers on one fetch's batches in the same turn) and the gathered transactions of a topic run one
 * after another. A gathered transaction that does not commit — an event to be handled on its own, a
 * handler that threw — is rolled back and each piece is then consumed alone, as it would have been
 * without gathering (one transaction, then one event per transaction, retries, dead letters).
 */
export class PieceGathering {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly maxMessages: number,
    private readonly consumption: PieceConsumption,
  ) {}

  /** Resolves true once the piece committed, false when its partition was taken away first. */
  consume(piece: PartitionPiece): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ piece, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.consumeGroup(this.nextGroup());
    } finally {
      this.draining = false;
    }
  }

  /** The waiting pieces, oldest first, up to maxMessages in all (always at least one). */
  private nextGroup(): Waiting[] {
    let count = 0;
    let n = 0;
    while (n < this.waiting.length) {
      const size = this.waiting[n].piece.messages.length;
      if (n > 0 && count + size > this.maxMessages) break;
      count += size;
      n++;
    }
    return this.waiting.splice(0, n);
  }

  private async consumeGroup(group: Waiting[]): Promise<void> {
    const live = group.filter((w) => {
      const { isRunning, isStale } = w.piece.payload;
      if (isRunning() && !isStale()) return true;
      w.resolve(false);
      return false;
    });
    if (live.length === 0) return;
    if (live.length > 1) {
      let committed: boolean;
      try {
        committed = await this.consumption.together(live.map((w) => w.piece));
      } catch (err) {
        for (const w of live) w.reject(err);
        return;
      }
      if (committed) {
        for (const w of live) w.resolve(true);
        return;
      }
    }
    await Promise.all(live.map((w) => this.consumption.alone(w.piece).then(w.resolve, w.reject)));
  }
}
