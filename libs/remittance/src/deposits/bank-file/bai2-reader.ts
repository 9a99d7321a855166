import { BankDeposit, BankFileRead, physicalLines } from './bank-file';
import {
  Field,
  FieldCursor,
  FieldErrors,
  RecordPart,
  checkTime,
  readAmount,
  readCount,
  readDate,
  skipFundsType,
} from './bai2-fields';
import { traceInAddenda } from './eft-trace';

/**
 * A BAI2 file (BAI "Cash Management Balance Reporting Specifications, Version 2"): 01 file header,
 * then groups (02 … 98), each of accounts (03 with its summaries, 16 details, 49 trailer), 99 file
 * trailer; 88 continues the record before it. Every trailer is checked against what it closes:
 * - 49 account control total = Σ the 03 summary/status amounts + Σ the 16 amounts; its record
 *   count = the account's records from 03 to 49, 88s included (BAI2 sample: 03, 88, 88, 16, 49 → 5);
 * - 98 group control total = Σ its 49 totals, number of accounts = its 03s, records 02 … 98;
 * - 99 file control total = Σ the 98 totals, number of groups, records 01 … 99.
 * Credits in 16 records (type codes 100–399, BAI's credit detail range; debits are 400–699) are the
 * deposits (none from a test-only group, status 4). Only USD is read: its amounts have two implied decimals, which is our integer cents.
 */
export function readBai2(text: string): BankFileRead {
  const errors = new FieldErrors();
  const records = logicalRecords(physicalLines(text), errors);
  const deposits: BankDeposit[] = [];

  type Open = { line: number; total: number; records: number; count: number };
  let file: Open | undefined;
  let group: (Open & { asOfDate?: string; currency: string; test: boolean }) | undefined;
  let account: (Open & { number: string }) | undefined;
  let closed = false;

  const expect = (line: number, code: string, what: string) =>
    errors.add(line, 'record code', `record ${code} is out of place: ${what}`);

  for (const r of records) {
    const c = new FieldCursor(r.parts);
    if (closed) {
      expect(r.line, r.code, 'the file ended with its 99 trailer');
      continue;
    }
    if (file) file.records += r.physical;
    if (group) group.records += r.physical;
    if (account) account.records += r.physical;
    switch (r.code) {
      case '01': {
        if (file) {
          expect(r.line, r.code, 'a second file header');
          break;
        }
        file = { line: r.line, total: 0, records: r.physical, count: 0 };
        const [, , creation, time, , , , version] = [
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
        ];
        readDate(creation, 'file creation date', errors);
        checkTime(time, 'file creation time', errors);
        if (version.value !== '2')
          errors.add(version.line, 'version number', `version number must be 2 (BAI2)`);
        break;
      }
      case '02': {
        if (!file || group) {
          expect(
            r.line,
            r.code,
            file ? 'the group before it has no 98 trailer' : 'no 01 file header before it',
          );
          break;
        }
        file.count++;
        const [, , status, asOf, asOfTime, currency] = [
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
          c.take(),
        ];
        checkGroupStatus(status, errors);
        group = {
          test: status.value === '4',
          line: r.line,
          total: 0,
          records: r.physical,
          count: 0,
          asOfDate: readDate(asOf, 'as-of date', errors),
          currency: currency?.value || 'USD',
        };
        checkTime(asOfTime, 'as-of time', errors);
        checkCurrency(currency, errors);
        break;
      }
      case '03': {
        if (!group || account) {
          expect(
            r.line,
            r.code,
            group ? 'the account before it has no 49 trailer' : 'no 02 group header before it',
          );
          break;
        }
        group.count++;
        const number = c.take();
        if (number.value === '')
          errors.add(r.line, 'customer account number', 'customer account number is missing');
        checkCurrency(c.next(), errors);
        account = { line: r.line, total: 0, records: r.physical, count: 0, number: number.value };
        account.total += summaryAmounts(c, errors);
        break;
      }
      case '16': {
        if (!account) {
          expect(r.line, r.code, 'a transaction detail belongs to an account (03 … 49)');
          break;
        }
        const deposit = transactionDetail(c, r.line, errors);
        if (!deposit) break;
        account.total += deposit.amountCents;
        if (isCredit(deposit.typeCode) && group?.asOfDate && !group.test)
          deposits.push({ ...deposit, depositDate: group.asOfDate, accountNumber: account.number });
        break;
      }
      case '49': {
        if (!account || !group) {
          expect(r.line, r.code, 'no 03 account identifier before it');
          break;
        }
        checkTrailer(c, 'account', account, errors, { total: true });
        group.total += account.total;
        account = undefined;
        break;
      }
      case '98': {
        if (!group || account || !file) {
          expect(
            r.line,
            r.code,
            account ? 'the account before it has no 49 trailer' : 'no 02 group header before it',
          );
          break;
        }
        checkTrailer(c, 'group', group, errors, { total: true, count: 'accounts' });
        file.total += group.total;
        group = undefined;
        break;
      }
      case '99': {
        if (!file || group) {
          expect(
            r.line,
            r.code,
            group ? 'the group before it has no 98 trailer' : 'no 01 file header before it',
          );
          break;
        }
        checkTrailer(c, 'file', file, errors, { total: true, count: 'groups' });
        closed = true;
        break;
      }
      default:
        errors.add(
          r.line,
          'record code',
          `unknown record code "${r.code}" (BAI2 has 01, 02, 03, 16, 88, 49, 98, 99)`,
        );
    }
  }
  const last = records.length ? records[records.length - 1].line : 1;
  if (records.length === 0) errors.add(1, 'record code', 'the file is empty');
  else if (!closed) errors.add(last, 'record code', 'the file ends without its 99 file trailer (truncated?)');

  return errors.list.length
    ? { ok: false, format: 'bai2', errors: errors.list }
    : { ok: true, format: 'bai2', deposits };
}

interface LogicalRecord {
  code: string;
  line: number;
  parts: RecordPart[];
  physical: number;
}

/** Each record with the 88 continuations that follow it (an 88 may follow any record, BAI2 §88). */
function logicalRecords(lines: string[], errors: FieldErrors): LogicalRecord[] {
  const out: LogicalRecord[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const m = /^(\d{2})(?:,|\/|$)/.exec(text);
    if (!m) {
      errors.add(line, 'record code', `a BAI2 record starts with a two-digit record code and a comma`);
      return;
    }
    const part = { line, content: text.slice(3) };
    if (m[1] === '88') {
      const previous = out[out.length - 1];
      if (!previous) errors.add(line, 'record code', 'an 88 continuation with no record before it');
      else {
        previous.parts.push(part);
        previous.physical++;
      }
      return;
    }
    out.push({ code: m[1], line, parts: [part], physical: 1 });
  });
  return out;
}

/**
 * 02 group status: 1 update (the day's report), 4 test only (read and checked, no deposits). 2
 * deletion and 3 correction restate an earlier report; they are refused rather than guessed at.
 */
function checkGroupStatus(f: Field, errors: FieldErrors) {
  if (f.value === '1' || f.value === '4') return;
  errors.add(
    f.line,
    'group status',
    f.value === '2' || f.value === '3'
      ? `group status ${f.value} (${f.value === '2' ? 'deletion' : 'correction'}) restates an earlier report: ask the bank for the corrected day's file (status 1)`
      : `group status must be 1 (update) or 4 (test only)`,
  );
}

function checkCurrency(f: Field | undefined, errors: FieldErrors) {
  if (f && f.value !== '' && f.value !== 'USD')
    errors.add(f.line, 'currency code', `only USD accounts are read (amounts in cents)`);
}

/** The 03 record's (type code, amount, item count, funds type) groups; returns Σ amounts. */
function summaryAmounts(c: FieldCursor, errors: FieldErrors): number {
  let total = 0;
  for (;;) {
    const type = c.next();
    if (!type) return total;
    const amount = c.next();
    const items = c.next();
    const funds = c.next();
    if (type.value === '' && !amount?.value && !items?.value && !funds?.value) continue;
    if (!/^\d{3}$/.test(type.value))
      errors.add(type.line, 'summary type code', `summary type code must be 3 digits`);
    total +=
      readAmount(
        amount,
        /^\d{3}$/.test(type.value) ? `amount of summary ${type.value}` : 'summary amount',
        errors,
        { signed: true, required: false },
      ) ?? 0;
    if (items && items.value !== '' && !/^\d{1,9}$/.test(items.value))
      errors.add(items.line, 'item count', `item count must be a whole number`);
    skipFundsType(c, funds, errors);
  }
}

/** 16: type code, amount, funds type (+ its fields), bank reference, customer reference, text. */
function transactionDetail(
  c: FieldCursor,
  line: number,
  errors: FieldErrors,
): Omit<BankDeposit, 'depositDate'> | undefined {
  const before = errors.list.length;
  const type = c.take();
  if (!/^\d{3}$/.test(type.value)) {
    errors.add(type.line, 'type code', `type code must be 3 digits`);
    return undefined;
  }
  if (
    Number(type.value) < 100 ||
    Number(type.value) > 999 ||
    (Number(type.value) >= 700 && Number(type.value) < 900)
  )
    errors.add(
      type.line,
      'type code',
      `type code ${type.value} is not a transaction detail code (credits 100–399, debits 400–699)`,
    );
  const amountCents = readAmount(c.take(), 'amount', errors, { signed: false, required: true });
  skipFundsType(c, c.next(), errors);
  const bankReference = c.next()?.value ?? '';
  const customerReference = c.next()?.value ?? '';
  const text = c.rest().value;
  if (errors.list.length > before || amountCents === undefined) return undefined;
  const trn = traceInAddenda(text) ?? traceInAddenda(customerReference);
  const trace = trn?.traceNumber ?? (customerReference.trim() || undefined);
  return {
    line,
    amountCents,
    typeCode: type.value,
    ...(bankReference ? { bankReference } : {}),
    ...(customerReference ? { customerReference } : {}),
    text,
    ...(trace ? { traceNumber: trace } : {}),
    ...(trn?.originator ? { originator: trn.originator } : {}),
  };
}

/** BAI type codes 100–399 are credits (920–959: a bank's customized credit codes). */
const isCredit = (typeCode: string | undefined) => {
  const n = Number(typeCode);
  return (n >= 100 && n <= 399) || (n >= 920 && n <= 959);
};

function checkTrailer(
  c: FieldCursor,
  level: 'account' | 'group' | 'file',
  open: { total: number; records: number; count: number; line: number },
  errors: FieldErrors,
  opts: { total: true; count?: 'accounts' | 'groups' },
) {
  const code = { account: '49', group: '98', file: '99' }[level];
  const totalField = c.take();
  const total = readAmount(totalField, `${level} control total`, errors, { signed: true, required: true });
  if (total !== undefined && total !== open.total)
    errors.add(
      totalField.line,
      `${level} control total`,
      `${code} ${level} control total ${total} does not equal the ${level}'s amounts, ${open.total} (from line ${open.line})`,
    );
  if (opts.count) {
    const countField = c.take();
    const count = readCount(countField, `number of ${opts.count}`, errors);
    if (count !== undefined && count !== open.count)
      errors.add(
        countField.line,
        `number of ${opts.count}`,
        `${code} says ${count} ${opts.count}, the ${level} has ${open.count}`,
      );
  }
  const recordsField = c.take();
  const records = readCount(recordsField, 'number of records', errors);
  if (records !== undefined && records !== open.records)
    errors.add(
      recordsField.line,
      'number of records',
      `${code} says ${records} records, the ${level} has ${open.records} (from line ${open.line} to this trailer, 88s included)`,
    );
}
