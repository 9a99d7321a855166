import type { X12Issue } from '../../common/issue';
import type { Segment } from '../../tokenizer/segment';
import type { Push } from '../push';

/** Where the 835 walk stands: what the header and party loops held, and the open claim (2100). */
export class Walk835 {
  hasBpr = false;
  hasTrn = false;
  payer: Segment | undefined;
  payerTechnicalContact = false;
  payee = false;
  /** The open claim's CLP and whether it named the patient (NM1*QC). */
  claim: { clp: Segment; hasPatient: boolean } | undefined;
  /** Segment counts in the open loop instance, and the open claim's service lines. */
  readonly repeats = { loop: '', counts: new Map<string, number>(), serviceLines: 0 };

  constructor(
    readonly st: Segment,
    readonly issues: X12Issue[],
    readonly push: Push,
    /** CARC list (X12 code source 139), when the caller has one loaded. */
    readonly adjustmentReasons: ReadonlySet<string> | undefined,
    /** RARC list (X12 code source 411), when the caller has one loaded. */
    readonly remarkCodes: ReadonlySet<string> | undefined,
  ) {}
}
