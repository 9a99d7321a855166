import type { Command } from 'commander';
import type { ClaimFile, X12Issue } from '@revcycle/x12';
import { InMemoryControlNumbers, parse837, stream837, validateX12, write837 } from '@revcycle/x12';
import { errorCount, exitWithFileErrors, json, openInput, readInput, writeOutput } from './x12-io';

function assertClaimFile(value: unknown): asserts value is ClaimFile {
  const v = value as { transactions?: unknown };
  if (!v || typeof v !== 'object' || !Array.isArray(v.transactions)) {
    throw new Error(
      'input must be a claim file JSON object with a "transactions" array (the output of `revcycle 837 parse`)',
    );
  }
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  const cents = (x: unknown) => typeof x === 'number' && Number.isInteger(x);
  v.transactions.forEach((t: unknown, i: number) => {
    const at = `transactions[${i}]`;
    const tx = t as {
      kind?: unknown;
      claims?: unknown;
      header?: unknown;
      submitter?: unknown;
      receiver?: unknown;
    };
    if (tx?.kind !== 'professional' && tx?.kind !== 'institutional')
      throw new Error(`${at}.kind must be "professional" or "institutional"`);
    for (const key of ['header', 'submitter', 'receiver'] as const)
      if (!isObject(tx[key])) throw new Error(`${at}.${key} must be an object`);
    if (!Array.isArray(tx.claims)) throw new Error(`${at}.claims must be an array`);
    tx.claims.forEach((c: unknown, j: number) => {
      const where = `${at}.claims[${j}]`;
      if (!isObject(c)) throw new Error(`${where} must be an object`);
      if (!isObject(c['billingProvider']) || !isObject(c['billingProvider']['provider']))
        throw new Error(`${where}.billingProvider.provider is required`);
      if (
        !isObject(c['subscriber']) ||
        !isObject(c['subscriber']['person']) ||
        !isObject(c['subscriber']['payer'])
      )
        throw new Error(`${where}.subscriber with person and payer is required`);
      if (typeof c['claimId'] !== 'string' || c['claimId'] === '')
        throw new Error(`${where}.claimId is required`);
      if (!cents(c['totalChargeCents'])) throw new Error(`${where}.totalChargeCents must be integer cents`);
      if (!Array.isArray(c['healthCodes'])) throw new Error(`${where}.healthCodes must be an array`);
      if (!Array.isArray(c['serviceLines'])) throw new Error(`${where}.serviceLines must be an array`);
      (c['serviceLines'] as unknown[]).forEach((l, k) => {
        if (!isObject(l) || !cents(l['chargeCents']))
          throw new Error(`${where}.serviceLines[${k}].chargeCents must be integer cents`);
      });
    });
  });
}

/** `revcycle 837 generate|parse`: claim files out and in. */
export function register837(program: Command): void {
  const cmd = program.command('837').description('837P/837I claim files (005010X222A1 / 005010X223A2)');

  cmd
    .command('generate')
    .description(
      'write an 837 from claims JSON (exactly what `837 parse` prints); the result is checked with `x12 validate` rules',
    )
    .requiredOption('--input <file>', 'claims JSON, or - for stdin')
    .option('--out <file>', 'write the 837 here instead of stdout')
    .option('--control-number <n>', 'first ISA13/GS06 control number (default 1)', '1')
    .action(async (opts: { input: string; out?: string; controlNumber: string }) => {
      let data: unknown;
      try {
        data = JSON.parse((await readInput(opts.input)).toString('utf8'));
      } catch (err) {
        throw new Error(
          err instanceof SyntaxError
            ? `${opts.input}: not valid JSON (${err.message})`
            : (err as Error).message,
        );
      }
      assertClaimFile(data);
      const start = Number(opts.controlNumber);
      if (!Number.isInteger(start) || start < 1 || start > 999_999_999)
        throw new Error('--control-number must be an integer from 1 to 999999999');
      let text: string;
      try {
        text = write837(data, { controlNumbers: new InMemoryControlNumbers(start) });
      } catch (err) {
        throw new Error(`cannot write the 837: ${(err as Error).message}`);
      }
      await writeOutput(text, opts.out);
      const check = validateX12(text);
      if (check.errors > 0) {
        process.stderr.write(
          `revcycle: the generated 837 has ${check.errors} implementation-guide error(s); run \`revcycle x12 validate\` on it for details\n`,
        );
        process.exitCode = 1;
      }
    });

  cmd
    .command('parse')
    .description(
      'read an 837P/837I into claims JSON: {summary:{transactions,claims,serviceLines,totalChargeCents}, interchange, transactions, issues}; exit 0 clean, 1 when the file has errors (impossible dates, negative charges, no ISA…), 2 usage or I/O',
    )
    .argument('<file>', '837 file, or - for stdin')
    .option(
      '--summary-only',
      'stream the file in flat memory and print only {summary, issues} (for very large files)',
    )
    .action(async (file: string, opts: { summaryOnly?: boolean }) => {
      if (opts.summaryOnly) {
        const issues: X12Issue[] = [];
        let errors = 0;
        const summary = await stream837(openInput(file), {
          issue: (i) => {
            if (i.severity === 'error') errors++;
            if (issues.length < 1000) issues.push(i);
          },
        });
        await writeOutput(json({ summary, issues }), undefined);
        exitWithFileErrors(errors > 0);
        return;
      }
      const r = parse837(await readInput(file));
      await writeOutput(
        json({
          summary: r.summary,
          interchange: r.file.interchange,
          transactions: r.file.transactions,
          issues: r.issues,
        }),
        undefined,
      );
      exitWithFileErrors(errorCount(r.issues) > 0);
    });
}
