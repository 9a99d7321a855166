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
  payerId: string;
  claimCount: number;
}

/** A token with role `payer` bound to one payer (charts payer id), or undefined when none can be had. */
export type PayerToken = (payerId: string) => Promise<string | undefined>;
interface Applied {
  matched: number;
  accepted: number;
  rejected: number;
}

/**
 * The billing office sends its ready claims: one 837 per payer (POST /claims/batches). The payer
 * takes each file as a payer does, through the payer download API with its own token (the batch is
 * then `submitted`); the payer simulator adjudicates it and its 999 and 277CA are posted back. Its
 * 835s are returned for finance (postRemittances).
 */
export async function submitClaims(
  api: PlatformClient,
  payerToken: PayerToken,
  seed: number,
  log: (line: string) => void,
  /** POST /claims/batches bodies: every ready claim by default, or those of the payers named. */
  requests: ReadonlyArray<{ payerId?: string }> = [{}],
  what = 'submission',
): Promise<{ counts: SubmissionCounts; remittances: string[]; billed: string[] }> {
  const counts: SubmissionCounts = {
    batches: 0,
    submitted: 0,
    acknowledged: 0,
    accepted: 0,
    payerRejected: 0,
  };
  const remittances: string[] = [];
  /** Patient control numbers of the claims the payers received in the 837s (the 999 accepted or not). */
  const billed: string[] = [];
  const batches: Batch[] = [];
  for (const body of requests) batches.push(...(await api.post<Batch[]>('/claims/batches', body)));
  counts.batches = batches.length;
  for (const b of batches) {
    const file = await downloadAsPayer(api, payerToken, b);
    const payer = adjudicateClaimFile(file.text, { seed });
    billed.push(...payer.claims.map((c) => c.claimId));
    const ack = JSON.parse(
      (await api.file('POST', '/claims/acknowledgments', payer.files['999'])).text,
    ) as Applied;
    counts.submitted += ack.matched;
    counts.acknowledged += ack.accepted;
    counts.payerRejected += ack.rejected;
    if (payer.files['835']) remittances.push(payer.files['835']);
    if (payer.files['277ca']) {
      const ca = JSON.parse(
        (await api.file('POST', '/claims/acknowledgments', payer.files['277ca'])).text,
      ) as Applied;
      counts.accepted += ca.accepted;
      counts.payerRejected += ca.rejected;
    }
  }
  log(
    `${what}: ${counts.batches} batches, ${counts.submitted} claims submitted, ${counts.acknowledged} acknowledged (999), ${counts.accepted} accepted and ${counts.payerRejected} rejected by the payer`,
  );
  return { counts, remittances, billed };
}

/**
 * GET /payer/claim-files/:id with the payer's token; with no payer token (REVCYCLE_TOKEN given),
 * the biller's copy (GET /claims/batches/:id/837) — the 999 then proves the payer has the file.
 */
async function downloadAsPayer(api: PlatformClient, payerToken: PayerToken, b: Batch) {
  const token = await payerToken(b.payerId);
  if (token) return api.as(token).file('GET', `/payer/claim-files/${b.id}`);
  return api.file('GET', `/claims/batches/${b.id}/837`);
}
