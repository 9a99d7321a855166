import fc from 'fast-check';
import { readBai2 } from './bai2-reader';
import { readBankFile } from './read-bank-file';

interface Credit {
  typeCode: string;
  cents: number;
  trace: string;
  inAddenda: boolean;
}

/** A BAI2 file as a bank writes it, trailers computed per the spec (Σ amounts, records 03 … 49 etc.). */
function bai2Of(accounts: Credit[][]): string {
  const lines = ['01,021000021,CLINIC,261201,0600,1,80,,2/', '02,CLINIC,021000021,1,261130,2400,USD,2/'];
  let groupTotal = 0;
  let groupRecords = 2; // 02 and 98
  accounts.forEach((credits, a) => {
    const account: string[] = [`03,ACCT${a},USD,010,100,,/`];
    let total = 100;
    for (const c of credits) {
      total += c.cents;
      if (c.inAddenda)
        account.push(`16,${c.typeCode},${c.cents},Z,BR,,HCCLAIMPMT/`, `88,TRN*1*${c.trace}*1066033492\\`);
      else account.push(`16,${c.typeCode},${c.cents},0,BR,${c.trace},HCCLAIMPMT/`);
    }
    account.push(`49,${total},${account.length + 1}/`);
    lines.push(...account);
    groupTotal += total;
    groupRecords += account.length;
  });
  lines.push(`98,${groupTotal},${accounts.length},${groupRecords}/`);
  lines.push(`99,${groupTotal},1,${groupRecords + 2}/`);
  return lines.join('\n');
}

const credit = fc.record({
  typeCode: fc.constantFrom('165', '169', '175', '195', '399'),
  cents: fc.integer({ min: 1, max: 9_999_999_999 }),
  trace: fc.stringMatching(/^[A-Z0-9]{1,30}$/),
  inAddenda: fc.boolean(),
});

describe('bank files, generated', () => {
  it('a BAI2 written to the spec reads back every credit, its amount and its trace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(credit, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (accounts) => {
          const read = readBai2(bai2Of(accounts));
          if (!read.ok) throw new Error(JSON.stringify(read.errors));
          expect(read.deposits.map((d) => [d.amountCents, d.traceNumber])).toEqual(
            accounts.flat().map((c) => [c.cents, c.trace]),
          );
        },
      ),
    );
  });

  it('changing one amount without its trailers is caught at the account trailer', () => {
    fc.assert(
      fc.property(fc.array(credit, { minLength: 1, maxLength: 6 }), fc.nat(), (credits, pick) => {
        const text = bai2Of([credits]).split('\n');
        const i = text.findIndex((l, n) => l.startsWith('16,') && n >= 3 + (pick % credits.length));
        text[i] = text[i].replace(
          /^16,(\d{3}),(\d+),/,
          (_, t: string, a: string) => `16,${t},${Number(a) + 1},`,
        );
        const read = readBai2(text.join('\n'));
        expect(read.ok).toBe(false);
        if (!read.ok) expect(read.errors.map((e) => e.field)).toContain('account control total');
      }),
    );
  });

  it('never throws, whatever the bytes: a located error list or deposits', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(
              fc.constantFrom(
                '01,',
                '02,',
                '03,',
                '16,',
                '88,',
                '49,',
                '98,',
                '99,',
                'date,amount,trace\n',
                ',',
                '/',
                '"',
                '\n',
                '1',
                'A',
              ),
              {
                maxLength: 60,
              },
            )
            .map((parts) => parts.join('')),
        ),
        (text) => {
          const read = readBankFile(text);
          if (!read.ok) for (const e of read.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});
