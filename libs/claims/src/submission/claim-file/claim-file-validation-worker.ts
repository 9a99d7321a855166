/**
 * Worker side of ClaimFileValidationThread: one ClaimFileValidation for one claim file, fed the
 * pieces in file order; it says when each transaction set is validated (the writer's backpressure)
 * and answers the trailer with the verdict (or any piece with its failure).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ClaimFileValidation } from './claim-file-validation';
import type { ClaimPosition } from './claim-file-writer';

/** Claim i spans segments[2i]…segments[2i+1]; its patient control number is line i. */
export interface PackedPositions {
  segments: Int32Array;
  patientControlNumbers: string;
}

export type ValidationPiece =
  | { kind: 'header'; text: string }
  | { kind: 'transaction'; bytes: Uint8Array; claims: PackedPositions }
  | { kind: 'trailer'; text: string };

const unpacked = ({ segments, patientControlNumbers }: PackedPositions): ClaimPosition[] =>
  patientControlNumbers.split('\n').map((patientControlNumber, i) => ({
    patientControlNumber,
    firstSegment: segments[2 * i],
    lastSegment: segments[2 * i + 1],
  }));

const validation = new ClaimFileValidation(workerData as { maxIssues?: number });

parentPort?.on('message', (piece: ValidationPiece) => {
  try {
    if (piece.kind === 'header') validation.header(piece.text);
    else if (piece.kind === 'transaction') {
      validation.transaction({ text: piece.bytes, claims: unpacked(piece.claims) });
      parentPort?.postMessage({ validated: true });
    } else parentPort?.postMessage({ verdict: validation.trailer(piece.text) });
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
});
