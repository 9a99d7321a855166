import { EventDefinition, EventEnvelope, ParsedEvent, ROLES, validateEnvelope } from './envelope';
import { decodeMessage } from './decode-message';
import { Problems, int, isoDateTime, object, oneOf, str, uuid } from './validation';

/**
 * An envelope as the outbox stores it and the transport carries it: what routing, ordering,
 * idempotency and tracing need stays in clear (id, type, version, occurredAt, aggregateId,
 * correlationId, actor); the payload, which may carry PHI, is sealed (AES-256-GCM under the PHI key,
 * the event id as associated data) and there is no `payload` field.
 */
export interface SealedEventEnvelope extends Omit<EventEnvelope, 'payload'> {
  /** `v2:<key id>:<iv>:<tag>:<ciphertext>` of the payload's JSON, sealed to this event's id. */
  sealedPayload: string;
}

/** Seals a payload's JSON to one event id (the messaging lib passes the PHI keyring's). */
export type PayloadSealer = (payloadJson: string, eventId: string) => string;
/** Opens a sealed payload of one event id back to its JSON; throws when it does not open. */
export type PayloadOpener = (sealedPayload: string, eventId: string) => string;

export function sealEnvelope(envelope: EventEnvelope, seal: PayloadSealer): SealedEventEnvelope {
  return {
    id: envelope.id,
    type: envelope.type,
    version: envelope.version,
    occurredAt: envelope.occurredAt,
    aggregateId: envelope.aggregateId,
    correlationId: envelope.correlationId,
    actor: envelope.actor,
    sealedPayload: seal(JSON.stringify(envelope.payload), envelope.id),
  };
}

const sealedShape = object({
  id: uuid,
  type: str({ min: 3, max: 200 }),
  version: int({ min: 1 }),
  occurredAt: isoDateTime,
  aggregateId: str({ min: 1, max: 200 }),
  correlationId: str({ min: 1, max: 200 }),
  actor: object({ id: str({ min: 1, max: 200 }), role: oneOf(...ROLES) }),
  sealedPayload: str({ min: 1 }),
});

/** Located problems of a sealed envelope's shape; a clear `payload` beside it or instead is refused. */
export function validateSealedEnvelope(value: unknown): Problems {
  const problems: Problems = [];
  const clearPayload =
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)['payload'] !== undefined;
  if (clearPayload) problems.push('event.payload: refused in clear, payloads travel sealed (sealedPayload)');
  sealedShape(value, 'event', problems);
  return problems;
}

/** An event as received: opened and validated, or located problems; `received` is the decoded value. */
export type OpenedEvent<T> = ParsedEvent<T> & { received: unknown };

/**
 * Decodes raw bytes/text/object from a transport, opens its sealed payload and validates the event
 * against its definition. Problems never quote the content: a message that is not JSON, a clear
 * payload, a payload that does not open (unknown key, sealed to another event id, tampered) are
 * all malformed events.
 */
export function openEvent<T>(
  definition: EventDefinition<T>,
  raw: unknown,
  open: PayloadOpener,
): OpenedEvent<T> {
  const decoded = decodeMessage(raw);
  if (!decoded.ok) return { ok: false, problems: decoded.problems, received: decoded.received };
  const received = decoded.value;
  const problems = validateSealedEnvelope(received);
  if (problems.length > 0) return { ok: false, problems, received };
  const sealed = received as SealedEventEnvelope;
  let payloadJson: string;
  try {
    payloadJson = open(sealed.sealedPayload, sealed.id);
  } catch (err) {
    return {
      ok: false,
      problems: [`event.sealedPayload: does not open (${(err as Error).message})`],
      received,
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch {
    return { ok: false, problems: ['event.sealedPayload: opens to no JSON'], received };
  }
  const event: EventEnvelope<T> = {
    id: sealed.id,
    type: sealed.type,
    version: sealed.version,
    occurredAt: sealed.occurredAt,
    aggregateId: sealed.aggregateId,
    correlationId: sealed.correlationId,
    actor: sealed.actor,
    payload: payload as T,
  };
  const invalid = validateEnvelope(definition, event);
  return invalid.length > 0 ? { ok: false, problems: invalid, received } : { ok: true, event, received };
}
