import { CoverageSnapshot, PatientSnapshot, ProviderSnapshot } from '@revcycle/contracts';
import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PriorPayerAdjudication } from '../cob/prior-payer';
import { ClaimStatus } from '../lifecycle/claim-status';
import { ServiceLine } from './service-line.entity';

/** Who the claim is about and for: the 837's 2010AA/2010BA/2010BB/2010CA/2310B parties (PHI, encrypted). */
export interface ClaimParties {
  patient: PatientSnapshot;
  coverage: CoverageSnapshot;
  billingProvider: ProviderSnapshot;
  renderingProvider: ProviderSnapshot;
  referringProvider?: ProviderSnapshot;
  /** The patient's secondary coverage, billed after the primary's 835 (a secondary claim: see cob/). */
  secondaryCoverage?: CoverageSnapshot;
}

export { CLAIM_STATUSES } from '../lifecycle/claim-status';
export type { ClaimStatus } from '../lifecycle/claim-status';

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

@Entity({ name: 'claim' })
export class Claim {
  @PrimaryColumn('uuid') id!: string;
  /** 837 CLM01, returned by the payer in 835 CLP01. */
  @Column({ name: 'patient_control_number', type: 'text', unique: true }) patientControlNumber!: string;
  /** One primary claim per encounter; a secondary claim shares its primary's encounter. */
  @Column({ name: 'encounter_id', type: 'text' }) encounterId!: string;
  @Column({ name: 'patient_id', type: 'text' }) patientId!: string;
  @Column({ name: 'payer_id', type: 'text' }) payerId!: string;
  @Column({ name: 'claim_type', type: 'text' }) claimType!: 'professional' | 'institutional';
  /** 837P CLM05-3: 1 original, 7 replacement, 8 void. */
  @Column({ name: 'frequency_code', type: 'char', length: 1 }) frequencyCode!: string;
  /** See CLAIM_STATUSES (lifecycle/claim-status.ts); every change has a claim_status_change row. */
  @Column({ type: 'text' }) status!: ClaimStatus;
  /** 1 when built; +1 per correction. */
  @Column({ type: 'int' }) revision!: number;
  @Column({ name: 'scrubbed_at', type: 'timestamptz', nullable: true }) scrubbedAt!: Date | null;
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
  @Column({ name: 'place_of_service', type: 'char', length: 2 }) placeOfService!: string;
  @Column({ name: 'total_charge_cents', type: 'bigint', transformer: bigintCents }) totalChargeCents!: number;
  /** ICD-10-CM without dots, in HI order: pointer 1 = first (PHI: encrypted at rest). */
  @PhiColumn({ json: true }) diagnoses!: string[];
  @PhiColumn({ json: true }) parties!: ClaimParties;
  /** The edit engine's claimFingerprint of the last scrub, for duplicates across stored claims; null when none. */
  @Column({ type: 'text', nullable: true }) fingerprint!: string | null;
  /** The payer's claim number (277CA REF*1K, later 835 CLP07): REF*F8 of a replacement or void. */
  @Column({ name: 'payer_claim_control_number', type: 'text', nullable: true })
  payerClaimControlNumber!: string | null;
  /** 837 2000B SBR01 of this claim: P billed to the primary payer, S a secondary claim (COB). */
  @Column({ name: 'payer_responsibility', type: 'char', length: 1 }) payerResponsibility!: 'P' | 'S';
  /** A secondary claim's primary claim (its history's link back). */
  @Column({ name: 'primary_claim_id', type: 'uuid', nullable: true }) primaryClaimId!: string | null;
  /** A secondary claim: the primary payer's adjudication (loops 2320/2330/2430), sealed (it names the primary's subscriber). */
  @PhiColumn({ name: 'prior_payer', json: true, nullable: true }) priorPayer!: PriorPayerAdjudication | null;
  /**
   * The 837's PHI of this revision as one sealed value (submission-snapshot.ts), written with every
   * build and correction; read only by batches, so finds leave it out.
   */
  @PhiColumn({ nullable: true, select: false }) submission?: string | null;
  @OneToMany(() => ServiceLine, (l) => l.claim, { cascade: true }) serviceLines!: ServiceLine[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
