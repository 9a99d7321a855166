import { Environment, problem, problemException } from '@revcycle/runtime';
import { EntityManager } from 'typeorm';
import { BatchFileParts } from './batch-file-parts';
import { ClaimFileIssue } from './claim-file/claim-file-validation';
import { ClaimFileValidationThread } from './claim-file/claim-file-validation-thread';
import { ClaimFileWriter, transactionSetControlNumber } from './claim-file/claim-file-writer';
import { ClaimToWrite, takeClaimsToSubmit } from './claims-to-submit';
import { ReceiverSettings } from './payer-deliveries';

/**
 * Claims per ST…SE: small enough that a 999 rejecting one transaction set sends few claims back,
 * and that a set's claims, segments and text die young (a set of 1,000 outlived V8's young
 * generation: everything was copied and promoted, and collecting cost more than writing).
 */
export const CLAIMS_PER_TRANSACTION_SET = 250;
/** Located reasons a refused batch lists at most (all are counted). */
const MAX_REASONS = 50;
/** Chunks whose inserts may be on the wire at once (each about 125 KB of 837). */
const IN_FLIGHT = 4;
/** Transaction sets taken and read ahead of the one being written. */
const TAKEN_AHEAD = 2;

export interface BatchToWrite {
  batchId: string;
  /** ISA13 and GS06, drawn by the caller from the sequences (see control-numbers.ts). */
  interchange: number;
  group: number;
  payerId: string;
  claimType: 'professional' | 'institutional';
  /** In file order (patient control number). */
  claimIds: string[];
  receiver: ReceiverSettings;
  createdBy: string;
}

export interface WrittenBatch {
  claimCount: number;
  totalChargeCents: number;
  fileBytes: number;
  fileSha256: string;
}

/**
 * Writes one batch's 837 inside the caller's transaction, a transaction set at a time: takes the
 * claims (locked by the caller) into the set — moved to `batched` with their history and membership
 * rows, and read — writes ST…SE, validates it with our validator and seals it into the stored parts.
 * Nothing of the file is held whole.
 * A file the validator finds an error in is refused (422, located by claim, loop, segment and
 * element, without data values) and the caller's transaction rolls back: never stored, never sent.
 */
export async function writeClaimBatch(
  m: EntityManager,
  env: Pick<Environment, 'submitter' | 'x12Usage'>,
  batch: BatchToWrite,
): Promise<WrittenBatch> {
  const { interchange, group } = batch;
  let setsWritten = 0;
  const transactionNumbers = await reserveTransactionNumbers(
    m,
    Math.ceil(batch.claimIds.length / CLAIMS_PER_TRANSACTION_SET),
  );
  const writer = new ClaimFileWriter({
    kind: batch.claimType,
    interchange: {
      senderQualifier: env.submitter.qualifier,
      senderId: env.submitter.id,
      receiverQualifier: batch.receiver.receiverQualifier,
      receiverId: batch.receiver.receiverId,
      applicationSenderCode: env.submitter.id,
      applicationReceiverCode: batch.receiver.applicationReceiverCode,
      usage: env.x12Usage,
    },
    submitter: {
      name: env.submitter.name,
      id: env.submitter.id,
      contactName: env.submitter.contactName,
      contactEmail: env.submitter.contactEmail,
    },
    receiver: { name: batch.receiver.receiverName, id: batch.receiver.receiverId },
    controlNumbers: { interchange, group, nextTransaction: () => transactionNumbers[setsWritten++] },
    at: new Date(),
  });
  const validation = new ClaimFileValidationThread({ maxIssues: MAX_REASONS });
  const parts = new BatchFileParts(m, batch.batchId);
  try {
    const totalChargeCents = await writeTransactionSets(
      m,
      batch,
      transactionNumbers,
      writer,
      validation,
      parts,
    );
    const trailer = writer.trailer();
    const verdict = await validation.trailer(trailer);
    // The verdict lists every issue of the file, located by claim: the refusal names them all.
    if (verdict.errors > 0) throw refused(batch, errorsOf(verdict.issues), verdict.errors);
    await parts.write(trailer);
    const file = await parts.close();
    return {
      claimCount: batch.claimIds.length,
      totalChargeCents,
      fileBytes: file.bytes,
      fileSha256: file.sha256,
    };
  } finally {
    await validation.close();
  }
}

/**
 * The header and every ST…SE, pipelined on the transaction's one connection: the next chunk is
 * taken and read while this one is written (its validation runs on the validation thread
 * meanwhile), and each chunk's part runs in PostgreSQL while the next is written; at most IN_FLIGHT
 * chunks' statements wait at a time, so the file is never held whole. Returns the total charge.
 */
async function writeTransactionSets(
  m: EntityManager,
  batch: BatchToWrite,
  transactionNumbers: readonly number[],
  writer: ClaimFileWriter,
  validation: ClaimFileValidationThread,
  parts: BatchFileParts,
): Promise<number> {
  const header = writer.header();
  validation.header(header);
  await parts.write(header);
  let totalChargeCents = 0;
  const inFlight = new WritesInFlight();
  const chunks = chunked(batch.claimIds, CLAIMS_PER_TRANSACTION_SET);
  const take = (k: number) =>
    takeClaimsToSubmit(m, chunks[k], {
      batchId: batch.batchId,
      transactionSetControlNumber: transactionSetControlNumber(transactionNumbers[k]),
      by: batch.createdBy,
    });
  // TAKEN_AHEAD sets' statements wait in PostgreSQL while one is written: it never waits for the next.
  const ahead: Array<Promise<ClaimToWrite[]>> = [];
  let requested = 0;
  const request = () => {
    const taken = take(requested++);
    taken.catch(() => undefined); // awaited in turn; one failing after the loop stopped is not unhandled
    ahead.push(taken);
  };
  while (requested < Math.min(TAKEN_AHEAD, chunks.length)) request();
  for (let taken = ahead.shift(); taken; taken = ahead.shift()) {
    const claims = await taken;
    if (requested < chunks.length) request();
    const written = writer.transaction(claims);
    await validation.transaction(written);
    totalChargeCents += claims.reduce((s, c) => s + c.totalChargeCents, 0);
    await inFlight.add([parts.write(written.text)]);
  }
  await inFlight.drain();
  return totalChargeCents;
}

/** Chunks' statements sent but not yet answered; `add` waits while IN_FLIGHT chunks are. */
class WritesInFlight {
  private readonly chunks: Array<Promise<unknown>> = [];

  async add(statements: Array<Promise<unknown>>): Promise<void> {
    const all = Promise.all(statements);
    all.catch(() => undefined); // awaited below or by drain(); never an unhandled rejection
    this.chunks.push(all);
    if (this.chunks.length > IN_FLIGHT) await this.chunks.shift();
  }

  /** Every statement answered; the first failure, if any, after all have settled. */
  async drain(): Promise<void> {
    const settled = await Promise.allSettled(this.chunks.splice(0));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

const chunked = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, (k + 1) * size));

/** ST02s for the whole file up front (the writer asks synchronously). */
async function reserveTransactionNumbers(m: EntityManager, count: number): Promise<number[]> {
  const rows: Array<{ n: string }> = await m.query(
    `SELECT nextval('claims.transaction_set_control_number_seq') AS n FROM generate_series(1, $1)`,
    [count],
  );
  return rows.map((r) => Number(r.n));
}

const errorsOf = (issues: ClaimFileIssue[]) => issues.filter((i) => i.severity === 'error');

function refused(batch: BatchToWrite, issues: ClaimFileIssue[], errors: number) {
  const count = Math.max(errors, issues.length);
  return problemException(
    problem(
      422,
      `the ${batch.claimType} 837 for payer ${batch.payerId} does not validate (${count} error${count === 1 ? '' : 's'}): nothing was batched`,
      issues.slice(0, MAX_REASONS).map((i) => ({
        field: [
          i.patientControlNumber ? `claim ${i.patientControlNumber}` : 'envelope',
          i.loop && `loop ${i.loop}`,
          i.segmentId && `${i.segmentId} (segment ${i.segmentOrdinal})`,
          i.element,
        ]
          .filter(Boolean)
          .join(' / '),
        messages: [i.message],
      })),
    ),
  );
}
