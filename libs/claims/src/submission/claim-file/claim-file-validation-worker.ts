/**
 * Worker side of ClaimFileValidationThread: one ClaimFileValidation for one claim file, fed the
 * pieces in file order; it says when each transaction set is validated (the writer's backpressure)
 * and answers the trailer with the verdict (or any piece with its failure).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ClaimFileValidation } from './claim-file-validation';
import type { ClaimPosition } from './claim-file-writer';

export type ValidationPiece =
  | { kind: 'header'; text: string }
  | { kind: 'transaction'; bytes: Uint8Array; claims: ClaimPosition[] }
  | { kind: 'trailer'; text: string };

const validation = new ClaimFileValidation(workerData as { maxIssues?: number });

parentPort?.on('message', (piece: ValidationPiece) => {
  try {
    if (piece.kind === 'header') validation.header(piece.text);
    else if (piece.kind === 'transaction') {
      validation.transaction({ text: piece.bytes, claims: piece.claims });
      parentPort?.postMessage({ validated: true });
    } else parentPort?.postMessage({ verdict: validation.trailer(piece.text) });
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
});
