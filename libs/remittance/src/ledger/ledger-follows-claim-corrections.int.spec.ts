import { getDataSourceToken } from '@nestjs/typeorm';
import {
  ClaimCorrected,
  ClaimCorrectedEvent,
  ClaimCreated,
  ClaimCreatedEvent,
  ClaimServiceLine,
  createEvent,
} from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { remittanceServiceSpec } from '../remittance.app';
import { ClaimCorrectedConsumer } from './claim-corrected.consumer';
import { ClaimCreatedConsumer } from './claim-created.consumer';
import { loadLedger } from '../posting/claim-batch-poster';

interface Entry {
  patientControlNumber: string;
  totalChargeCents: number;
  serviceLineCount: number;
  revision: number;
  voided: boolean;
}

/**
 * The remittance ledger over real HTTP on a real PostgreSQL, fed through its own consumers (inbox):
 * it follows claims.claim.corrected whatever order the two topics deliver in, and never goes back.
 */
describe('the ledger follows claim corrections', () => {
  let remittance: ServiceUnderTest;
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
  }, 120_000);
  afterAll(() => remittance?.stop(), 60_000);

  let n = 0;
  const created = (): ClaimCreated => ({
    claimId: randomUUID(),
    encounterId: randomUUID(),
    patientControlNumber: `RC9${String(++n).padStart(9, '0')}${Date.now() % 1000}`,
    patientId: randomUUID(),
    payerId: randomUUID(),
    dateOfService: '2026-09-14',
    totalChargeCents: 20000,
    serviceLineCount: 2,
  });
  const corrected = (c: ClaimCreated, over: Partial<ClaimCorrected>): ClaimCorrected => ({
    ...c,
    revision: 2,
    frequencyCode: '1',
    status: 'ready',
    voided: false,
    ...over,
  });
  const actor = { id: 'it-biller', role: 'biller' as const };
  const deliverCreated = (c: ClaimCreated) =>
    remittance.running.app
      .get(ClaimCreatedConsumer)
      .onClaimCreated(
        sealEventEnvelope(createEvent(ClaimCreatedEvent, { aggregateId: c.claimId, actor, payload: c })),
      );
  const deliverCorrected = (c: ClaimCorrected) => {
    // As it travels: sealed. The same sealed message delivered again is what a redelivery is.
    const event = sealEventEnvelope(
      createEvent(ClaimCorrectedEvent, { aggregateId: c.claimId, actor, payload: c }),
    );
    return remittance.running.app
      .get(ClaimCorrectedConsumer)
      .onClaimCorrected(event)
      .then(() => event);
  };
  const entry = async (pcn: string) =>
    (await remittance.call<Entry>('GET', `/remittance/ledger/${pcn}`, 'finance')).body;

  it('takes the corrected charges and line count, then the void', async () => {
    const c = created();
    await deliverCreated(c);
    await deliverCorrected(corrected(c, { totalChargeCents: 15000, serviceLineCount: 1 }));
    expect(await entry(c.patientControlNumber)).toMatchObject({
      totalChargeCents: 15000,
      serviceLineCount: 1,
      revision: 2,
      voided: false,
    });
    await deliverCorrected(
      corrected(c, {
        revision: 3,
        frequencyCode: '8',
        status: 'voided',
        voided: true,
        totalChargeCents: 15000,
      }),
    );
    expect(await entry(c.patientControlNumber)).toMatchObject({ revision: 3, voided: true });
  });

  it('a correction arriving before the created event makes the entry; the late created event changes nothing', async () => {
    const c = created();
    await deliverCorrected(corrected(c, { totalChargeCents: 9000 }));
    await deliverCreated(c);
    expect(await entry(c.patientControlNumber)).toMatchObject({ totalChargeCents: 9000, revision: 2 });
  });

  it('an older revision never overwrites a newer one, and a redelivered event is a no-op', async () => {
    const c = created();
    await deliverCreated(c);
    const third = await deliverCorrected(corrected(c, { revision: 3, totalChargeCents: 30000 }));
    await deliverCorrected(corrected(c, { revision: 2, totalChargeCents: 25000 }));
    await remittance.running.app.get(ClaimCorrectedConsumer).onClaimCorrected(third);
    expect(await entry(c.patientControlNumber)).toMatchObject({ totalChargeCents: 30000, revision: 3 });
  });

  it('keeps the billed lines 835 matching needs, and they follow the newest revision only', async () => {
    const line = (n: number, procedureCode: string, chargeCents: number): ClaimServiceLine => ({
      lineNumber: n,
      lineItemControlNumber: `X-${n}`,
      procedureCode,
      modifiers: n === 1 ? ['25'] : [],
      dateOfService: '2026-09-14',
      units: 1,
      chargeCents,
    });
    const db = remittance.running.app.get<DataSource>(getDataSourceToken('remittance'));
    // read as 835 matching reads them: the claim's sealed procedures and modifiers opened
    const lines = async (claimId: string) =>
      (await loadLedger(db.manager, [], claimId))
        .get(claimId)!
        .lines.map((l) => [l.lineNumber, l.procedureCode, l.modifiers]);
    // sealed once on the claim, none on the line rows
    const stored = async (claimId: string): Promise<unknown[]> => {
      const [claim] = await db.query(
        `SELECT line_services FROM remittance.claim_ledger WHERE claim_id = $1`,
        [claimId],
      );
      const rows: { service: string | null; cents: number }[] = await db.query(
        `SELECT service, charge_cents::int AS cents FROM remittance.claim_ledger_line
          WHERE claim_id = $1 ORDER BY line_number`,
        [claimId],
      );
      return [
        claim.line_services.startsWith('v2:'),
        claim.line_services.includes('99213'),
        ...rows.map((r) => [r.service, r.cents]),
      ];
    };
    const c = { ...created(), serviceLines: [line(1, '99213', 15000), line(2, '36415', 5000)] };
    await deliverCreated(c);
    expect(await lines(c.claimId)).toEqual([
      [1, '99213', ['25']],
      [2, '36415', []],
    ]);
    // at rest the codes are sealed, the charges in clear
    expect(await stored(c.claimId)).toEqual([true, false, [null, 15000], [null, 5000]]);
    await deliverCorrected(corrected(c, { revision: 3, serviceLines: [line(1, '99214', 20000)] }));
    await deliverCorrected(corrected(c, { revision: 2, serviceLines: [line(1, '99212', 9000)] }));
    expect(await lines(c.claimId)).toEqual([[1, '99214', ['25']]]);
  });
});
