import { EntityManager } from 'typeorm';

/**
 * What EventConsumer.consume runs inside when an operator replays a dead letter (or DeadLetters
 * applies the events parked behind it): the message goes through the service's own @EventPattern
 * handler, and the consumer it names — only that one, in that schema — applies it on the replay's
 * transaction (`manager`), inside a savepoint. Other consumers of the topic in the process skip it.
 * Errors do not escape through Nest's RPC layer (it replaces them): the consumer records them here.
 */
export class DeadLetterReplay {
  /** The consumer was reached and applied the event (error undefined) or failed (error set). */
  reached = false;
  error: Error | undefined;

  constructor(
    readonly schema: string,
    readonly consumer: string,
    /** Lower case; undefined for a malformed message that carried no event id. */
    readonly eventId: string | undefined,
    readonly manager: EntityManager,
  ) {}

  /** Whether the consumer of this schema named `consumer` is the one to apply the replayed event. */
  targets(schema: string, consumer: string): boolean {
    return schema === this.schema && consumer === this.consumer;
  }

  failed(error: Error): void {
    this.reached = true;
    this.error = error;
  }

  applied(): void {
    this.reached = true;
    this.error = undefined;
  }
}
