import {
  ClaimCreatedEvent,
  EncounterFinalizedEvent,
  InvalidEventError,
  createEvent,
  deadLetterTopic,
  parseEvent,
} from './index';

const claim = {
  claimId: 'c1',
  encounterId: 'e1',
  patientControlNumber: 'RC0000000001',
  patientId: 'p1',
  payerId: 'y1',
  dateOfService: '2026-09-14',
  totalChargeCents: 12500,
  serviceLineCount: 1,
};

describe('event envelope', () => {
  it('creates a versioned envelope keyed by its aggregate', () => {
    const e = createEvent(ClaimCreatedEvent, {
      aggregateId: 'c1',
      actor: { id: 'svc', role: 'system' },
      payload: claim,
    });
    expect(e).toMatchObject({ type: 'claims.claim.created', version: 1, aggregateId: 'c1', payload: claim });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.correlationId).toBeTruthy();
    expect(parseEvent(ClaimCreatedEvent, Buffer.from(JSON.stringify(e)))).toEqual({ ok: true, event: e });
  });

  it('refuses to create an event that breaks its contract, naming the fields', () => {
    expect(() =>
      createEvent(ClaimCreatedEvent, {
        aggregateId: 'c1',
        actor: { id: 'svc', role: 'system' },
        payload: { ...claim, totalChargeCents: 12.5, dateOfService: '14/09/2026' },
      }),
    ).toThrow(InvalidEventError);
    try {
      createEvent(ClaimCreatedEvent, {
        aggregateId: 'c1',
        actor: { id: 'svc', role: 'system' },
        payload: { ...claim, totalChargeCents: -1 },
      });
    } catch (err) {
      expect((err as InvalidEventError).problems).toEqual(['payload.totalChargeCents: must be ≥ 0']);
    }
  });

  it('reports located problems for malformed input instead of throwing', () => {
    expect(parseEvent(ClaimCreatedEvent, '{oops')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^event: not valid JSON/)],
    });
    const e = createEvent(ClaimCreatedEvent, {
      aggregateId: 'c1',
      actor: { id: 'svc', role: 'system' },
      payload: claim,
    });
    expect(parseEvent(ClaimCreatedEvent, { ...e, version: 2 })).toMatchObject({
      ok: false,
      problems: ['event.version: claims.claim.created v2 is not supported (expected v1)'],
    });
    expect(parseEvent(EncounterFinalizedEvent, e)).toMatchObject({
      ok: false,
      problems: ['event.type: expected charts.encounter.finalized, got claims.claim.created'],
    });
    expect(
      parseEvent(ClaimCreatedEvent, { ...e, id: 'x', actor: { id: 'u', role: 'pirate' } }),
    ).toMatchObject({
      ok: false,
      problems: [
        'event.id: must be a UUID',
        'event.actor.role: must be one of coder, biller, finance, compliance, admin, payer, system',
      ],
    });
  });

  it('names the dead-letter topic beside each topic', () =>
    expect(deadLetterTopic('coding.encounter.coded')).toBe('coding.encounter.coded.dlq'));
});
