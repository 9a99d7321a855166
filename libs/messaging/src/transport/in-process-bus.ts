import { EventPublisher, OutgoingMessage } from './event-publisher';

export type BusListener = (message: OutgoingMessage) => Promise<void>;

/**
 * The embedded default's transport: topics inside one process. Like a Kafka partition, one topic's
 * messages reach a listener one at a time, in publish order; publish resolves once queued.
 */
export class InProcessBus implements EventPublisher {
  private readonly listeners = new Map<string, BusListener[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;

  subscribe(topic: string, listener: BusListener): () => void {
    this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), listener]);
    return () =>
      this.listeners.set(
        topic,
        (this.listeners.get(topic) ?? []).filter((l) => l !== listener),
      );
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process bus is closed');
    for (const message of messages) {
      const listeners = this.listeners.get(message.topic) ?? [];
      for (const [i, listener] of listeners.entries()) {
        const lane = `${message.topic}#${i}`;
        const previous = this.queues.get(lane) ?? Promise.resolve();
        const next = previous.then(() => listener(message)).catch(() => undefined);
        this.queues.set(lane, next);
      }
    }
  }

  async isReady(): Promise<boolean> {
    return !this.closed;
  }

  /** Resolves when every queued delivery has been handled. */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.queues.values()];
      await Promise.all(pending);
      if ([...this.queues.values()].every((q, i) => q === pending[i]) && this.queues.size === pending.length)
        return;
    }
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
  }
}
