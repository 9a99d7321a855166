import { ClaimCreatedEvent, createEvent, openEvent, sealEnvelope, validateSealedEnvelope } from './index';

/** A stand-in seal bound to the event id (the real one is AES-256-GCM in libs/messaging). */
const seal = (json: string, id: string) => `${id}|${Buffer.from(json).toString('base64')}`;
const open = (sealed: string, id: string) => {
  const [boundTo, data] = sealed.split('|');
  if (boundTo !== id) throw new Error('sealed to another event');
  return Buffer.from(data, 'base64').toString('utf8');
};

const event = createEvent(ClaimCreatedEvent, {
  aggregateId: 'c1',
  actor: { id: 'svc', role: 'system' },
  payload: {
    claimId: 'c1',
    encounterId: 'e1',
    patientControlNumber: 'RC0000000001',
    patientId: 'p1',
    payerId: 'y1',
    dateOfService: '2026-09-14',
    totalChargeCents: 12500,
    serviceLineCount: 1,
  },
});

describe('sealed event envelopes', () => {
  it('keep the routing fields in clear, replace the payload by its seal, and open back', () => {
    const sealed = sealEnvelope(event, seal);
    const { payload, ...clear } = event;
    expect(sealed).toEqual({ ...clear, sealedPayload: seal(JSON.stringify(payload), event.id) });
    expect(validateSealedEnvelope(sealed)).toEqual([]);
    expect(openEvent(ClaimCreatedEvent, Buffer.from(JSON.stringify(sealed)), open)).toEqual({
      ok: true,
      event,
      received: sealed,
    });
  });

  it('refuse a clear payload, a seal that does not open and a payload that breaks the contract', () => {
    expect(openEvent(ClaimCreatedEvent, event, open)).toMatchObject({
      ok: false,
      problems: [
        'event.payload: refused in clear, payloads travel sealed (sealedPayload)',
        expect.any(String),
      ],
    });
    const moved = { ...sealEnvelope(event, seal), id: '00000000-0000-4000-8000-000000000000' };
    expect(openEvent(ClaimCreatedEvent, moved, open)).toMatchObject({
      ok: false,
      problems: ['event.sealedPayload: does not open (sealed to another event)'],
      received: moved,
    });
    const broken = sealEnvelope({ ...event, payload: { claimId: 'c1' } }, seal);
    expect(openEvent(ClaimCreatedEvent, broken, open)).toMatchObject({
      ok: false,
      problems: expect.arrayContaining(['payload.encounterId: must be a string']),
    });
  });

  it('report text that is not JSON by position, never quoting it', () => {
    const result = openEvent(ClaimCreatedEvent, '{"name": Quintero', open);
    expect(result).toMatchObject({ ok: false, received: '{"name": Quintero' });
    expect(result.ok || result.problems.join(' ')).toMatch(/^event: not valid JSON/);
    expect(result.ok || result.problems.join(' ')).not.toContain('Quintero');
  });
});
