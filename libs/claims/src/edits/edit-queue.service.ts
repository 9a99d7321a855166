import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EditCategory, ScrubResult, statusOf } from '@revcycle/edit-engine';
import { Outbox } from '@revcycle/messaging';
import { SortOf, listSort } from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { DataSource, EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { ServiceLine } from '../claim/service-line.entity';
import { recordStatusChanges } from '../lifecycle/claim-history';
import { ADJUDICATED_STATUSES, CORRECTABLE_STATUSES, EDIT_QUEUE_STATUSES } from '../lifecycle/claim-status';
import { scrubReason } from '../lifecycle/scrub-reason';
import { ClaimEditRow } from './claim-edit.entity';
import { ClaimScrubber } from './claim-scrubber';
import {
  adjudicatedBefore,
  assertPointersWithinDiagnoses,
  correctionFrequency,
  assertVoidAlone,
  claimCorrectedEvent,
  correctedLines,
  sameLines,
  VOID_FREQUENCY,
} from './claim-correction';
import { ClaimCorrectionDto } from './dto/claim-correction.dto';
import { ClaimPartyName, PartySnapshots } from '../parties/party-snapshots';
import { withSubmissionSnapshot } from '../submission/submission-snapshot';

/** The edit queue's orders (`?sort=`): created-at (oldest first) by default; the id breaks ties. */
export const EDIT_QUEUE_SORTS = listSort(
  { 'created-at': 'c.created_at', charge: 'c.total_charge_cents', 'date-of-service': 'c.date_of_service' },
  { default: 'created-at', tieBreaker: 'c.id' },
);
export type EditQueueSort = SortOf<typeof EDIT_QUEUE_SORTS>;

export interface EditQueueFilter {
  sort?: EditQueueSort;
  editId?: string;
  category?: string;
  payerId?: string;
  minAgeDays?: number;
  maxAgeDays?: number;
  limit: number;
  offset: number;
}

export interface EditQueueItem {
  claimId: string;
  patientControlNumber: string;
  patientId: string;
  payerId: string;
  payerName: string;
  dateOfService: string;
  totalChargeCents: number;
  revision: number;
  /** Days since the claim was built (its age in the queue). */
  ageDays: number;
  edits: Array<Pick<ClaimEditRow, 'editId' | 'category' | 'severity' | 'line' | 'codes' | 'message'>>;
}

/** The billing office's edit work queue: rejected claims with a plain-language fix per edit. */
@Injectable()
export class EditQueueService {
  constructor(
    @InjectDataSource('claims') private readonly db: DataSource,
    private readonly scrubber: ClaimScrubber,
    private readonly partySnapshots: PartySnapshots,
    private readonly outbox: Outbox,
  ) {}

  async list(f: EditQueueFilter): Promise<{ total: number; items: EditQueueItem[] }> {
    const qb = EDIT_QUEUE_SORTS.apply(
      this.db
        .getRepository(Claim)
        .createQueryBuilder('c')
        .where(`c.status IN (:...queued)`, { queued: EDIT_QUEUE_STATUSES }),
      f.sort,
    );
    if (f.payerId) qb.andWhere('c.payer_id = :payerId', { payerId: f.payerId });
    if (f.editId)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM claims.claim_edit e WHERE e.claim_id = c.id AND e.edit_id = :editId)',
        { editId: f.editId },
      );
    if (f.category)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM claims.claim_edit e WHERE e.claim_id = c.id AND e.category = :category)',
        { category: f.category },
      );
    if (f.minAgeDays !== undefined)
      qb.andWhere(`c.created_at <= now() - make_interval(days => :minAge)`, { minAge: f.minAgeDays });
    if (f.maxAgeDays !== undefined)
      qb.andWhere(`c.created_at > now() - make_interval(days => :maxAge)`, { maxAge: f.maxAgeDays });
    const [claims, total] = await qb.limit(f.limit).offset(f.offset).getManyAndCount();
    const edits = claims.length
      ? await this.db
          .getRepository(ClaimEditRow)
          .createQueryBuilder('e')
          .where('e.claim_id IN (:...ids)', { ids: claims.map((c) => c.id) })
          .orderBy('e.seq')
          .getMany()
      : [];
    const now = Date.now();
    return {
      total,
      items: claims.map((c) => ({
        claimId: c.id,
        patientControlNumber: c.patientControlNumber,
        patientId: c.patientId,
        payerId: c.payerId,
        payerName: c.parties.coverage.payer.name,
        dateOfService: c.dateOfService,
        totalChargeCents: c.totalChargeCents,
        revision: c.revision,
        ageDays: Math.floor((now - c.createdAt.getTime()) / 86_400_000),
        edits: edits
          .filter((e) => e.claimId === c.id)
          .map(({ editId, category, severity, line, codes, message }) => ({
            editId,
            category,
            severity,
            line,
            codes,
            message,
          })),
      })),
    };
  }

  /** The claim's current edits, with its patient (so the read is audited against that patient). */
  async editsOf(
    claimId: string,
  ): Promise<{ id: string; patientId: string; status: string; edits: ClaimEditRow[] }> {
    const claim = await this.db.getRepository(Claim).findOneBy({ id: claimId });
    if (!claim) throw new NotFoundException(`claim ${claimId} not found`);
    const edits = await this.db
      .getRepository(ClaimEditRow)
      .find({ where: { claimId }, order: { seq: 'ASC' } });
    return { id: claim.id, patientId: claim.patientId, status: claim.status, edits };
  }

  /**
   * Applies a correction to a claim not yet sent, or one the payer adjudicated (then a replacement,
   * frequency 7, or a void, 8, with REF*F8: see correctionFrequency), and re-scrubs it in one transaction: clean, it
   * leaves the queue; still rejected, it stays with its new edits. A correction that changes
   * nothing is a no-op (no new revision, no re-scrub, no event); frequency 8 voids the claim (out of
   * the queue, never scrubbed again). Every real change emits claims.claim.corrected in the same
   * transaction (outbox). Returns the claim and its scrub result (null when voided).
   */
  async correct(
    claimId: string,
    dto: ClaimCorrectionDto,
    by: Principal,
  ): Promise<{ claim: Claim; result: ScrubResult | null; refreshedParties?: ClaimPartyName[] }> {
    assertVoidAlone(dto);
    return this.db.transaction(async (m) => {
      const claim = await m
        .getRepository(Claim)
        .findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) throw new NotFoundException(`claim ${claimId} not found`);
      if (!CORRECTABLE_STATUSES.includes(claim.status) && !ADJUDICATED_STATUSES.includes(claim.status))
        throw new ConflictException(`claim ${claimId} is ${claim.status} and can no longer be corrected`);
      const frequency = correctionFrequency(claim, dto);
      if (frequency !== dto.frequencyCode) assertVoidAlone({ ...dto, frequencyCode: frequency });
      claim.serviceLines = await m
        .getRepository(ServiceLine)
        .find({ where: { claimId }, order: { lineNumber: 'ASC' } });
      if (frequency === VOID_FREQUENCY)
        return {
          claim: adjudicatedBefore(claim)
            ? await this.voidToPayer(m, claim, by)
            : await this.void(m, claim, by),
          result: null,
        };
      const diagnoses = dto.diagnoses?.map((d) => d.replace('.', '').toUpperCase()) ?? claim.diagnoses;
      assertPointersWithinDiagnoses(dto, diagnoses, claim.serviceLines);
      const lines = correctedLines(claim, dto);
      const refreshed = dto.refreshParties ? await this.partySnapshots.refresh(m, claim.parties) : undefined;
      const changed =
        diagnoses.join() !== claim.diagnoses.join() ||
        (dto.placeOfService !== undefined && dto.placeOfService !== claim.placeOfService) ||
        (frequency !== undefined && frequency !== claim.frequencyCode) ||
        (lines !== undefined && !sameLines(lines, claim.serviceLines)) ||
        (refreshed?.refreshed.length ?? 0) > 0;
      if (!changed) return { claim, result: await this.storedResult(m, claim), refreshedParties: [] };
      claim.diagnoses = diagnoses;
      if (dto.placeOfService) claim.placeOfService = dto.placeOfService;
      if (refreshed) {
        claim.parties = refreshed.parties;
        claim.payerId = refreshed.parties.coverage.payer.id;
      }
      if (frequency) claim.frequencyCode = frequency;
      if (lines) {
        await m.getRepository(ServiceLine).delete({ claimId });
        claim.serviceLines = lines;
        await m.getRepository(ServiceLine).insert(claim.serviceLines);
        claim.totalChargeCents = claim.serviceLines.reduce((s, l) => s + l.chargeCents, 0);
      }
      claim.revision += 1;
      const before = claim.status;
      const result = await this.scrubber.scrubAndRecord(m, claim);
      await recordStatusChanges(
        m,
        [
          {
            claimId,
            from: before,
            to: claim.status,
            reason: `revision ${claim.revision} ${scrubReason(result.edits)}`,
          },
        ],
        { by: by.id },
      );
      const { serviceLines, ...header } = withSubmissionSnapshot(claim);
      await m.getRepository(Claim).update({ id: claimId }, header);
      await this.outbox.enqueue(m, claimCorrectedEvent(claim, by));
      return { claim: { ...claim, serviceLines }, result, refreshedParties: refreshed?.refreshed };
    });
  }

  /** 837 CLM05-3 = 8: the claim leaves the edit queue and is never scrubbed (nor flagged a duplicate) again. */
  private async void(m: EntityManager, claim: Claim, by: Principal): Promise<Claim> {
    claim.frequencyCode = VOID_FREQUENCY;
    await recordStatusChanges(
      m,
      [{ claimId: claim.id, from: claim.status, to: 'voided', reason: 'voided (frequency 8)' }],
      {
        by: by.id,
      },
    );
    claim.status = 'voided';
    claim.fingerprint = null;
    claim.revision += 1;
    await m.getRepository(ClaimEditRow).delete({ claimId: claim.id });
    const { serviceLines: _lines, ...header } = claim;
    await m.getRepository(Claim).update({ id: claim.id }, header);
    await this.outbox.enqueue(m, claimCorrectedEvent(claim, by));
    return claim;
  }

  /**
   * 837 CLM05-3 = 8 of a claim the payer adjudicated: the void goes to the payer like any claim
   * (ready → batched → …, with REF*F8), as billed — not scrubbed again, never a duplicate. It is
   * `voided` once the payer reverses the claim on it (ClaimAdjudicationService). A void already
   * on its way is not sent twice.
   */
  private async voidToPayer(m: EntityManager, claim: Claim, by: Principal): Promise<Claim> {
    if (claim.frequencyCode === VOID_FREQUENCY && claim.status === 'ready') return claim;
    const before = claim.status;
    claim.frequencyCode = VOID_FREQUENCY;
    claim.status = 'ready';
    claim.fingerprint = null;
    claim.revision += 1;
    await recordStatusChanges(
      m,
      [
        {
          claimId: claim.id,
          from: before,
          to: 'ready',
          reason: `revision ${claim.revision}: void (frequency 8) of payer claim ${claim.payerClaimControlNumber}, to send`,
        },
      ],
      { by: by.id },
    );
    await m.getRepository(ClaimEditRow).delete({ claimId: claim.id });
    const { serviceLines: _lines, ...header } = withSubmissionSnapshot(claim);
    await m.getRepository(Claim).update({ id: claim.id }, header);
    await this.outbox.enqueue(m, claimCorrectedEvent(claim, by));
    return claim;
  }

  /** The claim's last scrub as stored (for a correction that changed nothing). */
  private async storedResult(m: EntityManager, claim: Claim): Promise<ScrubResult> {
    const rows = await m
      .getRepository(ClaimEditRow)
      .find({ where: { claimId: claim.id }, order: { seq: 'ASC' } });
    const edits = rows.map((e) => ({
      id: e.editId,
      category: e.category as EditCategory,
      severity: e.severity,
      line: e.line,
      codes: e.codes,
      message: e.message,
    }));
    return { claimId: claim.patientControlNumber, status: statusOf(edits), edits };
  }
}
