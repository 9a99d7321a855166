import { createEvent, InvalidEventError } from '../envelope';
import { ALL_TOPICS } from '../topics';
import {
  CoverageUpdatedEvent,
  PatientUpdatedEvent,
  PayerUpdatedEvent,
  ProviderUpdatedEvent,
} from './chart-parties';

const actor = { id: 'u1', role: 'biller' as const };
const patient = {
  id: 'p1',
  mrn: 'MRN-1',
  firstName: 'Jo',
  lastName: 'Smith',
  dateOfBirth: '1970-05-05',
  sex: 'F' as const,
  address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
};

describe('charts party-updated events', () => {
  it('are topics of their own', () =>
    expect(ALL_TOPICS).toEqual(
      expect.arrayContaining([
        'charts.patient.updated',
        'charts.coverage.updated',
        'charts.provider.updated',
        'charts.payer.updated',
      ]),
    ));

  it('carry the whole snapshot and the changed fields', () => {
    const e = createEvent(PatientUpdatedEvent, {
      aggregateId: 'p1',
      actor,
      payload: { patient, changed: ['lastName'] },
    });
    expect(e).toMatchObject({ type: 'charts.patient.updated', version: 1, payload: { patient } });
    expect(() =>
      createEvent(CoverageUpdatedEvent, {
        aggregateId: 'c1',
        actor,
        payload: {
          patientId: 'p1',
          coverage: {
            id: 'c1',
            payer: { id: 'y1', name: 'Plan', payerId: '60054' },
            memberId: 'XZ1',
            relationship: 'self',
            subscriber: { firstName: 'Jo', lastName: 'Smith', dateOfBirth: '1970-05-05', sex: 'F' },
          },
          changed: ['memberId'],
        },
      }),
    ).not.toThrow();
  });

  it('refuse a snapshot that breaks the contract, naming the fields', () => {
    try {
      createEvent(ProviderUpdatedEvent, {
        aggregateId: 'v1',
        actor,
        payload: { provider: { id: 'v1', npi: '12', name: '' }, changed: [] },
      });
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidEventError);
      expect((err as InvalidEventError).problems).toEqual([
        'payload.provider.npi: must be a 10-digit NPI',
        'payload.provider.name: must have at least 1 characters',
        'payload.changed: must have at least 1 item(s)',
      ]);
    }
    expect(() =>
      createEvent(PayerUpdatedEvent, {
        aggregateId: 'y1',
        actor,
        payload: { payer: { id: 'y1', name: 'Plan', payerId: '6' }, changed: ['payerId'] },
      }),
    ).toThrow(/payload.payer.payerId/);
  });
});
