import { dollarsToCents, readCsv } from './csv-reader';
import { readBankFile } from './read-bank-file';

describe('a CSV bank export', () => {
  it('reads deposits in any column order, quoted fields with commas, quotes and line breaks, and skips debits', () => {
    const csv = [
      'Posting Date,Description,Amount,Trace Number',
      '2026-11-30,"HCCLAIMPMT AETNA, TRN*1*EFT1*1066033492\\",1250.00,',
      '11/30/2026,"UNITED ""HC""',
      'second line","$1,876.5",EFT2',
      '2026-11-30,CHECK 1001 PAID,-100.00,',
      '',
    ].join('\n');
    const read = readBankFile(csv);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read).toEqual({
      ok: true,
      format: 'csv',
      deposits: [
        {
          line: 2,
          depositDate: '2026-11-30',
          amountCents: 125000,
          text: 'HCCLAIMPMT AETNA, TRN*1*EFT1*1066033492\\',
          traceNumber: 'EFT1',
          originator: '1066033492',
        },
        {
          line: 3,
          depositDate: '2026-11-30',
          amountCents: 187650,
          text: 'UNITED "HC"\nsecond line',
          customerReference: 'EFT2',
          traceNumber: 'EFT2',
        },
      ],
    });
  });

  it('locates every bad row and field', () => {
    const read = readCsv(
      [
        'date,amount,trace',
        '2026-02-30,10.00,T1',
        '2026-11-30,12.345,T2',
        '2026-11-30,0,T3',
        '2026-11-30,5',
        '2026-11-30,1e3,T5',
      ].join('\r\n'),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'date'],
      [3, 'amount'],
      [4, 'amount'],
      [5, 'row'],
      [6, 'amount'],
    ]);
  });

  it('names the missing columns and an unclosed quote', () => {
    const noTrace = readCsv('date,amount\n2026-11-30,1.00\n');
    expect(noTrace.ok || noTrace.errors).toEqual([
      expect.objectContaining({
        line: 1,
        field: 'header',
        message: expect.stringMatching(/no trace column/),
      }),
    ]);
    const open = readCsv('date,amount,trace\n2026-11-30,1.00,"T1\n');
    expect(open.ok || open.errors).toEqual([
      expect.objectContaining({ line: 2, message: 'a quoted field is never closed' }),
    ]);
  });

  it('turns dollars into cents without floating point', () => {
    expect(dollarsToCents('0.29')).toBe(29);
    expect(dollarsToCents('1,234,567.89')).toBe(123456789);
    expect(dollarsToCents('12.3')).toBe(1230);
    expect(dollarsToCents('1,23.00')).toBeUndefined();
  });
});
