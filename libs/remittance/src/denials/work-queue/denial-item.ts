import type { Adjustment } from '@revcycle/x12';
import { categorizeDenial, CategorizedDenial } from '../categorize-denial';
import { describeCarc, describeGroup, describeRarc, DenialCode } from '../denial-codes';
import type { PostedLineRef } from '../../phi/posted-line-services';
import { denialId } from './denial-id';

/** What the queue reads for one denial (a row of denialRows). */
export interface DenialRow {
  posting_id: string;
  line_position: number;
  claim_id: string;
  patient_control_number: string;
  payer_id: string;
  advice_id: string;
  payment_date: string;
  age_days: number;
  claim_status_code: string;
  payer_claim_control_number: string | null;
  /** line_posting.service, sealed: {procedureCode, modifiers} (null for a denied claim, and for lines posted since migration 497). */
  service: string | null;
  /** claim_posting.line_services, sealed: the posting's lines' services (null for a denied claim). */
  line_services: string | null;
  line_number: number | null;
  charge_cents: string | number;
  paid_cents: string | number;
  adjustments: Adjustment[];
  remarks: string[] | null;
  action: string | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface DenialItem {
  id: string;
  level: 'claim' | 'line';
  claimId: string;
  patientControlNumber: string;
  payerId: string;
  adviceId: string;
  paymentDate: string;
  ageDays: number;
  claimStatusCode: string;
  payerClaimControlNumber: string | null;
  lineNumber: number | null;
  procedureCode: string | null;
  modifiers: string[];
  chargeCents: number;
  paidCents: number;
  /** Σ of the CO/OA/PI adjustments: what the payer refused and nobody is billed for yet. */
  deniedCents: number;
  /** The adjustment that decides the denial (the largest not contractual, else the largest). */
  carc: DenialCode;
  group: DenialCode;
  rarcs: DenialCode[];
  adjustments: Array<Adjustment & { description: string; groupDescription: string }>;
  category: CategorizedDenial['category'];
  nextAction: CategorizedDenial['nextAction'];
  status: 'open' | 'resolved';
  resolution: { action: string; note: string | null; by: string; at: string } | null;
}

/** CARC 45 (charge exceeds the fee schedule) and 253 (sequestration) are the contract, not a denial. */
const CONTRACTUAL = new Set(['45', '253']);

function decidingAdjustment(adjustments: readonly Adjustment[]): Adjustment | undefined {
  const byAmount = [...adjustments].sort((a, b) => b.amountCents - a.amountCents);
  return byAmount.find((a) => a.group !== 'PR' && !CONTRACTUAL.has(a.reason)) ?? byAmount[0];
}

/** Opens a posted line's sealed service (PostedLineServices). */
export type OpenService = (line: PostedLineRef) => { procedureCode: string; modifiers: string[] } | undefined;

export function denialItem(r: DenialRow, open: OpenService): DenialItem {
  const service = open({
    postingId: r.posting_id,
    position: r.line_position,
    service: r.service,
    lineServices: r.line_services,
  });
  const adjustments = r.adjustments ?? [];
  const deciding = decidingAdjustment(adjustments);
  const rarcs = (r.remarks ?? []).filter((c) => c.length > 0);
  const categorized = categorizeDenial({
    group: deciding?.group ?? 'CO',
    carc: deciding?.reason ?? '',
    rarcs,
  });
  return {
    id: denialId({ postingId: r.posting_id, linePosition: r.line_position }),
    level: r.line_position === 0 ? 'claim' : 'line',
    claimId: r.claim_id,
    patientControlNumber: r.patient_control_number,
    payerId: r.payer_id,
    adviceId: r.advice_id,
    paymentDate: r.payment_date,
    ageDays: Number(r.age_days),
    claimStatusCode: r.claim_status_code,
    payerClaimControlNumber: r.payer_claim_control_number,
    lineNumber: r.line_number,
    procedureCode: service?.procedureCode ?? null,
    modifiers: service?.modifiers ?? [],
    chargeCents: Number(r.charge_cents),
    paidCents: Number(r.paid_cents),
    deniedCents: adjustments.filter((a) => a.group !== 'PR').reduce((s, a) => s + a.amountCents, 0),
    carc: categorized.carc,
    group: categorized.group,
    rarcs: rarcs.map(describeRarc),
    adjustments: adjustments.map((a) => ({
      ...a,
      description: describeCarc(a.reason).description,
      groupDescription: describeGroup(a.group).description,
    })),
    category: categorized.category,
    nextAction: categorized.nextAction,
    status: r.action ? 'resolved' : 'open',
    resolution: r.action
      ? {
          action: r.action,
          note: r.note,
          by: r.resolved_by ?? '',
          at: new Date(r.resolved_at!).toISOString(),
        }
      : null,
  };
}
