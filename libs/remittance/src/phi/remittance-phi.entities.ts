import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BilledLineService, ClaimLedgerEntry } from '../ledger/ledger-entry.entity';
import { SealedColumn } from './sealed-columns';

/** What was done for the patient (procedure and modifiers) is PHI, sealed as in claims. */
export interface BilledService {
  procedureCode: string;
  modifiers: string[];
}

/**
 * A billed 837 2400 line of a ledger claim, for 835 line matching. Written by raw SQL (ledger-lines).
 * Lines written since migration 498 leave `service` null: it is in the claim's line_services.
 */
@Entity({ name: 'claim_ledger_line' })
export class ClaimLedgerLine {
  @PrimaryColumn({ name: 'claim_id', type: 'text' }) claimId!: string;
  @PrimaryColumn({ name: 'line_number', type: 'int' }) lineNumber!: number;
  @Column({ name: 'line_item_control_number', type: 'text' }) lineItemControlNumber!: string;
  @PhiColumn({ json: true, nullable: true }) service!: BilledService | null;
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
  @Column({ type: 'int' }) units!: number;
}

/**
 * An 835 SVC line as posted; only its PHI column is mapped (rotation), rows are written in batches.
 * Lines posted since migration 497 leave it null: their service is in their posting's.
 */
@Entity({ name: 'line_posting' })
export class LinePostingPhi {
  @PrimaryColumn({ name: 'posting_id', type: 'uuid' }) postingId!: string;
  @PrimaryColumn({ type: 'int' }) position!: number;
  @PhiColumn({ json: true, nullable: true }) service!: BilledService | null;
}

/** A CLP as posted; only its PHI column is mapped: its SVC lines' services, in SVC order. */
@Entity({ name: 'claim_posting' })
export class ClaimPostingPhi {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @PhiColumn({ name: 'line_services', json: true, nullable: true }) lineServices!: BilledService[] | null;
}

/** A review item's CLP as read (procedures and amounts), kept to post it once resolved. */
@Entity({ name: 'remittance_review' })
export class RemittanceReviewPhi {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @PhiColumn({ json: true, nullable: true }) payment!: unknown;
}

export const LEDGER_LINE_SERVICE = new SealedColumn<BilledService>(ClaimLedgerLine, 'service');
export const LEDGER_LINE_SERVICES = new SealedColumn<BilledLineService[]>(ClaimLedgerEntry, 'line_services');
export const LINE_POSTING_SERVICE = new SealedColumn<BilledService>(LinePostingPhi, 'service');
export const POSTING_LINE_SERVICES = new SealedColumn<BilledService[]>(ClaimPostingPhi, 'line_services');
export const REVIEW_PAYMENT = new SealedColumn<unknown>(RemittanceReviewPhi, 'payment');

export const REMITTANCE_PHI_ENTITIES = [
  ClaimLedgerLine,
  LinePostingPhi,
  ClaimPostingPhi,
  RemittanceReviewPhi,
];
