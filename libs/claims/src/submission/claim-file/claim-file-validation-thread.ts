import { startWorkerScript } from '@revcycle/edit-engine';
import type { TransferListItem, Worker } from 'node:worker_threads';
import type { ClaimFileVerdict } from './claim-file-validation';
import type { PackedPositions, ValidationPiece } from './claim-file-validation-worker';
import type { ClaimPosition, WrittenTransaction } from './claim-file-writer';

const encoder = new TextEncoder();

/** Transaction sets (about 125 KB each) that may wait for the validation thread. */
const MAX_WAITING = 4;

/**
 * ClaimFileValidation on a worker thread, for a writer that must not wait: the pieces are handed
 * over in file order as they are written, and the trailer answers with the verdict on the whole
 * file — the same verdict, every issue located by claim. Validating is about a third of the CPU a
 * batch costs; on its own thread it runs beside the reading and writing instead of after them.
 */
export class ClaimFileValidationThread {
  private readonly worker: Worker;
  /** Transaction sets handed over and not yet validated; the writer waits beyond MAX_WAITING. */
  private waiting = 0;
  private drained?: () => void;
  private verdict?: { done: (v: ClaimFileVerdict) => void; fail: (e: Error) => void };
  private failure?: Error;

  constructor(options: { maxIssues?: number } = {}) {
    this.worker = startWorkerScript(__dirname, 'claim-file-validation-worker', options);
    this.worker.on('message', (a: { validated?: true; verdict?: ClaimFileVerdict; error?: string }) => {
      if (a.validated) this.validated();
      else if (a.verdict) this.verdict?.done(a.verdict);
      else this.fail(new Error(`claim file validation failed: ${a.error}`));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`claim file validation thread exited (${code})`)));
  }

  header(text: string): void {
    this.send({ kind: 'header', text });
  }

  /**
   * Hands the set over; resolves at once unless MAX_WAITING sets already wait for the thread (a
   * slower validator holds the writer back instead of piling the file up in memory).
   */
  async transaction(written: WrittenTransaction): Promise<void> {
    this.waiting++;
    // As the file's bytes, moved to the thread (not copied): the validator reads bytes anyway.
    const bytes = encoder.encode(written.text);
    const claims = packedPositions(written.claims);
    this.send({ kind: 'transaction', bytes, claims }, [bytes.buffer, claims.segments.buffer as ArrayBuffer]);
    if (this.waiting > MAX_WAITING && !this.failure) await new Promise<void>((r) => (this.drained = r));
  }

  /** GE and IEA: resolves once every piece before them is validated. */
  trailer(text: string): Promise<ClaimFileVerdict> {
    return new Promise((done, fail) => {
      if (this.failure) return fail(this.failure);
      this.verdict = { done, fail };
      this.send({ kind: 'trailer', text });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send(piece: ValidationPiece, transfer: TransferListItem[] = []): void {
    if (!this.failure) this.worker.postMessage(piece, transfer);
  }

  private validated(): void {
    this.waiting--;
    if (this.waiting <= MAX_WAITING) this.release();
  }

  private release(): void {
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.release();
    this.verdict?.fail(this.failure);
  }
}

/** A set's claim positions in two flat values: cloning 250 small objects per set cost more than validating them. */
function packedPositions(claims: readonly ClaimPosition[]): PackedPositions {
  const segments = new Int32Array(claims.length * 2);
  claims.forEach((c, i) => {
    segments[2 * i] = c.firstSegment;
    segments[2 * i + 1] = c.lastSegment;
  });
  return { segments, patientControlNumbers: claims.map((c) => c.patientControlNumber).join('\n') };
}
