import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ENVIRONMENT, Environment } from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { moveClaims } from '../lifecycle/claim-history';
import { readBatchFile } from './batch-file-parts';
import { ClaimBatch, ClaimBatchClaim, DeliveryAttempt } from './claim-batch.entity';
import { readClaimsToSubmit } from './claims-to-submit';
import { interchangeControlNumber, nextControlNumber } from './control-numbers';
import { deliverySettingsFor } from './payer-deliveries';
import { writeClaimBatch } from './write-claim-batch';

export interface BatchFilter {
  payerId?: string;
  claimType?: 'professional' | 'institutional';
}

export interface BatchClaimRow {
  claimId: string;
  patientControlNumber: string;
  transactionSetControlNumber: string;
  status: string;
}

/** Claim batches: every ready claim into one 837 per payer and claim type, stored and tracked to the payer. */
@Injectable()
export class ClaimBatchService {
  constructor(
    @InjectDataSource('claims') private readonly db: DataSource,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  /**
   * Takes the ready claims (of one payer / claim type when asked) that no concurrent request holds
   * (row locks, SKIP LOCKED: two requests never batch one claim) into one batch per payer and claim
   * type, in one transaction: all files are written and validated, or none. The claims are locked
   * here and moved to `batched` (with their history and membership rows) a transaction set at a
   * time as the file is written; a file refused rolls the move back with everything else.
   */
  async create(filter: BatchFilter, by: Principal): Promise<ClaimBatch[]> {
    return this.db.transaction(async (m) => {
      // The ids as one comma-separated text: parsing a uuid[] of 100,000 builds it char by char.
      const groups: Array<{ payer_id: string; claim_type: BatchFilter['claimType']; ids: string }> =
        await m.query(
          `SELECT payer_id, claim_type, string_agg(id::text, ',' ORDER BY patient_control_number) AS ids
             FROM (SELECT id, payer_id, claim_type, patient_control_number FROM claims.claim
                    WHERE status = 'ready' AND ($1::text IS NULL OR payer_id = $1) AND ($2::text IS NULL OR claim_type = $2)
                      FOR UPDATE SKIP LOCKED) ready
            GROUP BY payer_id, claim_type ORDER BY payer_id, claim_type`,
          [filter.payerId ?? null, filter.claimType ?? null],
        );
      const batches: ClaimBatch[] = [];
      for (const g of groups)
        batches.push(await this.createOne(m, g.payer_id, g.claim_type!, g.ids.split(','), by));
      return batches;
    });
  }

  private async createOne(
    m: EntityManager,
    payerId: string,
    claimType: 'professional' | 'institutional',
    claimIds: string[],
    by: Principal,
  ): Promise<ClaimBatch> {
    const [first] = await readClaimsToSubmit(m, claimIds.slice(0, 1));
    const settings = await deliverySettingsFor(m, payerId, first.parties);
    const interchange = await nextControlNumber(m, 'interchange');
    const group = await nextControlNumber(m, 'group');
    const batch: ClaimBatch = {
      id: randomUUID(),
      payerId,
      claimType,
      claimCount: 0,
      totalChargeCents: 0,
      senderId: this.env.submitter.id,
      receiverId: settings.receiverId,
      interchangeControlNumber: interchangeControlNumber(interchange),
      groupControlNumber: String(group),
      usageIndicator: this.env.x12Usage,
      status: 'created',
      fileBytes: 0,
      fileSha256: '',
      deliveryMethod: settings.method,
      createdBy: by.id,
      createdAt: new Date(),
      submittedAt: null,
      acknowledgedAt: null,
      nextDeliveryAt: settings.method === 'sftp' ? new Date() : null,
    };
    await m.getRepository(ClaimBatch).insert(batch);
    const written = await writeClaimBatch(m, this.env, {
      batchId: batch.id,
      interchange,
      group,
      payerId,
      claimType,
      claimIds,
      receiver: settings,
      createdBy: by.id,
    });
    Object.assign(batch, written);
    await m.getRepository(ClaimBatch).update(
      { id: batch.id },
      {
        claimCount: written.claimCount,
        totalChargeCents: written.totalChargeCents,
        fileBytes: written.fileBytes,
        fileSha256: written.fileSha256,
      },
    );
    return batch;
  }

  async get(id: string): Promise<{
    batch: ClaimBatch;
    claims: BatchClaimRow[];
    deliveryAttempts: DeliveryAttempt[];
  }> {
    const batch = await this.db.getRepository(ClaimBatch).findOneBy({ id });
    if (!batch) throw new NotFoundException(`claim batch ${id} not found`);
    const claims: Array<Record<string, string>> = await this.db.query(
      `SELECT bc.claim_id, c.patient_control_number, bc.transaction_set_control_number, c.status
         FROM claims.claim_batch_claim bc JOIN claims.claim c ON c.id = bc.claim_id
        WHERE bc.batch_id = $1 ORDER BY c.patient_control_number`,
      [id],
    );
    const deliveryAttempts = await this.db
      .getRepository(DeliveryAttempt)
      .find({ where: { batchId: id }, order: { attempt: 'ASC' } });
    return {
      batch,
      claims: claims.map((c) => ({
        claimId: c['claim_id'],
        patientControlNumber: c['patient_control_number'],
        transactionSetControlNumber: c['transaction_set_control_number'],
        status: c['status'],
      })),
      deliveryAttempts,
    };
  }

  /** The stored 837, streamed part by part (never read whole). 404 unless `visible` holds for the batch. */
  async file(
    id: string,
    visible: (b: ClaimBatch) => boolean = () => true,
  ): Promise<{ batch: ClaimBatch; body: Readable }> {
    const batch = await this.db.getRepository(ClaimBatch).findOneBy({ id });
    if (!batch || !visible(batch)) throw new NotFoundException(`claim file ${id} not found`);
    return { batch, body: Readable.from(readBatchFile(this.db.manager, id)) };
  }

  /**
   * The payer has the file (it downloaded it, or our upload landed): the batch and its claims
   * become `submitted`, once; the attempt is logged either way.
   */
  async markSubmitted(
    m: EntityManager,
    batch: ClaimBatch,
    attempt: Omit<DeliveryAttempt, 'batchId' | 'attempt'>,
  ): Promise<void> {
    await recordAttempt(m, batch.id, attempt);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [moved]: [unknown[], number] = await m.query(
      `UPDATE claims.claim_batch SET status = 'submitted', submitted_at = now(), next_delivery_at = NULL
        WHERE id = $1 AND status IN ('created', 'delivery_failed') RETURNING id`,
      [batch.id],
    );
    if (moved.length === 0) return;
    const ids: Array<{ claim_id: string }> = await m.query(
      `SELECT claim_id FROM claims.claim_batch_claim WHERE batch_id = $1 AND open`,
      [batch.id],
    );
    await moveClaims(
      m,
      ids.map((r) => ({ claimId: r.claim_id })),
      'submitted',
      {
        by: attempt.method === 'download' ? `payer:${batch.payerId}` : 'claims-delivery',
        source: `batch:${batch.id}`,
      },
    );
  }
}

export async function recordAttempt(
  m: EntityManager,
  batchId: string,
  a: Omit<DeliveryAttempt, 'batchId' | 'attempt'>,
): Promise<void> {
  // The batch's row lock numbers its attempts one at a time.
  await m.query(`SELECT 1 FROM claims.claim_batch WHERE id = $1 FOR UPDATE`, [batchId]);
  await m.query(
    `INSERT INTO claims.claim_batch_delivery_attempt (batch_id, attempt, method, started_at, finished_at, ok, detail)
     SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4, $5, $6
       FROM claims.claim_batch_delivery_attempt WHERE batch_id = $1`,
    [batchId, a.method, a.startedAt, a.finishedAt, a.ok, a.detail],
  );
}

export { ClaimBatchClaim };
