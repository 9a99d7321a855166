import {
  EventEnvelope,
  PayloadOpener,
  SealedEventEnvelope,
  decodeMessage,
  sealEnvelope,
  validateSealedEnvelope,
} from '@revcycle/contracts';
import { eventPayloadContext, phiKeyring } from '@revcycle/security';

/**
 * Seals an envelope's payload under the process's active PHI key, bound to its event id (the
 * associated data), for the outbox and the wire. One AES-256-GCM seal per event.
 */
export function sealEventEnvelope(envelope: EventEnvelope): SealedEventEnvelope {
  const keyring = phiKeyring();
  return sealEnvelope(envelope, (json, eventId) => keyring.encrypt(json, eventPayloadContext(eventId)));
}

/** Opens payloads with the process's PHI keyring: any key still in PHI_ENCRYPTION_KEYS opens. */
export function keyringPayloadOpener(): PayloadOpener {
  const keyring = phiKeyring();
  return (sealedPayload, eventId) => keyring.decrypt(sealedPayload, eventPayloadContext(eventId));
}

/**
 * A stored or received sealed envelope (object, JSON text or bytes) back in clear, for readers that
 * are not consumers (tests, operators' tools); throws when it is not a sealed envelope or does not
 * open. Consumers go through EventConsumer, which dead-letters instead.
 */
export function openEventEnvelope<T = unknown>(stored: unknown): EventEnvelope<T> {
  const decoded = decodeMessage(stored);
  if (!decoded.ok) throw new Error(decoded.problems.join('; '));
  const problems = validateSealedEnvelope(decoded.value);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const { sealedPayload, ...clear } = decoded.value as SealedEventEnvelope;
  const payload = JSON.parse(keyringPayloadOpener()(sealedPayload, clear.id)) as T;
  return { ...clear, payload };
}
