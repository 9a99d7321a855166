import { EventEnvelope, PayerSnapshot, createEvent, PayerUpdatedEvent } from '@revcycle/contracts';
import { TestDatabase, createTestDatabase, openServiceDataSource } from '@revcycle/persistence';
import { PhiKeyring, configurePhiEncryption } from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClaimParties } from '../claim/claim.entity';
import { CLAIMS_DATABASE } from '../claims.module';
import { PartySnapshots } from './party-snapshots';

/** claims' store of the latest party snapshots from charts, and a claim's parties rebuilt from it. */
describe('party snapshots at claims', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const snapshots = new PartySnapshots();
  const payerId = randomUUID();
  const payer = (name: string): PayerSnapshot => ({ id: payerId, name, payerId: 'P1' });
  const event = (name: string, occurredAt: string): EventEnvelope =>
    ({
      ...createEvent(PayerUpdatedEvent, {
        aggregateId: payerId,
        actor: { id: 'it', role: 'biller' },
        payload: { payer: payer(name), changed: ['name'] },
      }),
      occurredAt,
    }) as EventEnvelope;
  const parties: ClaimParties = {
    patient: {
      id: randomUUID(),
      mrn: 'M1',
      firstName: 'Jo',
      lastName: 'Smiht',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    },
    coverage: {
      id: randomUUID(),
      payer: payer('Old Name'),
      memberId: 'XZ1',
      relationship: 'self',
      subscriber: { firstName: 'Jo', lastName: 'Smiht', dateOfBirth: '1970-05-05', sex: 'F' },
    },
    billingProvider: { id: randomUUID(), npi: '1234567893', name: 'Clinic' },
    renderingProvider: { id: randomUUID(), npi: '1234567893', name: 'Okafor', firstName: 'Ada' },
  };

  beforeAll(async () => {
    configurePhiEncryption(
      new PhiKeyring([{ id: 'default', keyBase64: randomBytes(32).toString('base64') }], 'default'),
    );
    db = await createTestDatabase();
    ds = await openServiceDataSource({ ...CLAIMS_DATABASE, url: db.url });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('keeps the newest snapshot (an older event arriving late changes nothing), encrypted', async () => {
    await ds.transaction((m) =>
      snapshots.record(m, 'payer', payerId, event('New Name', '2026-11-02T10:00:00Z'), payer('New Name')),
    );
    await ds.transaction((m) =>
      snapshots.record(m, 'payer', payerId, event('Stale', '2026-11-02T09:00:00Z'), payer('Stale')),
    );
    const [row] = await ds.query(`SELECT snapshot FROM claims.party_snapshot WHERE party_id = $1`, [payerId]);
    expect(row.snapshot).not.toContain('New Name');
    const r = await ds.transaction((m) => snapshots.refresh(m, parties));
    expect(r.refreshed).toEqual(['payer']);
    expect(r.parties.coverage.payer.name).toBe('New Name');
  });

  it('rebuilds patient and coverage from theirs, and a newer coverage keeps the payer it embeds', async () => {
    const newer = { ...parties.coverage, memberId: 'XZ2', payer: payer('Newest Name') };
    const at = (iso: string) => ({ ...event('x', iso), id: randomUUID() });
    await ds.transaction(async (m) => {
      await snapshots.record(m, 'patient', parties.patient.id, at('2026-11-02T11:00:00Z'), {
        ...parties.patient,
        lastName: 'Smith',
      });
      await snapshots.record(m, 'coverage', parties.coverage.id, at('2026-11-02T12:00:00Z'), newer);
    });
    const r = await ds.transaction((m) => snapshots.refresh(m, parties));
    expect(r.refreshed.sort()).toEqual(['coverage', 'patient']);
    expect(r.parties.patient.lastName).toBe('Smith');
    expect(r.parties.coverage).toEqual(newer);
    expect(r.parties.billingProvider).toBe(parties.billingProvider);
  });
});
