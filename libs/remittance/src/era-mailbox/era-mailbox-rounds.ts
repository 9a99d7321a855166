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
import { RemittanceIntakeService } from '../advices/remittance-intake.service';
import { collectRemittances, EraPickup } from './era-pickup';

/**
 * Every ERA_MAILBOX_POLL_SECONDS: pick up and post the 835s the enrolled ERA mailboxes hold
 * (`collectRemittances`). Rounds never overlap in one process; across instances each mailbox is
 * collected by one at a time (advisory lock), and the intake posts a remittance once whatever comes.
 */
@Injectable()
export class EraMailboxRounds implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('EraMailbox');
  private readonly rounds = new RepeatingRound<EraPickup>(
    () => this.round(),
    (e) => this.failedRound(e),
  );

  constructor(
    @InjectDataSource('remittance') private readonly db: DataSource,
    @Inject(ENVIRONMENT) private readonly env: Environment,
    private readonly intake: RemittanceIntakeService,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.env.eraMailboxPollSeconds);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round now (or the one already running). */
  runOnce(): Promise<EraPickup> {
    return this.rounds.runOnce();
  }

  private async round(): Promise<EraPickup> {
    const round = await collectRemittances(this.db, this.intake);
    this.report(round);
    return round;
  }

  /** Counts, mailbox addresses, file names and error locations only: never file content or values. */
  private report(r: EraPickup): void {
    if (r.posted.length + r.duplicates.length > 0)
      this.log.log(`835s posted ${r.posted.length}, duplicates ${r.duplicates.length}`);
    for (const u of r.unreachable) this.log.warn(`ERA mailbox ${u.mailbox} unreachable: ${u.reason}`);
    for (const f of r.refused) this.log.warn(`835 ${f.file} in ${f.mailbox} refused at ${f.where}`);
    for (const f of r.failed) this.log.error(`835 ${f.file} in ${f.mailbox} not posted: ${f.reason}`);
  }

  private failedRound(error: unknown): void {
    this.log.error(`ERA mailbox round failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
