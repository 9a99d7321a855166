/**
 * Where this process's consumers are: `joining` from start (and during a rebalance) until the group
 * assigned them their partitions, `assigned` while they consume, `stopped` after shutdown.
 */
export type ConsumerGroupState = 'joining' | 'assigned' | 'stopped';

export interface ConsumerGroupStatus {
  state(): ConsumerGroupState;
}

export const CONSUMER_GROUP_STATUS = Symbol('CONSUMER_GROUP_STATUS');

/** Transports without a group (in-process, Nest's stock Kafka server, whose assignment is not observed). */
export const NO_CONSUMER_GROUP: ConsumerGroupStatus = { state: () => 'assigned' };
