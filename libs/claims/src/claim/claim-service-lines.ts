import { ClaimServiceLine } from '@revcycle/contracts';
import { lineItemControlNumber } from '../submission/claim-file/claim-837-mapping';
import { Claim } from './claim.entity';

/** The claim's lines as claims.claim.created / corrected carry them, for remittance's 835 line matching. */
export function claimServiceLines(claim: Claim): ClaimServiceLine[] {
  return [...claim.serviceLines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((l) => ({
      lineNumber: l.lineNumber,
      // 837 2400 REF*6R exactly as the claim file writes it: the 835 2110 REF*6R echoes it back.
      lineItemControlNumber: lineItemControlNumber(claim.patientControlNumber, l.lineNumber),
      procedureCode: l.procedureCode,
      modifiers: [...l.modifiers],
      dateOfService: l.dateOfService,
      units: l.units,
      chargeCents: l.chargeCents,
    }));
}
