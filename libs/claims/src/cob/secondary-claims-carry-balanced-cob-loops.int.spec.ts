import {
  ClaimCorrected,
  ClaimCorrectedEvent,
  ClaimCreated,
  ClaimCreatedEvent,
  EncounterCoded,
  EncounterCodedEvent,
  createEvent,
} from '@revcycle/contracts';
import { openEventEnvelope, sealEventEnvelope } from '@revcycle/messaging';
import { Client } from 'pg';
import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { ServiceUnderTest } from '@revcycle/runtime';
import { Adjustment, parse837 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import {
  ClaimView,
  adjudicatedEvent,
  claimsOfEncounter,
  deliverAdjudication,
  historyOf,
  sendToPayer,
  x12Errors,
} from '../adjudication/adjudication.test-support';
import { claimsServiceSpec } from '../claims.app';
import { CodedEncounterConsumer } from '../intake/coded-encounter.consumer';
import { codedEncounter } from '../submission/ready-claims.test-support';

const sum = (xs: ReadonlyArray<{ amountCents: number }> | undefined) =>
  (xs ?? []).reduce((s, a) => s + a.amountCents, 0);

/**
 * Coordination of benefits over real HTTP on a real PostgreSQL: the primary's 835 (through the
 * claims consumer) bills the patient's secondary coverage once, with 837P loops 2320/2330A/2330B
 * and 2430 that balance (SVD02 + Σ line CAS = SV102; AMT*D + Σ CAS = CLM02) and validate clean;
 * amounts that do not balance keep the secondary claim in the edit queue instead.
 */
describe('secondary claims carry balanced COB loops', () => {
  let claims: ServiceUnderTest;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  /** What claims told remittance about `claimId` (its outbox, opened): the ledger's view of it. */
  async function ledgerEventsOf(claimId: string) {
    const sql = new Client({ connectionString: claims.running.env.databaseUrl });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ topic: string; envelope: unknown }>(
        `SELECT topic, envelope FROM claims.outbox WHERE topic = ANY($1) AND message_key = $2 ORDER BY seq`,
        [[ClaimCreatedEvent.type, ClaimCorrectedEvent.type], claimId],
      );
      return rows.map((r) => ({
        topic: r.topic,
        payload: openEventEnvelope<ClaimCreated & Partial<ClaimCorrected>>(r.envelope).payload,
      }));
    } finally {
      await sql.end();
    }
  }

  /** A two-line encounter whose patient has a secondary coverage, stored and sent to the primary. */
  async function primaryClaimSent(): Promise<{
    encounter: EncounterCoded;
    primary: ClaimView;
    secondaryPayerId: string;
  }> {
    const primaryPayerId = randomUUID();
    const secondaryPayerId = randomUUID();
    const base = codedEncounter(primaryPayerId, 1);
    const encounter: EncounterCoded = {
      ...base,
      coverage: {
        ...base.coverage,
        payer: { id: primaryPayerId, name: 'Primary Health', payerId: 'PRIM01' },
      },
      secondaryCoverage: {
        id: randomUUID(),
        payer: { id: secondaryPayerId, name: 'Second Chance', payerId: 'SECND01' },
        memberId: `SB${randomUUID().slice(0, 8)}`,
        groupNumber: 'G-2',
        relationship: 'spouse',
        subscriber: {
          firstName: 'Pat',
          lastName: 'Sender',
          dateOfBirth: '1979-03-03',
          sex: 'F',
          address: { line1: '9 Oak St', city: 'Madison', state: 'WI', postalCode: '53703' },
        },
      },
      diagnoses: [{ code: 'E119', sequence: 1 }],
      procedures: [
        { code: '99213', modifiers: [], units: 1, chargeCents: 15000, diagnosisSequences: [1] },
        { code: '36415', modifiers: [], units: 1, chargeCents: 2500, diagnosisSequences: [1] },
      ],
    };
    await claims.running.app.get(CodedEncounterConsumer).onCoded(
      sealEventEnvelope(
        createEvent(EncounterCodedEvent, {
          aggregateId: encounter.encounterId,
          actor: { id: 'it-coder', role: 'coder' },
          payload: encounter,
        }),
      ),
    );
    const primaryFile = await sendToPayer(claims, primaryPayerId);
    // 837 IG 2320 on the primary's claim: the secondary payer, known to be involved, without amounts
    expect(x12Errors(primaryFile)).toEqual([]);
    const [written] = parse837(primaryFile).file.transactions[0]!.claims;
    expect(written!.otherSubscribers).toEqual([
      expect.objectContaining({
        payerResponsibility: 'S',
        relationship: '01',
        payer: expect.objectContaining({ id: 'SECND01' }),
      }),
    ]);
    expect(written!.otherSubscribers![0]!.payerPaidCents).toBeUndefined();
    const [primary] = await claimsOfEncounter(claims, encounter.encounterId);
    expect(primary).toMatchObject({ status: 'submitted', payerResponsibility: 'P', primaryClaimId: null });
    return { encounter, primary: primary!, secondaryPayerId };
  }

  /** The primary's 835: line 1 paid 80.00 (CO-45 30.00, PR-1 20.00, PR-2 20.00), line 2 paid 15.00 (CO-45 5.00, PR-3 5.00). */
  const primaryPaid = (primary: ClaimView, line1Paid = 8000) =>
    adjudicatedEvent(primary, {
      outcome: 'paid',
      claimStatusCode: '1',
      payerClaimControlNumber: 'PRIM-CCN-1',
      paidCents: line1Paid + 1500,
      adjustmentCents: 3500,
      patientResponsibilityCents: 2000 + (10000 - line1Paid) + 500,
      paymentDate: '2026-10-02',
      adjustments: [],
      lines: [
        {
          lineItemControlNumber: `${primary.patientControlNumber}-1`,
          procedureCode: '99213',
          chargeCents: 15000,
          paidCents: line1Paid,
          units: 1,
          adjustments: [
            { group: 'CO', reason: '45', amountCents: 3000 },
            { group: 'PR', reason: '1', amountCents: 2000 },
            { group: 'PR', reason: '2', amountCents: 10000 - line1Paid },
          ],
        },
        {
          lineNumber: 2,
          procedureCode: '36415',
          chargeCents: 2500,
          paidCents: 1500,
          units: 1,
          adjustments: [
            { group: 'CO', reason: '45', amountCents: 500 },
            { group: 'PR', reason: '3', amountCents: 500 },
          ],
        },
      ],
    });

  it("bills the secondary after the primary's 835 with balanced 2320/2330/2430 loops that validate clean, once", async () => {
    const { encounter, primary, secondaryPayerId } = await primaryClaimSent();
    const paid = primaryPaid(primary);
    await deliverAdjudication(claims, paid);
    // a repeat does not bill the secondary again
    await deliverAdjudication(claims, primaryPaid(primary));
    const both = await claimsOfEncounter(claims, encounter.encounterId);
    expect(both).toHaveLength(2);
    const secondary = both.find((c) => c.id !== primary.id)!;
    expect(secondary.status).toBe('ready');
    // Remittance learns the claim follows the primary (AR ages the primary's PR as its receivable)
    // and gets its lines for 835 line matching.
    const [created] = await ledgerEventsOf(secondary.id);
    expect(created.topic).toBe(ClaimCreatedEvent.type);
    expect(created.payload).toMatchObject({ primaryClaimId: primary.id, serviceLineCount: 2 });
    expect(created.payload.serviceLines?.map((l) => l.lineItemControlNumber)).toEqual([
      `${secondary.patientControlNumber}-1`,
      `${secondary.patientControlNumber}-2`,
    ]);
    // a reversal holds the secondary (not sent yet) until the corrected CLP, whose amounts it then carries
    await deliverAdjudication(
      claims,
      adjudicatedEvent(primary, { outcome: 'reversed', claimStatusCode: '22', paidCents: 0 }),
    );
    const edits = async () =>
      (
        await claims.call<{ edits: Array<{ editId: string }> }>(
          'GET',
          `/claims/${secondary.id}/edits`,
          'biller',
        )
      ).body.edits;
    expect(await edits()).toEqual([expect.objectContaining({ editId: 'PRIMARY_REVERSED' })]);
    await deliverAdjudication(claims, primaryPaid(primary, 7000));
    expect(await edits()).toEqual([]);
    expect(await claimsOfEncounter(claims, encounter.encounterId)).toHaveLength(2);
    expect(secondary).toMatchObject({
      payerId: secondaryPayerId,
      payerResponsibility: 'S',
      primaryClaimId: primary.id,
      status: 'ready',
      frequencyCode: '1',
      totalChargeCents: 17500,
    });
    expect(secondary.patientControlNumber).not.toBe(primary.patientControlNumber);
    const changes = (await historyOf(claims, secondary.id)).changes;
    expect(changes.map((c) => [c.from, c.to, c.by, c.source])).toEqual([
      [null, 'ready', 'claims-cob', `claim:${primary.id}`],
      ['ready', 'rejected', 'claims-cob', `claim:${primary.id}`],
      ['rejected', 'ready', 'claims-cob', `claim:${primary.id}`],
    ]);
    expect(changes[0]!.reason).toContain(`secondary claim of ${primary.patientControlNumber}`);

    const text = await sendToPayer(claims, secondaryPayerId);
    expect(x12Errors(text)).toEqual([]);
    const [c] = parse837(text).file.transactions[0]!.claims;
    expect(c!.claimId).toBe(secondary.patientControlNumber);
    expect(c!.subscriber).toMatchObject({ payerResponsibility: 'S', payer: { id: 'SECND01' } });
    const [other] = c!.otherSubscribers!;
    expect(other).toMatchObject({
      payerResponsibility: 'P',
      relationship: '18',
      payerPaidCents: 8500,
      amounts: [{ qualifier: 'EAF', cents: 5500 }],
      payer: { id: 'PRIM01' },
      subscriber: { idQualifier: 'MI', id: encounter.coverage.memberId },
    });
    // 837P IG COB balancing, line by line and for the claim
    let lineAdjusted = 0;
    let linePaid = 0;
    for (const line of c!.serviceLines) {
      const [svd] = line.adjudications!;
      expect(svd).toMatchObject({ payerId: 'PRIM01', adjudicationDate: '2026-10-02' });
      expect(svd!.paidCents + sum(svd!.adjustments as Adjustment[])).toBe(line.chargeCents);
      lineAdjusted += sum(svd!.adjustments);
      linePaid += svd!.paidCents;
    }
    expect(linePaid - sum(other!.adjustments)).toBe(other!.payerPaidCents);
    expect(other!.payerPaidCents! + sum(other!.adjustments) + lineAdjusted).toBe(c!.totalChargeCents);
    expect(text).toContain('SBR*S*');
    expect(text).toContain('SBR*P*18*');
    expect(text.replace(/\n/g, '')).toContain(
      'SVD*PRIM01*70*HC:99213**1~CAS*CO*45*30~CAS*PR*1*20**2*30~DTP*573*D8*20261002~',
    );
    // 2330A N3/N4: the primary's subscriber is the patient
    expect(text.replace(/\n/g, '')).toContain(
      `NM1*IL*1*Sender*Sam****MI*${encounter.coverage.memberId}~N3*9 Oak St~`,
    );
    expect(text).toContain('REF*F8*PRIM-CCN-1~');
    // remaining patient liability at claim level only (X12: claim or line level, never both)
    expect(text).not.toMatch(/SVD[^]*AMT\*EAF/);

    // the secondary goes on like any claim: the payer's 999 and 277CA accept it
    const payer = adjudicateClaimFile(text, { seed: 5 });
    const ack = (body: string) =>
      claims.send('POST', '/claims/acknowledgments', 'biller', { body, contentType: 'application/edi-x12' });
    expect(JSON.parse((await ack(payer.files['999'])).text)).toMatchObject({ type: '999', accepted: 1 });
    await ack(payer.files['277ca']!);
    const decided = payer.claims[0]!.outcome === 'rejected' ? 'payer_rejected' : 'accepted';
    expect((await historyOf(claims, secondary.id)).status).toBe(decided);

    // the secondary's own 835 pays it: no tertiary claim
    await deliverAdjudication(
      claims,
      adjudicatedEvent(secondary, {
        outcome: 'paid',
        claimStatusCode: '2',
        payerClaimControlNumber: 'SEC-1',
        paidCents: 4500,
      }),
    );
    expect(await claimsOfEncounter(claims, encounter.encounterId)).toHaveLength(2);
  });

  it('a primary 835 whose lines do not balance leaves the secondary claim rejected with COB_UNBALANCED', async () => {
    const { encounter, primary } = await primaryClaimSent();
    const broken = primaryPaid(primary);
    broken.payload.lines = broken.payload.lines!.slice(0, 1); // line 2 never adjudicated
    broken.payload.paidCents = 8000;
    await deliverAdjudication(claims, broken);
    const secondary = (await claimsOfEncounter(claims, encounter.encounterId)).find(
      (c) => c.id !== primary.id,
    )!;
    expect(secondary.status).toBe('rejected');
    const edits = (
      await claims.call<{ edits: Array<{ editId: string; message: string }> }>(
        'GET',
        `/claims/${secondary.id}/edits`,
        'biller',
      )
    ).body.edits;
    expect(edits.map((e) => e.editId)).toContain('COB_UNBALANCED');
    expect(edits.find((e) => e.editId === 'COB_UNBALANCED')!.message).toMatch(/1 of the claim's 2 lines/);
  });

  it("a secondary claim not yet sent is voided when the primary's corrected payment leaves nothing for it", async () => {
    const { encounter, primary } = await primaryClaimSent();
    await deliverAdjudication(claims, primaryPaid(primary));
    await deliverAdjudication(
      claims,
      adjudicatedEvent(primary, { outcome: 'reversed', claimStatusCode: '22', paidCents: 0 }),
    );
    await deliverAdjudication(
      claims,
      adjudicatedEvent(primary, {
        outcome: 'paid',
        claimStatusCode: '1',
        paidCents: 14000,
        adjustments: [{ group: 'CO', reason: '45', amountCents: 3500 }],
      }),
    );
    const secondary = (await claimsOfEncounter(claims, encounter.encounterId)).find(
      (c) => c.id !== primary.id,
    )!;
    expect(secondary.status).toBe('voided');
    expect((await historyOf(claims, secondary.id)).changes.at(-1)!.reason).toMatch(
      /nothing left for the secondary/,
    );
    // The ledger follows the void, so AR stops counting the primary's patient share as this claim's.
    expect((await ledgerEventsOf(secondary.id)).map((e) => [e.topic, e.payload.voided])).toEqual([
      [ClaimCreatedEvent.type, undefined],
      [ClaimCorrectedEvent.type, true],
    ]);
  });

  it("a correction of the secondary claim is checked against the primary's amounts", async () => {
    const { encounter, primary } = await primaryClaimSent();
    await deliverAdjudication(claims, primaryPaid(primary));
    const secondary = (await claimsOfEncounter(claims, encounter.encounterId)).find(
      (c) => c.id !== primary.id,
    )!;
    const correct = (body: unknown) =>
      claims.call<{ status: string; scrub: { edits: Array<{ id: string }> } }>(
        'POST',
        `/claims/${secondary.id}/corrections`,
        'biller',
        body,
      );
    expect((await correct({ placeOfService: '22' })).body).toMatchObject({ status: 'ready' });
    const lines = [
      { procedureCode: '99213', units: 1, chargeCents: 16000, diagnosisPointers: [1] },
      { procedureCode: '36415', units: 1, chargeCents: 2500, diagnosisPointers: [1] },
    ];
    const changed = await correct({ serviceLines: lines });
    expect(changed.body.status).toBe('rejected');
    expect(changed.body.scrub.edits.map((e) => e.id)).toContain('COB_UNBALANCED');
  });

  it('no secondary claim when the primary forwarded the claim itself (CLP02 19) or nothing is left', async () => {
    const forwarded = await primaryClaimSent();
    const e = primaryPaid(forwarded.primary);
    e.payload.claimStatusCode = '19';
    await deliverAdjudication(claims, e);
    expect(await claimsOfEncounter(claims, forwarded.encounter.encounterId)).toHaveLength(1);

    const settled = await primaryClaimSent();
    await deliverAdjudication(
      claims,
      adjudicatedEvent(settled.primary, {
        outcome: 'paid',
        claimStatusCode: '1',
        paidCents: 14000,
        adjustments: [{ group: 'CO', reason: '45', amountCents: 3500 }],
      }),
    );
    expect(await claimsOfEncounter(claims, settled.encounter.encounterId)).toHaveLength(1);
  });
});
