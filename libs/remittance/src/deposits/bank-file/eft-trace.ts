/**
 * The 835's reassociation trace as banks carry it. The CAQH CORE EFT & ERA reassociation rule
 * (Phase III, rule 370) puts the 835's TRN segment in the ACH CCD+ addenda record's payment-related
 * information: `TRN*1*<TRN02 trace>*<TRN03 originator>\` (the 835 IG 1000 TRN: TRN01 1 = current
 * transaction trace numbers, TRN03 = "1" followed by the payer's EIN). Banks pass that addenda on in
 * the BAI2 16 record's text or its 88 continuations; others give only the trace as customer reference.
 */
const TRN_IN_ADDENDA = /TRN\*1\*([^*\\~\s/]{1,50})\*([^*\\~\s/]{1,50})/;

export interface EftTrace {
  traceNumber: string;
  originator?: string;
}

/** The TRN segment in free text (an ACH addenda), if there is one. */
export function traceInAddenda(text: string): EftTrace | undefined {
  const m = TRN_IN_ADDENDA.exec(text);
  return m ? { traceNumber: m[1], originator: m[2] } : undefined;
}

/**
 * TRN03 is "1" + a 9-digit EIN (835 IG 1000 TRN03); some banks and payers drop the leading "1".
 * Compare originators in this form.
 */
export function normalizedOriginator(originator: string | undefined | null): string | undefined {
  if (!originator) return undefined;
  const o = originator.trim();
  return /^1\d{9}$/.test(o) ? o.slice(1) : o;
}
