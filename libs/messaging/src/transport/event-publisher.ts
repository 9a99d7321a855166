/** One message as it leaves the outbox: topic, key (the aggregate id) and the envelope JSON. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** Where the relay hands messages: Kafka (distributed) or the in-process bus (embedded default). */
export interface EventPublisher {
  /**
   * Resolves only when every message is durably accepted by the transport. May be called again
   * before an earlier call resolved: a key's messages are still delivered in call order.
   */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /** True when the transport can accept messages now (for /health). */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

/**
 * A publish that was not attempted because an earlier one of the same ordering lane failed (sending
 * it would have let it overtake that one): says nothing about its own messages.
 */
export class EarlierSendFailed extends Error {
  constructor(readonly earlier: Error) {
    super(`not sent: an earlier send of its lane failed (${earlier.message})`);
  }
}

/**
 * A consumer in this process could not take a message now (the in-process bus): the message is to
 * be sent again later; says nothing about the message itself.
 */
export class ConsumerUnavailable extends Error {
  constructor(readonly reason: Error) {
    super(`a consumer could not take the message now (${reason.message})`);
  }
}
