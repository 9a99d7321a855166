import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ENVIRONMENT, Environment } from '@revcycle/runtime';
import { AuditChainKey } from './audit-chain';
import { CheckpointSink, SignedCheckpoint, signCheckpoint } from './audit-checkpoint';
import { AuditLogService, CHECKPOINT_SINK } from './audit-log.service';

/**
 * Writes a signed checkpoint of the chain head to the sink every AUDIT_ANCHOR_INTERVAL_MS (when the
 * head moved) and once more at shutdown, so a tail deleted in the database no longer matches what
 * was written outside it. Entries appended after the last checkpoint are only as safe as the
 * database until the next one.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private lastSeq: number | undefined;
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
    const head = await this.log.head();
    if (!head || head.seq === this.lastSeq) return undefined;
    const signed = signCheckpoint(this.key, {
      seq: head.seq,
      hash: head.hash,
      legacyThrough: await this.log.legacyThrough(),
      at: new Date().toISOString(),
    });
    await this.sink.append(signed);
    this.lastSeq = head.seq;
    return signed;
  }
}
