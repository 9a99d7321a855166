import { Injectable, Logger } from '@nestjs/common';
import { ClaimAdjudicated, EventEnvelope } from '@revcycle/contracts';
import { EntityManager } from 'typeorm';
import { closeBatchMembership } from '../acknowledgments/payer-rejection';
import { SecondaryClaims } from '../cob/secondary-claims';
import { moveClaims } from '../lifecycle/claim-history';
import { ClaimStatus } from '../lifecycle/claim-status';
import { clp02Words, decideAdjudication, forwardedByPayer } from './adjudication-decision';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const money = (cents: number) => (cents / 100).toFixed(2);

interface AdjudicatedClaimRow {
  id: string;
  status: ClaimStatus;
  frequency_code: string;
  payer_responsibility: 'P' | 'S';
}

/**
 * Claims follow the remittance. Inside the consumer's inbox transaction (a redelivered event is a
 * no-op), one remittance.claim.adjudicated moves its claim to paid / partially_paid / denied /
 * reversed with a history row (by and source `remittance:<id>`, why: the outcome and CLP02), keeps
 * the payer's claim control number (CLP07, REF*F8 of a later replacement or void), and after a
 * primary's 835 bills the secondary coverage (see SecondaryClaims).
 *
 * An event for a claim we do not know, or one the claim's status does not allow (a correction in
 * progress, a claim never sent, a voided one), is recorded in claims.claim_adjudication with
 * applied = false and why, logged without PHI, and acknowledged: it is not an error of this
 * consumer. Throwing would retry it, then dead-letter it — while holding up the claims behind it on
 * the partition — and no retry makes it apply: the posting itself is safe in remittance (its
 * unmatched review queue for an unknown claim), and the row here is what a biller reviews.
 */
@Injectable()
export class ClaimAdjudicationService {
  private readonly logger = new Logger('ClaimAdjudication');

  constructor(private readonly secondaryClaims: SecondaryClaims) {}

  async apply(event: EventEnvelope<ClaimAdjudicated>, m: EntityManager): Promise<void> {
    const a = event.payload;
    const claim = await this.lockClaim(m, a);
    const record = (claimId: string, applied: boolean, note: string) =>
      m.query(
        `INSERT INTO claims.claim_adjudication (event_id, claim_id, patient_control_number, remittance_id, outcome,
           claim_status_code, payer_claim_control_number, paid_cents, adjustment_cents, patient_responsibility_cents,
           payment_date, applied, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (event_id) DO NOTHING`,
        [
          event.id,
          claimId,
          a.patientControlNumber,
          a.remittanceId,
          a.outcome,
          a.claimStatusCode,
          a.payerClaimControlNumber ?? null,
          a.paidCents,
          a.adjustmentCents,
          a.patientResponsibilityCents,
          a.paymentDate,
          applied,
          note.slice(0, 2000),
        ],
      );
    if (!claim) {
      this.logger.warn({ msg: 'adjudication for an unknown claim set aside', eventId: event.id });
      await record(a.claimId, false, 'no such claim');
      return;
    }
    const who = { by: `remittance:${a.remittanceId}`, source: `remittance:${a.remittanceId}` };
    const reason = `835 ${a.outcome} (CLP02 ${a.claimStatusCode}: ${clp02Words(a.claimStatusCode)}); paid ${money(a.paidCents)}, patient responsibility ${money(a.patientResponsibilityCents)}`;
    const decision = decideAdjudication(
      { status: claim.status, frequencyCode: claim.frequency_code },
      a.outcome,
    );
    // The payer's claim number is kept whatever the decision: a correction in progress needs it for REF*F8.
    if (a.payerClaimControlNumber && claim.status !== 'voided')
      await m.query(`UPDATE claims.claim SET payer_claim_control_number = $2 WHERE id = $1`, [
        claim.id,
        a.payerClaimControlNumber,
      ]);
    if (decision.kind === 'aside') {
      this.logger.warn({
        msg: 'adjudication set aside',
        eventId: event.id,
        claimId: claim.id,
        why: decision.why,
      });
      await record(claim.id, false, decision.why);
      return;
    }
    if (decision.kind === 'repeat') {
      await record(claim.id, false, `repeat: the claim is already ${claim.status}`);
      return;
    }
    await moveClaims(m, [{ claimId: claim.id, reason }], decision.to, who);
    if (decision.then)
      await moveClaims(
        m,
        [{ claimId: claim.id, reason: 'the payer reversed the claim on our void (frequency 8)' }],
        decision.then,
        who,
      );
    // The payer answered for the claim: its batch no longer holds it open (a 277CA may never have come).
    await closeBatchMembership(m, [claim.id]);
    let note = `${claim.status} → ${decision.then ?? decision.to}`;
    if (claim.payer_responsibility === 'P' && a.outcome === 'reversed') {
      const held = await this.secondaryClaims.afterPrimaryReversal(m, claim.id);
      if (held) note += `; ${held}`;
    } else if (claim.payer_responsibility === 'P') {
      if (forwardedByPayer(a.claimStatusCode))
        note += '; the payer forwarded the claim to the next payer itself';
      else {
        const secondary = await this.secondaryClaims.afterPrimaryAdjudication(m, claim.id, event);
        if (secondary) note += `; ${secondary}`;
      }
    }
    await record(claim.id, true, note);
  }

  /** The claim the CLP names (our claim id, else CLP01), under its row lock. */
  private async lockClaim(m: EntityManager, a: ClaimAdjudicated): Promise<AdjudicatedClaimRow | undefined> {
    const cols = `id, status, frequency_code, payer_responsibility`;
    if (UUID.test(a.claimId)) {
      const [byId] = await m.query(`SELECT ${cols} FROM claims.claim WHERE id = $1 FOR UPDATE`, [a.claimId]);
      if (byId) return byId;
    }
    const [byPcn] = await m.query(
      `SELECT ${cols} FROM claims.claim WHERE patient_control_number = $1 FOR UPDATE`,
      [a.patientControlNumber],
    );
    return byPcn;
  }
}
