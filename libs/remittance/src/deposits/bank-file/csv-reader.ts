import { BankDeposit, BankFileError, BankFileRead } from './bank-file';
import { traceInAddenda } from './eft-trace';

/**
 * A bank's CSV export of deposits: a header row naming the columns (any order, any case), then one
 * row per credit. Fields follow RFC 4180: comma-separated, optionally in double quotes, a quote in
 * a quoted field doubled, a quoted field may hold commas and line breaks.
 * Columns: `date` (YYYY-MM-DD or MM/DD/YYYY), `amount` (dollars: 1234.56, $1,234.56), the trace
 * (`trace`, `trace number`, `eft trace`, `reference`), optional `description` (`memo`, `text`) and
 * `originator` (`company id`, `payer id`: the 835 TRN03). Negative amounts are debits, not deposits,
 * and are skipped.
 */
const COLUMNS: Record<'date' | 'amount' | 'trace' | 'description' | 'originator', string[]> = {
  date: ['date', 'deposit date', 'posting date', 'value date'],
  amount: ['amount', 'credit', 'credit amount', 'deposit amount'],
  trace: ['trace', 'trace number', 'eft trace', 'eft trace number', 'reference', 'trn02', 'check number'],
  description: ['description', 'memo', 'text', 'details'],
  originator: ['originator', 'company id', 'payer id', 'trn03'],
};
type Column = keyof typeof COLUMNS;

interface Row {
  line: number;
  fields: string[];
}

export function readCsv(text: string): BankFileRead {
  const errors: BankFileError[] = [];
  const rows = csvRows(text, errors);
  if (errors.length) return { ok: false, format: 'csv', errors };
  while (rows.length && rows[0].fields.length === 1 && rows[0].fields[0].trim() === '') rows.shift();
  const header = rows.shift();
  if (!header)
    return { ok: false, format: 'csv', errors: [{ line: 1, field: 'header', message: 'the file is empty' }] };
  const at: Partial<Record<Column, number>> = {};
  header.fields.forEach((name, i) => {
    const n = name.trim().toLowerCase().replace(/[_-]+/g, ' ');
    for (const [col, names] of Object.entries(COLUMNS) as [Column, string[]][])
      if (names.includes(n)) {
        if (at[col] !== undefined)
          errors.push({ line: header.line, field: name, message: `two columns name the ${col}` });
        at[col] = i;
      }
  });
  for (const col of ['date', 'amount', 'trace'] as const)
    if (at[col] === undefined)
      errors.push({
        line: header.line,
        field: 'header',
        message: `no ${col} column (one of: ${COLUMNS[col].join(', ')})`,
      });
  if (errors.length) return { ok: false, format: 'csv', errors };

  const deposits: BankDeposit[] = [];
  for (const row of rows) {
    if (row.fields.length === 1 && row.fields[0].trim() === '') continue;
    if (row.fields.length !== header.fields.length) {
      errors.push({
        line: row.line,
        field: 'row',
        message: `${row.fields.length} fields, the header has ${header.fields.length}`,
      });
      continue;
    }
    const get = (col: Column) => {
      const i = at[col];
      return i === undefined ? '' : row.fields[i].trim();
    };
    const depositDate = csvDate(get('date'));
    if (!depositDate)
      errors.push({
        line: row.line,
        field: 'date',
        message: `date must be YYYY-MM-DD or MM/DD/YYYY`,
      });
    const cents = dollarsToCents(get('amount'));
    if (cents === undefined)
      errors.push({
        line: row.line,
        field: 'amount',
        message: `amount must be dollars with at most 2 decimals (1234.56)`,
      });
    else if (cents === 0) errors.push({ line: row.line, field: 'amount', message: 'amount must not be 0' });
    if (!depositDate || cents === undefined || cents <= 0) continue;
    const description = get('description');
    const trn = traceInAddenda(description) ?? traceInAddenda(get('trace'));
    const trace = trn?.traceNumber ?? (get('trace') || undefined);
    const originator = get('originator') || trn?.originator;
    deposits.push({
      line: row.line,
      depositDate,
      amountCents: cents,
      text: description,
      ...(get('trace') ? { customerReference: get('trace') } : {}),
      ...(trace ? { traceNumber: trace } : {}),
      ...(originator ? { originator } : {}),
    });
  }
  return errors.length ? { ok: false, format: 'csv', errors } : { ok: true, format: 'csv', deposits };
}

/** RFC 4180 records with the line each starts on. */
function csvRows(text: string, errors: BankFileError[]): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          errors.push({ line, field: `field ${fields.length + 1}`, message: 'text after a closing quote' });
          return rows;
        }
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (ch === '\r' && text[i + 1] === '\n') i++;
    if (ch === '\n' || ch === '\r') {
      endRow();
      i++;
      line++;
      rowLine = line;
      continue;
    }
    if (ch === '"') {
      errors.push({ line, field: `field ${fields.length + 1}`, message: 'a quote inside an unquoted field' });
      return rows;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted)
    errors.push({
      line: rowLine,
      field: `field ${fields.length + 1}`,
      message: 'a quoted field is never closed',
    });
  else if (field !== '' || fields.length > 0) endRow();
  return rows;
}

function csvDate(v: string): string | undefined {
  let iso = v;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (us) iso = `${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** "1,234.56", "$1234.5", "-20.00" → cents, by string arithmetic (no floats). */
export function dollarsToCents(v: string): number | undefined {
  const m = /^(-)?\$?(\d{1,3}(?:,\d{3})+|\d{1,13})(?:\.(\d{1,2}))?$/.exec(v.replace(/\s/g, ''));
  if (!m) return undefined;
  const cents = Number(m[2].replace(/,/g, '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
