import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { inConsumeScope } from '../inbox/consumer-batch';
import { InProcessBus } from './in-process-bus';

/**
 * A Nest microservice transport over the in-process bus: the same @EventPattern handlers that run on
 * Kafka run here, one process, no broker (DESIGN.md "Embedded default"). Handlers run in the
 * `redelivering` scope: EventConsumer dead-letters what can never be handled and gives a transient
 * failure (database away) back, which fails the bus's publish, so the relay leaves the row
 * unpublished and sends it again after its backoff.
 */
export class InProcessTransport extends Server implements CustomTransportStrategy {
  private readonly unsubscribes: Array<() => void> = [];

  constructor(private readonly bus: InProcessBus) {
    super();
  }

  listen(callback: () => void): void {
    for (const pattern of this.messageHandlers.keys()) {
      this.unsubscribes.push(
        this.bus.subscribe(pattern, async (message) => {
          const handler = this.getHandlerByPattern(pattern);
          if (!handler) return;
          await inConsumeScope('redelivering', async () => {
            const result = await handler(parseValue(message.value), {
              topic: message.topic,
              key: message.key,
            });
            if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          });
        }),
      );
    }
    this.bus.opened();
    callback();
  }

  close(): void {
    this.bus.shut();
    this.unsubscribes.splice(0).forEach((u) => u());
  }

  on(): void {
    // No transport-level events to observe.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}

/** Mirrors Nest's Kafka parser: JSON when it parses, the raw string otherwise. */
function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
