/** One message as it leaves the outbox: topic, key (the aggregate id) and the envelope JSON. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** Where the relay hands messages: Kafka (distributed) or the in-process bus (embedded default). */
export interface EventPublisher {
  /** Resolves only when every message is durably accepted by the transport. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /** True when the transport can accept messages now (for /health). */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
