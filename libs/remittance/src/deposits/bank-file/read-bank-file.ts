import { BankFileRead } from './bank-file';
import { readBai2 } from './bai2-reader';
import { readCsv } from './csv-reader';

/** Reads a bank file, BAI2 when its first record is an 01 file header, CSV otherwise. */
export function readBankFile(text: string): BankFileRead {
  const first = text.replace(/^\uFEFF/, '').trimStart();
  if (first === '')
    return { ok: false, errors: [{ line: 1, field: 'file', message: 'the bank file is empty' }] };
  if (/^01,/.test(first)) return readBai2(text.replace(/^\uFEFF/, ''));
  const header = first.split(/\r?\n/, 1)[0].toLowerCase();
  if (header.includes(',') && /date/.test(header) && /amount|credit/.test(header))
    return readCsv(text.replace(/^\uFEFF/, ''));
  return {
    ok: false,
    errors: [
      {
        line: 1,
        field: 'file',
        message:
          'not a bank file: BAI2 starts with an 01 file header, CSV with a header row naming date and amount',
      },
    ],
  };
}
