import { ConsumerUnavailable, EarlierSendFailed, EventPublisher, OutgoingMessage } from './event-publisher';

export type BusListener = (message: OutgoingMessage) => Promise<void>;

interface Lane {
  tail: Promise<void>;
  pending: number;
}

/**
 * The embedded default's transport: topics inside one process. Like a Kafka partition, one topic's
 * messages reach a listener one at a time, in publish order. publish resolves only once every
 * listener has handled its messages — for an inbox-backed handler, once its transaction committed —
 * so the relay marks a row published only then, and a process that dies before loses nothing: the
 * row is sent again at the next start. A listener that throws (a consumer that could not take the
 * message now: EventConsumer gives back only transient failures here, it dead-letters the rest)
 * rejects the publish with ConsumerUnavailable; the listener's later messages of that moment are
 * not delivered (EarlierSendFailed) so none overtakes it, and the relay sends them all again.
 * Until the transport subscribed its handlers (open()) and once it stopped (shut()), publish fails
 * the same way rather than deliver to nobody: a topic without a listener then is not a topic nobody
 * consumes, and the row waits.
 */
export class InProcessBus implements EventPublisher {
  private readonly listeners = new Map<string, BusListener[]>();
  private readonly lanes = new Map<string, Lane>();
  private readonly inFlight = new Set<Promise<void>>();
  private open = false;
  private closed = false;

  subscribe(topic: string, listener: BusListener): () => void {
    this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), listener]);
    return () =>
      this.listeners.set(
        topic,
        (this.listeners.get(topic) ?? []).filter((l) => l !== listener),
      );
  }

  /** The transport has subscribed every handler: messages may be delivered. */
  opened(): void {
    if (!this.closed) this.open = true;
  }

  /** The transport stopped: nothing more is delivered (what is under way finishes). */
  shut(): void {
    this.open = false;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process bus is closed');
    if (!this.open) throw new ConsumerUnavailable(new Error('the in-process consumers are not listening'));
    const deliveries: Promise<void>[] = [];
    for (const message of messages) {
      const listeners = this.listeners.get(message.topic) ?? [];
      for (const [i, listener] of listeners.entries())
        deliveries.push(this.deliver(`${message.topic}#${i}`, () => listener(message)));
    }
    const outcomes = await Promise.allSettled(deliveries);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private deliver(key: string, handle: () => Promise<void>): Promise<void> {
    const lane = this.lanes.get(key) ?? { tail: Promise.resolve(), pending: 0 };
    this.lanes.set(key, lane);
    lane.pending++;
    const delivered = lane.tail.then(
      () =>
        handle().catch((err: Error) => {
          throw new ConsumerUnavailable(err);
        }),
      (err: Error) => {
        throw err instanceof EarlierSendFailed ? err : new EarlierSendFailed(err);
      },
    );
    lane.tail = delivered;
    // The tail's rejection is reported through the publish that owns `delivered`.
    delivered.catch(() => undefined);
    const settled = delivered.finally(() => {
      if (--lane.pending === 0) this.lanes.delete(key);
    });
    this.inFlight.add(settled);
    void settled.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    return settled;
  }

  async isReady(): Promise<boolean> {
    return this.open && !this.closed;
  }

  /** Resolves when every delivery under way has been handled (or has failed). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.open = false;
    await this.idle();
    this.closed = true;
  }
}
