/** The claims API's shapes the biller screens read (libs/claims dto). */
export interface ServiceLine {
  lineNumber: number;
  procedureCode: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  diagnosisPointers: number[];
  dateOfService: string;
}

export interface Claim {
  id: string;
  patientControlNumber: string;
  encounterId: string;
  patientId: string;
  payerId: string;
  claimType: string;
  frequencyCode: string;
  status: string;
  payerClaimControlNumber: string | null;
  revision: number;
  scrubbedAt: string | null;
  dateOfService: string;
  placeOfService: string;
  totalChargeCents: number;
  diagnoses: string[];
  serviceLines: ServiceLine[];
  createdAt: string;
  updatedAt: string;
}

export interface QueueEdit {
  editId: string;
  category: string;
  severity: string;
  line: number | null;
  codes?: string[];
  message: string;
}

export interface EditQueueItem {
  claimId: string;
  patientControlNumber: string;
  patientId: string;
  payerId: string;
  payerName: string;
  dateOfService: string;
  totalChargeCents: number;
  revision: number;
  ageDays: number;
  edits: QueueEdit[];
}

export interface CorrectionResult {
  id: string;
  status: string;
  revision: number;
  totalChargeCents: number;
  scrub: {
    status: string;
    edits: Array<{ id: string; category: string; severity: string; line: number | null; message: string }>;
  } | null;
}

/** libs/edit-engine EDIT_CATEGORIES (and the payer's acknowledgments), in the words a biller uses. */
export const CATEGORY_LABELS: Record<string, string> = {
  'ncci-ptp': 'NCCI procedure pairs',
  mue: 'Medically unlikely units',
  'add-on': 'Add-on codes',
  'icd-invalid': 'Invalid diagnosis',
  'icd-header': 'Non-billable diagnosis header',
  'icd-date': 'Diagnosis not valid on the date',
  age: 'Age conflicts',
  sex: 'Sex conflicts',
  manifestation: 'Manifestation codes',
  'dx-pointer': 'Diagnosis pointers',
  'procedure-code': 'Procedure codes',
  modifier: 'Modifiers',
  npi: 'Provider NPI',
  required: 'Missing required data',
  date: 'Dates',
  duplicate: 'Duplicates',
  'timely-filing': 'Timely filing',
  'units-charge': 'Units and charges',
  'payer-rule': 'Payer rules',
  payer: "Payer's acknowledgment",
};

export const categoryLabel = (c: string) => CATEGORY_LABELS[c] ?? c;

/** Claim statuses in words (libs/claims claim-status). */
export const STATUS_LABELS: Record<string, string> = {
  ready: 'ready to batch',
  rejected: 'rejected by the scrubber',
  batched: 'batched',
  submitted: 'submitted',
  acknowledged: 'acknowledged (999)',
  accepted: 'accepted (277CA)',
  payer_rejected: 'rejected by the payer',
  paid: 'paid',
  partially_paid: 'partially paid',
  denied: 'denied',
  reversed: 'reversed',
  voided: 'voided',
};
export const statusLabel = (s: string) => STATUS_LABELS[s] ?? s;
