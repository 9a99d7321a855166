import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PartyKind = 'patient' | 'coverage' | 'provider' | 'payer';

/**
 * The latest snapshot of a claim party that charts published (charts.<kind>.updated): what a
 * correction with `refreshParties` re-snapshots a claim from, since claims never reads charts' tables.
 */
@Entity({ name: 'party_snapshot' })
export class PartySnapshotRow {
  @PrimaryColumn({ type: 'text' }) kind!: PartyKind;
  /** The party's id in charts. */
  @PrimaryColumn({ name: 'party_id', type: 'text' }) partyId!: string;
  /** PatientSnapshot, CoverageSnapshot, ProviderSnapshot or PayerSnapshot (PHI, encrypted). */
  @PhiColumn({ json: true }) snapshot!: unknown;
  /** When charts made the change (the event's occurredAt): an older event never overwrites a newer one. */
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
}
