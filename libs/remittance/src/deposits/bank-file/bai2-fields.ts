import { BankFileError } from './bank-file';

/**
 * Field reading for BAI2 ("Cash Management Balance Reporting Specifications, Version 2", BAI 2005;
 * record layouts as banks and vendors republish them: Oracle JD Edwards "Record 16", "Record 49",
 * "Record 98", "Record 99" (docs.oracle.com/en/applications/jd-edwards/financials/9.2/eoaga/),
 * NetSuite "BAI2 Parser Validations", and the BAI sample file in Informatica's "BAI2 Message
 * Structure" (docs.informatica.com, B2B Data Transformation libraries guide)): fields are comma-delimited, a "/" ends a record's fields (the
 * ones after it take their defaults), a record may continue in 88 records, and the 16 record's text
 * field runs to the end of the physical record (it is not ended by "/").
 */

/** One physical record's content after its record code, with its line. */
export interface RecordPart {
  line: number;
  content: string;
}

export interface Field {
  value: string;
  line: number;
}

/**
 * Reads the fields of one logical record: its own line, then each 88 continuation, in order
 * (an 88 continues the field list where the record stopped, whether at "," or "/").
 */
export class FieldCursor {
  private part = 0;
  private pos = 0;
  private ended = false;

  constructor(private readonly parts: RecordPart[]) {}

  get line(): number {
    return this.parts[Math.min(this.part, this.parts.length - 1)].line;
  }

  /** The next field, or undefined when the record (and its continuations) has no more: defaulted. */
  next(): Field | undefined {
    while (this.part < this.parts.length) {
      const { content, line } = this.parts[this.part];
      if (this.ended || this.pos >= content.length) {
        this.advance();
        continue;
      }
      let end = this.pos;
      while (end < content.length && content[end] !== ',' && content[end] !== '/') end++;
      const value = content.slice(this.pos, end);
      if (content[end] === '/') this.ended = true;
      this.pos = end + 1;
      return { value, line };
    }
    return undefined;
  }

  /** The next field; a defaulted one reads as empty, on the record's current line. */
  take(): Field {
    return this.next() ?? { value: '', line: this.line };
  }

  /**
   * The 16 record's text: the rest of the current physical record, then each further 88 joined by
   * a space. A single trailing "/" (many banks end every record with one) is not text.
   */
  rest(): { value: string; line: number } {
    const line = this.line;
    const pieces: string[] = [];
    while (this.part < this.parts.length) {
      const { content } = this.parts[this.part];
      if (!this.ended && this.pos < content.length) pieces.push(content.slice(this.pos));
      this.advance();
    }
    const value = pieces
      .map((p) => p.trim().replace(/\/$/, '').trim())
      .filter((p) => p !== '')
      .join(' ');
    return { value, line };
  }

  private advance() {
    this.part++;
    this.pos = 0;
    this.ended = false;
  }
}

export class FieldErrors {
  readonly list: BankFileError[] = [];
  add(line: number, field: string, message: string) {
    this.list.push({ line, field, message });
  }
}

/**
 * An amount in cents. BAI2 amounts carry no decimal point: the decimals are implied by the
 * currency (two for USD, so 150000 = 1,500.00). Detail and control amounts are unsigned except where
 * the spec allows a sign (03 status amounts, 49/98/99 control totals).
 */
export function readAmount(
  f: Field | undefined,
  name: string,
  errors: FieldErrors,
  opts: { signed: boolean; required: boolean },
): number | undefined {
  if (!f || f.value === '') {
    if (opts.required) errors.add(f?.line ?? 0, name, `${name} is missing`);
    return undefined;
  }
  const re = opts.signed ? /^[+-]?\d{1,18}$/ : /^\d{1,18}$/;
  if (!re.test(f.value)) {
    errors.add(
      f.line,
      name,
      `${name} must be ${opts.signed ? 'an optionally signed' : 'an unsigned'} whole number of cents (implied decimals, no point)`,
    );
    return undefined;
  }
  const n = Number(f.value);
  if (!Number.isSafeInteger(n)) {
    errors.add(f.line, name, `${name} ${f.value} is too large`);
    return undefined;
  }
  return n;
}

/** A whole count (records, accounts, groups, items). */
export function readCount(f: Field | undefined, name: string, errors: FieldErrors): number | undefined {
  if (!f || f.value === '') {
    errors.add(f?.line ?? 0, name, `${name} is missing`);
    return undefined;
  }
  if (!/^\d{1,9}$/.test(f.value)) {
    errors.add(f.line, name, `${name} must be a whole number`);
    return undefined;
  }
  return Number(f.value);
}

/** BAI2 dates are YYMMDD (years 00–99 read as 2000–2099). Returns YYYY-MM-DD. */
export function readDate(f: Field | undefined, name: string, errors: FieldErrors): string | undefined {
  if (!f || f.value === '') {
    errors.add(f?.line ?? 0, name, `${name} is missing`);
    return undefined;
  }
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(f.value);
  const iso = m ? `20${m[1]}-${m[2]}-${m[3]}` : '';
  const d = new Date(`${iso}T00:00:00Z`);
  if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    errors.add(f.line, name, `${name} must be a real date YYMMDD`);
    return undefined;
  }
  return iso;
}

/** Times are military HHMM, 0000–2400; 9999 is end of day for some banks. Defaulted is allowed. */
export function checkTime(f: Field | undefined, name: string, errors: FieldErrors): void {
  if (!f || f.value === '' || f.value === '9999') return;
  const m = /^(\d{2})(\d{2})$/.exec(f.value);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (m[1] === '24' && m[2] !== '00'))
    errors.add(f.line, name, `${name} must be a time HHMM (0000–2400, or 9999)`);
}

/**
 * The funds type of an 03 summary or a 16 detail and the fields it brings (BAI2 "Funds Type"):
 * 0/1/2 immediate, one-day, two-or-more-day availability; Z (or defaulted) unknown; S three
 * availability amounts; V value date and time; D a count then that many (days, amount) pairs.
 */
export function skipFundsType(c: FieldCursor, fundsType: Field | undefined, errors: FieldErrors): void {
  const t = fundsType?.value ?? '';
  if (t === '' || t === 'Z' || t === '0' || t === '1' || t === '2') return;
  if (t === 'S') {
    for (const name of ['immediate availability', 'one-day availability', 'two-or-more-day availability'])
      readAmount(c.next(), name, errors, { signed: true, required: false });
    return;
  }
  if (t === 'V') {
    const date = c.next();
    if (date && date.value !== '') readDate(date, 'value date', errors);
    checkTime(c.next(), 'value time', errors);
    return;
  }
  if (t === 'D') {
    const n = c.next();
    if (!n || !/^\d{1,3}$/.test(n.value)) {
      errors.add(
        n?.line ?? c.line,
        'number of distributions',
        'funds type D needs the number of distributions',
      );
      return;
    }
    for (let i = 0; i < Number(n.value); i++) {
      c.next(); // availability in days
      readAmount(c.next(), `distribution ${i + 1} amount`, errors, { signed: true, required: false });
    }
    return;
  }
  errors.add(fundsType?.line ?? c.line, 'funds type', `funds type must be 0, 1, 2, S, V, D or Z`);
}
