import { ClaimCorrected, ClaimCorrectedEvent, createEvent } from '@revcycle/contracts';
import { fieldError, fieldErrors } from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { Claim } from '../claim/claim.entity';
import { ADJUDICATED_STATUSES } from '../lifecycle/claim-status';
import { claimServiceLines } from '../claim/claim-service-lines';
import { ServiceLine } from '../claim/service-line.entity';
import { ClaimCorrectionDto } from './dto/claim-correction.dto';

/** 837 CLM05-3 = 8: the claim is withdrawn as billed. */
export const VOID_FREQUENCY = '8';

/**
 * A void (frequency 8) carries the claim as it was billed: it cannot change codes, lines or place
 * of service in the same request (correct first, or void and bill anew).
 */
export function assertVoidAlone(dto: ClaimCorrectionDto): void {
  if (dto.frequencyCode !== VOID_FREQUENCY) return;
  const others = (['diagnoses', 'serviceLines', 'placeOfService', 'refreshParties'] as const).filter(
    (k) => dto[k] !== undefined && dto[k] !== false,
  );
  if (others.length > 0)
    throw fieldError(
      'frequencyCode',
      `a void (8) withdraws the claim as billed: send it without ${others.join(', ')}`,
    );
}

/** SV107: every pointer must name one of the diagnoses the claim will have after the correction. */
export function assertPointersWithinDiagnoses(
  dto: ClaimCorrectionDto,
  diagnoses: readonly string[],
  storedLines: readonly ServiceLine[],
): void {
  const lines = dto.serviceLines ?? storedLines;
  const problems = lines.flatMap((l, i) => {
    const past = l.diagnosisPointers.filter((p) => p > diagnoses.length);
    if (past.length === 0) return [];
    const n = diagnoses.length;
    return dto.serviceLines
      ? [
          {
            field: `serviceLines.${i}.diagnosisPointers`,
            messages: [`diagnosis pointer ${past.join(', ')} is past the diagnoses: the claim has ${n}`],
          },
        ]
      : [
          {
            field: 'diagnoses',
            messages: [`line ${i + 1} points at diagnosis ${past.join(', ')}; the claim would have ${n}`],
          },
        ];
  });
  if (problems.length > 0) throw fieldErrors(problems);
}

/** The service lines a correction asks for, numbered for the claim. */
export function correctedLines(claim: Claim, dto: ClaimCorrectionDto): ServiceLine[] | undefined {
  return dto.serviceLines?.map((l, i) => ({
    claimId: claim.id,
    lineNumber: i + 1,
    procedureCode: l.procedureCode.toUpperCase(),
    modifiers: (l.modifiers ?? []).map((x) => x.toUpperCase()),
    units: l.units,
    chargeCents: l.chargeCents,
    diagnosisPointers: l.diagnosisPointers,
    dateOfService: l.dateOfService ?? claim.dateOfService,
  }));
}

/** Whether two sets of lines bill the same services (same order, codes, units, charges, pointers, dates). */
export function sameLines(a: readonly ServiceLine[], b: readonly ServiceLine[]): boolean {
  const key = (l: ServiceLine) =>
    [
      l.procedureCode,
      l.modifiers.join(','),
      l.units,
      l.chargeCents,
      l.diagnosisPointers.join(','),
      l.dateOfService,
    ].join('|');
  return a.length === b.length && a.every((l, i) => key(l) === key(b[i]!));
}

/** claims.claim.corrected for the claim as it now stands, by the biller who corrected it (or COB). */
export function claimCorrectedEvent(claim: Claim, by: { id: string; role: Principal['role'] | 'system' }) {
  const payload: ClaimCorrected = {
    claimId: claim.id,
    encounterId: claim.encounterId,
    patientControlNumber: claim.patientControlNumber,
    patientId: claim.patientId,
    payerId: claim.payerId,
    dateOfService: claim.dateOfService,
    totalChargeCents: claim.totalChargeCents,
    serviceLineCount: claim.serviceLines.length,
    serviceLines: claimServiceLines(claim),
    ...(claim.primaryClaimId ? { primaryClaimId: claim.primaryClaimId } : {}),
    revision: claim.revision,
    frequencyCode: claim.frequencyCode as ClaimCorrected['frequencyCode'],
    // A correction leaves the claim ready, rejected or voided (correct() refuses any other).
    status: claim.status as ClaimCorrected['status'],
    voided: claim.status === 'voided',
  };
  return createEvent(ClaimCorrectedEvent, {
    aggregateId: claim.id,
    actor: { id: by.id, role: by.role },
    payload,
  });
}

/** 837 CLM05-3 = 7: the claim replaces one the payer adjudicated. */
export const REPLACEMENT_FREQUENCY = '7';

/** Whether the payer has (or had) adjudicated the claim: what a replacement or void must then correct. */
export function adjudicatedBefore(claim: Pick<Claim, 'status' | 'frequencyCode'>): boolean {
  return (
    ADJUDICATED_STATUSES.includes(claim.status) ||
    claim.frequencyCode === REPLACEMENT_FREQUENCY ||
    claim.frequencyCode === VOID_FREQUENCY
  );
}

/**
 * The frequency a correction gives the claim (CLM05-3), or a 400 naming frequencyCode. After the
 * payer's adjudication a correction is a replacement (7, the default) or a void (8) — an original
 * (1) would be a duplicate of the claim the payer already has — and both need the payer's claim
 * control number for 2300 REF*F8 (837P IG: required when CLM05-3 is 7 or 8; Stedi and the payers
 * reject a replacement or void without it). Before adjudication a replacement has nothing to
 * replace: the claim is still an original (1); a void then simply withdraws it here.
 */
export function correctionFrequency(
  claim: Pick<Claim, 'status' | 'frequencyCode' | 'payerClaimControlNumber' | 'patientControlNumber'>,
  dto: ClaimCorrectionDto,
): string | undefined {
  if (!adjudicatedBefore(claim)) {
    if (dto.frequencyCode === REPLACEMENT_FREQUENCY)
      throw fieldError(
        'frequencyCode',
        `claim ${claim.patientControlNumber} was never adjudicated by the payer (${claim.status}), so there is no payer claim to replace: correct it as an original (1)`,
      );
    return dto.frequencyCode;
  }
  const frequency =
    dto.frequencyCode ?? (claim.frequencyCode === VOID_FREQUENCY ? VOID_FREQUENCY : REPLACEMENT_FREQUENCY);
  if (frequency !== REPLACEMENT_FREQUENCY && frequency !== VOID_FREQUENCY)
    throw fieldError(
      'frequencyCode',
      `claim ${claim.patientControlNumber} was adjudicated by the payer: correct it with a replacement (7) or a void (8); an original (1) would duplicate it`,
    );
  if (!claim.payerClaimControlNumber)
    throw fieldError(
      'frequencyCode',
      `a ${frequency === VOID_FREQUENCY ? 'void (8)' : 'replacement (7)'} names the payer's claim control number (REF*F8, 835 CLP07) of the claim it corrects; the payer gave none for claim ${claim.patientControlNumber}`,
    );
  return frequency;
}
