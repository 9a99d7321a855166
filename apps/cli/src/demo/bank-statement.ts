/** One EFT the bank credited: an 835's BPR02 amount on its BPR16 date, with its TRN reassociation trace. */
export interface EftCredit {
  date: string;
  amountCents: number;
  traceNumber: string;
  /** TRN03: 1 + the payer's tax id, carried in the ACH CCD+ addenda. */
  originator?: string;
}

const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');

/**
 * The practice's bank statement for a day as a BAI2 file (the demo plays the bank): one account,
 * a 165 "preauthorized ACH credit" per EFT with the payer's TRN in an 88 continuation (the CCD+
 * addenda), and the 49/98/99 trailers' control totals and record counts as the format defines them.
 */
export function bai2Statement(credits: readonly EftCredit[], asOf: string): string {
  const account = ['03,4400123456,USD,010,0,,/'];
  let total = 0;
  credits.forEach((c, n) => {
    total += c.amountCents;
    account.push(`16,165,${c.amountCents},0,BR${String(n + 1).padStart(6, '0')},,HCCLAIMPMT/`);
    account.push(`88,TRN*1*${c.traceNumber}${c.originator ? `*${c.originator}` : ''}\\`);
  });
  account.push(`49,${total},${account.length + 1}/`);
  const group = account.length + 2; // 02 … 98
  return [
    `01,021000021,REVCYCLE,${yymmdd(asOf)},0600,1,80,,2/`,
    `02,REVCYCLE,021000021,1,${yymmdd(asOf)},2400,USD,2/`,
    ...account,
    `98,${total},1,${group}/`,
    `99,${total},1,${group + 2}/`,
    '',
  ].join('\n');
}
