import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { readInput, writeOutput } from './x12-io';

interface AdjudicateOptions {
  out: string;
  seed: string;
  feeSchedule?: string;
  date?: string;
}

/** `revcycle payer adjudicate`: the payer simulator — an 837 in, the 999, 277CA and 835 a payer sends back. */
export function registerPayer(program: Command): void {
  const cmd = program
    .command('payer')
    .description(
      'the payer simulator: the other side of the wire for the demo, tests and trying the platform',
    );
  cmd
    .command('adjudicate')
    .description(
      'adjudicate the claims of an 837 (P or I): writes NAME.999, NAME.277ca and NAME.835 into --out, deterministic per seed; prints one JSON summary line {claims,paid,partiallyPaid,denied,rejected,reversed,secondary,transactionSetsRejected,totalChargeCents,totalPaidCents,files}; exit 1 when FILE is no readable 837, 2 usage or I/O',
    )
    .argument('<file>', 'the 837 claim file')
    .requiredOption('--out <dir>', 'folder for the 999, 277CA and 835 (created if missing)')
    .option('--seed <n>', 'seed of the adjudication: same seed and 837, same files', '1')
    .option(
      '--fee-schedule <file>',
      'JSON {"defaultAllowedPercent": 80, "allowed": {"99213": 9500}}: allowed cents per unit by procedure or revenue code (default 80 % of charge)',
    )
    .option(
      '--date <YYYY-MM-DD>',
      "adjudication date (default the 837's BHT04); payments are dated 14 days later",
    )
    .action(async (file: string, opts: AdjudicateOptions) => {
      const seed = Number(opts.seed);
      if (!/^\d+$/.test(opts.seed) || seed > 0xffffffff)
        throw new Error('--seed must be an integer from 0 to 4294967295');
      if (opts.date !== undefined && !isCalendarDate(opts.date))
        throw new Error(`--date must be a date YYYY-MM-DD, got "${opts.date}"`);
      const { adjudicateClaimFile, parseFeeSchedule, Unreadable837Error } =
        await import('@revcycle/payer-simulator');
      const feeSchedule = opts.feeSchedule
        ? parseFeeSchedule(readJson(opts.feeSchedule), opts.feeSchedule)
        : undefined;
      const input = await readInput(file);
      let result;
      try {
        result = adjudicateClaimFile(input, {
          seed,
          ...(feeSchedule ? { feeSchedule } : {}),
          ...(opts.date ? { date: opts.date } : {}),
        });
      } catch (err) {
        if (!(err instanceof Unreadable837Error)) throw err;
        process.stderr.write(`revcycle: ${file}: not a readable 837: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const name = path.basename(file).replace(/\.[^.]*$/, '') || 'claims';
      try {
        fs.mkdirSync(opts.out, { recursive: true });
      } catch (err) {
        throw new Error(`${opts.out}: cannot create (${(err as NodeJS.ErrnoException).code})`);
      }
      const files: string[] = [];
      for (const ext of ['999', '277ca', '835'] as const) {
        const text = result.files[ext];
        if (text === undefined) continue;
        const target = path.join(opts.out, `${name}.${ext}`);
        await writeOutput(text, target);
        files.push(target);
      }
      await writeOutput(`${JSON.stringify({ ...result.summary, files })}\n`, undefined);
      process.exitCode = 0;
    });
}

function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`);
  }
}
