import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { InProcessBus } from './in-process-bus';

/**
 * A Nest microservice transport over the in-process bus: the same @EventPattern handlers that run on
 * Kafka run here, one process, no broker (DESIGN.md "Embedded default").
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
          const result = await handler(parseValue(message.value), { topic: message.topic, key: message.key });
          if (result && typeof (result as { subscribe?: unknown }).subscribe === 'function') {
            const { lastValueFrom } = await import('rxjs');
            await lastValueFrom(result as never, { defaultValue: undefined });
          }
        }),
      );
    }
    callback();
  }

  close(): void {
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
