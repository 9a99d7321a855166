/**
 * What a bank file (BAI2 or CSV) says about money that reached the practice's account: the credits
 * that may be payers' EFT or check payments, each with the 835 reassociation trace when the bank
 * carried it. Pure: no Nest, no I/O.
 */

/** One bad line of a bank file: where (1-based physical line, the field) and why. */
export interface BankFileError {
  line: number;
  field: string;
  message: string;
}

/** One credit to the account, as the bank reported it. */
export interface BankDeposit {
  /** The line of its 16 record (BAI2) or its row (CSV). */
  line: number;
  /** YYYY-MM-DD: the BAI2 group's as-of date (02), or the CSV date. */
  depositDate: string;
  amountCents: number;
  /** BAI2 type code (165 preauthorized ACH credit, 169, 175, 195, 399 …); absent for CSV. */
  typeCode?: string;
  accountNumber?: string;
  bankReference?: string;
  customerReference?: string;
  /** Free text (BAI2 16 text and its 88 continuations, or the CSV description). */
  text: string;
  /** The 835 TRN02 (check or EFT trace number) this credit pays, when the bank carried it. */
  traceNumber?: string;
  /** The 835 TRN03 (payer's originating company id, "1" + EIN) when the ACH addenda carried it. */
  originator?: string;
}

export type BankFileFormat = 'bai2' | 'csv';

export type BankFileRead =
  | { ok: true; format: BankFileFormat; deposits: BankDeposit[] }
  | { ok: false; format?: BankFileFormat; errors: BankFileError[] };

/** Physical lines (CR LF or LF), without their line ends. */
export function physicalLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
