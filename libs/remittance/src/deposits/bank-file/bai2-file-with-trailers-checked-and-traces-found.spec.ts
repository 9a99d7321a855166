import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBankFile } from './read-bank-file';
import { readBai2 } from './bai2-reader';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('a BAI2 bank file', () => {
  it('reads the credits of a day with their traces, from the 16 customer reference or the ACH addenda in 88', () => {
    const read = readBankFile(fixture('ok/lockbox-and-ach-day.bai'));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.format).toBe('bai2');
    // The 475 (check paid) is a debit: not a deposit.
    expect(read.deposits).toEqual([
      {
        line: 4,
        depositDate: '2026-11-30',
        amountCents: 125000,
        typeCode: '165',
        accountNumber: '0001234567',
        bankReference: '981200345',
        text: 'HCCLAIMPMT AETNA TRN*1*EFT20261130001*1066033492\\',
        traceNumber: 'EFT20261130001',
        originator: '1066033492',
      },
      {
        line: 6,
        depositDate: '2026-11-30',
        amountCents: 87600,
        typeCode: '169',
        accountNumber: '0001234567',
        bankReference: '981200346',
        customerReference: 'EFT20261130002',
        text: 'HCCLAIMPMT UNITED HC',
        traceNumber: 'EFT20261130002',
      },
      expect.objectContaining({
        line: 7,
        amountCents: 125500,
        typeCode: '195',
        traceNumber: 'WIRE778',
        originator: '1234567890',
      }),
    ]);
  });

  it('reads CRLF lines, defaulted fields, funds types S and V, and a 16 continued field by field in an 88', () => {
    const text = [
      '01,021000021,CLINIC,261201,,7,,,2/',
      '02,,021000021,1,261201,,,/',
      '03,99887766,,010,-500000,,,190/',
      '88,500000,,,110,1000000,,/',
      '16,165,300000,S,100000,200000,0,BR1,EFT-S-1,ACH S/',
      '16,175,200000,V,261202,0800,BR2,,LOCKBOX 68751/',
      '16,165,500000,Z/',
      '88,BR3,EFT-CONT',
      '88,HCCLAIMPMT CIGNA',
      '49,2000000,8/',
      '98,2000000,1,10/',
      '99,2000000,1,12/',
    ].join('\r\n');
    const read = readBai2(text);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.deposits.map((d) => [d.line, d.amountCents, d.bankReference, d.traceNumber, d.text])).toEqual(
      [
        [5, 300000, 'BR1', 'EFT-S-1', 'ACH S'],
        [6, 200000, 'BR2', undefined, 'LOCKBOX 68751'],
        [7, 500000, 'BR3', 'EFT-CONT', 'HCCLAIMPMT CIGNA'],
      ],
    );
  });

  it('reports every bad line with its line number and field, and no deposits', () => {
    const read = readBankFile(fixture('not-ok/totals-and-fields-wrong.bai'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'as-of date'],
      [4, 'amount'],
      [5, 'funds type'],
      [7, 'account control total'],
      [8, 'number of accounts'],
      [8, 'record code'],
    ]);
    expect(read.errors[3].message).toMatch(/1290001 does not equal the account's amounts, 1290000/);
    expect(read.errors[5].message).toMatch(/without its 99 file trailer/);
  });

  it('checks record counts at each level, 88s included', () => {
    const ok = fixture('ok/lockbox-and-ach-day.bai');
    const read = readBai2(
      ok.replace('49,3524300,8/', '49,3524300,7/').replace('99,3524300,1,12/', '99,3524300,1,13/'),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([
      expect.objectContaining({
        line: 10,
        field: 'number of records',
        message: expect.stringMatching(/says 7 records, the account has 8/),
      }),
      expect.objectContaining({
        line: 12,
        field: 'number of records',
        message: expect.stringMatching(/says 13 records, the file has 12/),
      }),
    ]);
  });

  it('refuses records out of order, a version other than 2, other currencies and unknown record codes', () => {
    const read = readBai2(
      [
        '01,A,B,261201,0600,1,,,1/',
        '03,123,USD,010,0,,/',
        '02,,A,1,261201,,CAD,/',
        '03,123,,/',
        '17,1,2/',
        '16,010,100,,,,/',
        '49,0,4/',
        '98,0,1,6/',
        '99,0,1,9/',
        '16,165,100/',
      ].join('\n'),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'version number'],
      [2, 'record code'],
      [3, 'currency code'],
      [5, 'record code'],
      [6, 'type code'],
      [10, 'record code'],
    ]);
  });

  it('reads a test-only group without deposits, and refuses deletion and correction groups', () => {
    const day = fixture('ok/lockbox-and-ach-day.bai');
    const test = readBai2(day.replace('02,REVCYCLECLINIC,021000021,1,', '02,REVCYCLECLINIC,021000021,4,'));
    expect(test).toEqual({ ok: true, format: 'bai2', deposits: [] });
    const deletion = readBai2(
      day.replace('02,REVCYCLECLINIC,021000021,1,', '02,REVCYCLECLINIC,021000021,2,'),
    );
    expect(deletion.ok || deletion.errors).toEqual([
      expect.objectContaining({ line: 2, field: 'group status', message: expect.stringMatching(/deletion/) }),
    ]);
  });

  it('says what a file that is neither BAI2 nor CSV is', () => {
    expect(readBankFile('ISA*00*          *00*')).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          line: 1,
          field: 'file',
          message: expect.stringMatching(/not a bank file/),
        }),
      ],
    });
    expect(readBankFile('')).toEqual({
      ok: false,
      errors: [expect.objectContaining({ message: 'the bank file is empty' })],
    });
  });
});
