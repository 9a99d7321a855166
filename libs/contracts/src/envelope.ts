import { randomUUID } from 'node:crypto';
import { decodeMessage } from './decode-message';
import { Check, Problems, int, isoDateTime, object, oneOf, optional, str, uuid } from './validation';

/** Who caused an event: a person with a role, or a service acting on its own. */
export interface Actor {
  id: string;
  role: 'coder' | 'biller' | 'finance' | 'compliance' | 'admin' | 'payer' | 'system';
}

/** DESIGN.md "Messaging": the envelope every event travels in. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  aggregateId: string;
  correlationId: string;
  actor: Actor;
  payload: T;
}

export interface EventDefinition<T> {
  /** Also the Kafka topic. */
  type: string;
  version: number;
  validatePayload: Check;
  /** For type inference only. */
  readonly _payload?: T;
}

export function defineEvent<T>(type: string, version: number, validatePayload: Check): EventDefinition<T> {
  return { type, version, validatePayload };
}

export const ROLES: Actor['role'][] = [
  'coder',
  'biller',
  'finance',
  'compliance',
  'admin',
  'payer',
  'system',
];

const envelopeShape = object({
  id: uuid,
  type: str({ min: 3, max: 200 }),
  version: int({ min: 1 }),
  occurredAt: isoDateTime,
  aggregateId: str({ min: 1, max: 200 }),
  correlationId: str({ min: 1, max: 200 }),
  actor: object({ id: str({ min: 1, max: 200 }), role: oneOf(...ROLES) }),
  payload: optional(() => undefined),
});

export interface NewEvent<T> {
  aggregateId: string;
  payload: T;
  actor: Actor;
  correlationId?: string;
}

/** Builds a validated envelope; throws InvalidEventError when the payload breaks the contract. */
export function createEvent<T>(definition: EventDefinition<T>, event: NewEvent<T>): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    aggregateId: event.aggregateId,
    correlationId: event.correlationId ?? randomUUID(),
    actor: event.actor,
    payload: event.payload,
  };
  const problems = validateEnvelope(definition, envelope);
  if (problems.length > 0) throw new InvalidEventError(definition.type, problems);
  return envelope;
}

export function validateEnvelope<T>(definition: EventDefinition<T>, value: unknown): Problems {
  const problems: Problems = [];
  envelopeShape(value, 'event', problems);
  if (problems.length > 0) return problems;
  const envelope = value as EventEnvelope;
  if (envelope.type !== definition.type)
    problems.push(`event.type: expected ${definition.type}, got ${envelope.type}`);
  if (envelope.version !== definition.version) {
    problems.push(
      `event.version: ${definition.type} v${envelope.version} is not supported (expected v${definition.version})`,
    );
  }
  if (problems.length === 0) definition.validatePayload(envelope.payload, 'payload', problems);
  return problems;
}

export type ParsedEvent<T> = { ok: true; event: EventEnvelope<T> } | { ok: false; problems: Problems };

/**
 * Parses raw bytes/text/object into a validated envelope with its payload in clear, or located
 * problems. Transports carry sealed envelopes: consumers use openEvent.
 */
export function parseEvent<T>(definition: EventDefinition<T>, raw: unknown): ParsedEvent<T> {
  const decoded = decodeMessage(raw);
  if (!decoded.ok) return { ok: false, problems: decoded.problems };
  const value = decoded.value;
  const problems = validateEnvelope(definition, value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, event: value as EventEnvelope<T> };
}

export class InvalidEventError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: Problems,
  ) {
    super(`invalid ${eventType} event: ${problems.join('; ')}`);
  }
}

/** DESIGN.md: a `.dlq` topic beside each topic for poison messages. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
