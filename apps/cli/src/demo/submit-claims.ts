import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { PlatformClient } from './platform-client';

export interface SubmissionCounts {
  /** Claim batches (837 files) created. */
  batches: number;
  /** Claims in those files the payer received (its 999 named their transaction set). */
  submitted: number;
  /** Claims whose transaction set the 999 accepted. */
  acknowledged: number;
  /** Claims the payer's 277CA accepted into adjudication. */
  accepted: number;
  /** Claims the 999 or the 277CA turned back (payer_rejected, in the edit work queue). */
  payerRejected: number;
}

interface Batch {
  id: string;
  claimCount: number;
}
interface Applied {
  matched: number;
  accepted: number;
  rejected: number;
}

/**
 * The billing office sends its ready claims: one 837 per payer (POST /claims/batches), each file
 * fetched through the API and handed to the payer simulator, whose 999 and 277CA are posted back.
 */
export async function submitClaims(
  api: PlatformClient,
  seed: number,
  log: (line: string) => void,
): Promise<SubmissionCounts> {
  const counts: SubmissionCounts = {
    batches: 0,
    submitted: 0,
    acknowledged: 0,
    accepted: 0,
    payerRejected: 0,
  };
  const batches = await api.post<Batch[]>('/claims/batches', {});
  counts.batches = batches.length;
  for (const b of batches) {
    const file = await api.file('GET', `/claims/batches/${b.id}/837`);
    const payer = adjudicateClaimFile(file.text, { seed });
    const ack = JSON.parse(
      (await api.file('POST', '/claims/acknowledgments', payer.files['999'])).text,
    ) as Applied;
    counts.submitted += ack.matched;
    counts.acknowledged += ack.accepted;
    counts.payerRejected += ack.rejected;
    if (payer.files['277ca']) {
      const ca = JSON.parse(
        (await api.file('POST', '/claims/acknowledgments', payer.files['277ca'])).text,
      ) as Applied;
      counts.accepted += ca.accepted;
      counts.payerRejected += ca.rejected;
    }
  }
  log(
    `submission: ${counts.batches} batches, ${counts.submitted} claims submitted, ${counts.acknowledged} acknowledged (999), ${counts.accepted} accepted and ${counts.payerRejected} rejected by the payer`,
  );
  return counts;
}
