import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ENVIRONMENT, Environment } from '@revcycle/runtime';
import { AuditChainKey } from './audit-chain';
import { CheckpointSink, SignedCheckpoint, checkpointEntries, signCheckpoint } from './audit-checkpoint';
import { AuditLogService, CHECKPOINT_SINK } from './audit-log.service';

/**
 * Writes a signed checkpoint of every segment's head to the sink every AUDIT_ANCHOR_INTERVAL_MS
 * (when a head moved) and once more at shutdown, so a tail (or a segment) deleted in the database
 * no longer matches what was written outside it. Entries appended after the last checkpoint are only as safe as the
 * database until the next one.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private lastEntries: number | undefined;
  private inFlight: Promise<SignedCheckpoint | undefined> | undefined;

  constructor(
    private readonly log: AuditLogService,
    private readonly key: AuditChainKey,
    @Inject(CHECKPOINT_SINK) private readonly sink: CheckpointSink,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.log.openKeyedEpoch();
    await this.write(); // an unwritable AUDIT_ANCHOR_DIR stops the boot
    this.timer = setInterval(() => void this.checkpoint(), this.env.auditAnchorIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpoint();
  }

  /** Anchors the current head unless it is already anchored; one at a time. */
  checkpoint(): Promise<SignedCheckpoint | undefined> {
    this.inFlight = (this.inFlight ?? Promise.resolve(undefined)).then(() =>
      this.write().catch((err: Error) => {
        this.logger.error({ msg: 'audit checkpoint failed', error: err.message });
        return undefined;
      }),
    );
    return this.inFlight;
  }

  private async write(): Promise<SignedCheckpoint | undefined> {
    const heads = await this.log.heads();
    const checkpoint = { heads, legacyThrough: await this.log.legacyThrough(), at: new Date().toISOString() };
    const entries = checkpointEntries(checkpoint);
    if (entries === 0 || entries === this.lastEntries) return undefined;
    const signed = signCheckpoint(this.key, checkpoint);
    await this.sink.append(signed);
    this.lastEntries = entries;
    return signed;
  }
}
