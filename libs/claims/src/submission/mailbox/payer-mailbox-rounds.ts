import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ENVIRONMENT, Environment, RepeatingRound } from '@revcycle/runtime';
import { DataSource } from 'typeorm';
import { AcknowledgmentService } from '../../acknowledgments/acknowledgment.service';
import { ClaimBatchService } from '../claim-batch.service';
import { collectAcknowledgments, Pickup } from './acknowledgment-pickup';
import { deliverBatch, takeDueBatch } from './due-batch-delivery';

/** Batches one round delivers at most, so the pick-up is not starved by a long queue. */
const BATCHES_PER_ROUND = 100;

export interface MailboxRound extends Pickup {
  delivered: number;
  failed: number;
}

/**
 * Every PAYER_MAILBOX_POLL_SECONDS: deliver the SFTP batches that are due (new ones, and failed
 * ones whose retry time came), then pick up the payers' acknowledgments. Rounds never overlap in
 * one process; across instances the batch leases keep one file from being sent by two.
 */
@Injectable()
export class PayerMailboxRounds implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('PayerMailbox');
  private readonly rounds = new RepeatingRound<MailboxRound>(
    () => this.round(),
    (e) => this.failedRound(e),
  );

  constructor(
    @InjectDataSource('claims') private readonly db: DataSource,
    @Inject(ENVIRONMENT) private readonly env: Environment,
    private readonly batches: ClaimBatchService,
    private readonly acknowledgments: AcknowledgmentService,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.env.payerMailboxPollSeconds);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round now (or the one already running). */
  runOnce(): Promise<MailboxRound> {
    return this.rounds.runOnce();
  }

  private async round(): Promise<MailboxRound> {
    let delivered = 0;
    let failed = 0;
    for (let n = 0; n < BATCHES_PER_ROUND; n++) {
      const batch = await takeDueBatch(this.db);
      if (!batch) break;
      const outcome = await deliverBatch(this.db, this.batches, batch, this.env.payerMailboxRetrySeconds);
      if (outcome === 'delivered') delivered++;
      else failed++;
    }
    const pickup = await collectAcknowledgments(this.db, this.acknowledgments);
    const round = { delivered, failed, ...pickup };
    this.report(round);
    return round;
  }

  /** Counts, mailbox addresses, file names and reasons only: never file content. */
  private report(r: MailboxRound): void {
    if (r.delivered + r.failed + r.collected > 0)
      this.log.log(
        `claim files delivered ${r.delivered}, failed ${r.failed}; acknowledgments collected ${r.collected}`,
      );
    for (const u of r.unreachable) this.log.warn(`payer mailbox ${u.mailbox} unreachable: ${u.reason}`);
    for (const f of r.refused)
      this.log.warn(`acknowledgment ${f.file} in ${f.mailbox} not applied: ${f.reason}`);
  }

  private failedRound(error: unknown): void {
    this.log.error(`payer mailbox round failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
