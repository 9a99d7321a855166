import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBankFile } from './read-bank-file';

/**
 * A bank file's text may name a patient (a lockbox credit's remitter), and a misplaced field puts
 * that text where a date or an amount belongs: the errors name the line and the field, never the
 * value found there (they are answered to the client and kept with the refusal).
 */
describe('bank file errors never echo the rejected value', () => {
  const NAME = 'QUIXOTE ZEBULON';
  const bai2 = readFileSync(join(__dirname, 'fixtures/ok/lockbox-and-ach-day.bai'), 'latin1');

  /** The fixture with one comma-separated field of one record replaced, for every field of every record. */
  function everyFieldReplaced(text: string, value: string): Array<[string, string]> {
    const lines = text.split(/\r?\n/);
    const out: Array<[string, string]> = [];
    lines.forEach((line, li) => {
      const body = line.replace(/[/\\]$/, '');
      const end = line.slice(body.length);
      const fields = body.split(',');
      for (let fi = 0; fi < fields.length; fi++) {
        const changed = [...fields];
        changed[fi] = value;
        const copy = [...lines];
        copy[li] = changed.join(',') + end;
        out.push([`line ${li + 1} field ${fi + 1}`, copy.join('\n')]);
      }
    });
    return out;
  }

  it('BAI2: a name in any field of any record is refused without the name in the errors', () => {
    let refused = 0;
    for (const [where, file] of everyFieldReplaced(bai2, NAME)) {
      const read = readBankFile(file);
      if (read.ok) continue;
      refused++;
      for (const e of read.errors) {
        expect(`${where}: ${e.field}`).not.toContain(NAME);
        expect(`${where}: ${e.message}`).not.toContain(NAME);
        expect(e.line).toBeGreaterThan(0);
      }
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('BAI2: a line that is no record is refused without its text', () => {
    const read = readBankFile(bai2.replace('88,TRN*1*WIRE778', `${NAME},TRN*1*WIRE778`));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.some((e) => e.field === 'record code')).toBe(true);
    expect(JSON.stringify(read.errors)).not.toContain('QUIXOTE');
  });

  it('CSV: a name in the date or amount column is refused, located, without the name', () => {
    for (const row of [`${NAME},125.00,T1`, `2026-12-01,${NAME},T1`]) {
      const read = readBankFile(`date,amount,trace\n${row}\n`);
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.errors).toHaveLength(1);
      expect(read.errors[0].line).toBe(2);
      expect(['date', 'amount']).toContain(read.errors[0].field);
      expect(JSON.stringify(read.errors)).not.toContain('QUIXOTE');
    }
  });
});
