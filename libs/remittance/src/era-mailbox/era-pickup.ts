import { PayerMailboxConfig, PayerMailboxError, SftpMailbox } from '@revcycle/payer-mailbox';
import { DataSource } from 'typeorm';
import { whereOf } from '../advices/intake-response';
import { IntakeResult, RemittanceIntakeService } from '../advices/remittance-intake.service';
import { EraMailbox, EraMailboxSettings } from './era-mailbox.entity';

/** Who posts what the mailbox rounds pick up (remittance_file.received_by, the posting events' actor). */
export const ERA_MAILBOX_ACTOR = { id: 'remittance-era-mailbox', role: 'system' } as const;

/** TCP connect plus SSH handshake, per connection. */
const CONNECT_TIMEOUT_MS = 10_000;
/** ISA is 106 characters, then GS: ST01 sits well inside the first 512 bytes. */
const HEAD_BYTES = 512;
// Advisory-lock key space of the mailbox rounds (the intake's per-remittance gate uses 835).
export const MAILBOX_LOCK_SEED = 8350;

export interface EraPickup {
  /** 835s that posted (at least one transaction set) and moved to processed/. */
  posted: Array<{ mailbox: string; file: string; adviceIds: string[]; refusedTransactions: number }>;
  /** 835s received before: nothing posted, moved to processed/. */
  duplicates: Array<{ mailbox: string; file: string; duplicateOf: string }>;
  /** 835s with nothing postable (the API's 422): left waiting; the first located reason, and where. */
  refused: Array<{ mailbox: string; file: string; reason: string; where: string }>;
  /** 835s our side could not post this round (database): left waiting for the next. */
  failed: Array<{ mailbox: string; file: string; reason: string }>;
  /** Mailboxes that could not be reached (or dropped the connection) this round. */
  unreachable: Array<{ mailbox: string; reason: string }>;
  /** Mailboxes another remittance instance was collecting: skipped this round. */
  busy: string[];
}

/** One mailbox may serve several payers (a clearinghouse): its files are picked up once. */
export const eraMailboxKey = (s: EraMailboxSettings) => `${s.username}@${s.host}:${s.port}${s.outboundDir}`;

/** An 835 by its ST01 (835 IG X221A1 ST01 = 835), after ISA's fixed 106 characters and GS. */
export const isRemittance = (head: Buffer) => /ST.835./.test(head.subarray(0, HEAD_BYTES).toString('latin1'));

const config = (s: EraMailboxSettings): PayerMailboxConfig => ({
  ...s,
  // Never written to: we only pick up.
  inboundDir: s.outboundDir,
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
});

/**
 * Picks up the 835s every enrolled ERA mailbox holds and posts each through the intake (streamed:
 * a file of any size passes in chunks). A file moves to processed/ only once it posted or proved a
 * duplicate; a refused one stays, reported; 999 / 277CA files are the claims service's and are
 * left alone. A mailbox is collected by one instance at a time (PostgreSQL advisory try-lock);
 * even so, the intake's idempotency (file hash, payer + TRN02 + amount) keeps a file collected
 * twice — the move failed after posting — from posting twice.
 */
export async function collectRemittances(
  db: DataSource,
  intake: RemittanceIntakeService,
): Promise<EraPickup> {
  const pickup: EraPickup = {
    posted: [],
    duplicates: [],
    refused: [],
    failed: [],
    unreachable: [],
    busy: [],
  };
  const enrolled = await db.getRepository(EraMailbox).find({ order: { updatedAt: 'DESC' } });
  const mailboxes = new Map<string, EraMailboxSettings>();
  for (const e of enrolled)
    if (!mailboxes.has(eraMailboxKey(e.settings))) mailboxes.set(eraMailboxKey(e.settings), e.settings);
  for (const [key, settings] of mailboxes) {
    const lock = db.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(
        `SELECT pg_try_advisory_lock(hashtextextended($1, ${MAILBOX_LOCK_SEED})) AS locked`,
        [key],
      );
      if (!locked) {
        pickup.busy.push(key);
        continue;
      }
      try {
        await collectMailbox(key, new SftpMailbox(config(settings)), intake, pickup);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, ${MAILBOX_LOCK_SEED}))`, [key]);
      }
    } finally {
      await lock.release();
    }
  }
  return pickup;
}

async function collectMailbox(
  key: string,
  mailbox: SftpMailbox,
  intake: RemittanceIntakeService,
  pickup: EraPickup,
): Promise<void> {
  try {
    for (const file of await mailbox.listWaiting()) {
      if (!isRemittance(await mailbox.head(file.name, HEAD_BYTES))) continue;
      let result: IntakeResult;
      try {
        result = await mailbox.read(file.name, (chunks) => intake.receive(chunks, ERA_MAILBOX_ACTOR, 'sftp'));
      } catch (error) {
        if (error instanceof PayerMailboxError) throw error;
        pickup.failed.push({ mailbox: key, file: file.name, reason: reasonOf(error) });
        continue;
      }
      const outcome = outcomeOf(result);
      if (outcome.kind === 'refused') {
        pickup.refused.push({ mailbox: key, file: file.name, reason: outcome.reason, where: outcome.where });
        continue;
      }
      await mailbox.markCollected(file.name);
      if (outcome.kind === 'duplicate')
        pickup.duplicates.push({ mailbox: key, file: file.name, duplicateOf: outcome.duplicateOf });
      else pickup.posted.push({ mailbox: key, file: file.name, ...outcome.posted });
    }
  } catch (error) {
    pickup.unreachable.push({ mailbox: key, reason: reasonOf(error) });
  }
}

type Outcome =
  | { kind: 'duplicate'; duplicateOf: string }
  | { kind: 'posted'; posted: { adviceIds: string[]; refusedTransactions: number } }
  | { kind: 'refused'; reason: string; where: string };

/** The same three answers `POST /remittance/advices` gives (200 duplicate, 201, 422), as values. */
export function outcomeOf(r: IntakeResult): Outcome {
  if (r.duplicateOf) return { kind: 'duplicate', duplicateOf: r.duplicateOf };
  const adviceIds = r.results.flatMap((x) => (x.kind === 'posted' ? [x.adviceId] : []));
  const rejected = r.results.flatMap((x) => (x.kind === 'rejected' ? [x] : []));
  if (adviceIds.length > 0)
    return { kind: 'posted', posted: { adviceIds, refusedTransactions: rejected.length } };
  if (r.byteCount === 0) return { kind: 'refused', reason: 'the file is empty', where: 'file' };
  const first = [...r.envelopeErrors, ...rejected.flatMap((x) => x.errors)][0];
  if (!first) return { kind: 'refused', reason: 'nothing in the 835 could be posted', where: 'file' };
  const where = whereOf(first);
  return { kind: 'refused', reason: `${where}: ${first.message}`.slice(0, 300), where };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);
