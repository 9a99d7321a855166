import { defineEvent } from '../envelope';
import { cents, int, isoDate, object, str } from '../validation';

/** claims → remittance (ledger) and others: a claim was built and stored. */
export interface ClaimCreated {
  claimId: string;
  encounterId: string;
  /** 837 CLM01, echoed back in 835 CLP01. */
  patientControlNumber: string;
  patientId: string;
  payerId: string;
  dateOfService: string;
  totalChargeCents: number;
  serviceLineCount: number;
}

export const ClaimCreatedEvent = defineEvent<ClaimCreated>(
  'claims.claim.created',
  1,
  object({
    claimId: str({ min: 1 }),
    encounterId: str({ min: 1 }),
    patientControlNumber: str({ min: 1, max: 38 }),
    patientId: str({ min: 1 }),
    payerId: str({ min: 1 }),
    dateOfService: isoDate,
    totalChargeCents: cents,
    serviceLineCount: int({ min: 1 }),
  }),
);
