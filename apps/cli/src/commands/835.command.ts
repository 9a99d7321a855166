import type { Command } from 'commander';
import type { BalancingError, X12Issue } from '@revcycle/x12';
import { parse835, stream835 } from '@revcycle/x12';
import { errorCount, exitWithFileErrors, json, openInput, readInput, writeOutput } from './x12-io';

/** `revcycle 835 parse`: remittance advice in, with the IG balancing report. */
export function register835(program: Command): void {
  const cmd = program.command('835').description('835 remittance advice (005010X221A1)');
  cmd
    .command('parse')
    .description(
      'read an 835 into JSON: {summary:{transactions,claims,serviceLines,totalPaidCents (Σ BPR02),claimPaidCents (Σ CLP04),totalChargeCents,plbCents,balanced,balancingErrors}, balancing, interchange, transactions, issues}; exit 0 clean and balanced, 1 when the file has errors or does not balance (an empty file does not), 2 usage or I/O',
    )
    .argument('<file>', '835 file, or - for stdin')
    .option(
      '--summary-only',
      'stream the file in flat memory and print only {summary, balancing, issues} (for multi-gigabyte files)',
    )
    .action(async (file: string, opts: { summaryOnly?: boolean }) => {
      if (opts.summaryOnly) {
        const balancing: BalancingError[] = [];
        const issues: X12Issue[] = [];
        let errors = 0;
        const summary = await stream835(openInput(file), {
          transaction: (_a, errors) =>
            balancing.push(...errors.slice(0, Math.max(0, 1000 - balancing.length))),
          issue: (i) => {
            if (i.severity === 'error') errors++;
            if (issues.length < 1000) issues.push(i);
          },
        });
        await writeOutput(json({ summary, balancing, issues }), undefined);
        exitWithFileErrors(errors > 0 || !summary.balanced);
        return;
      }
      const r = parse835(await readInput(file));
      await writeOutput(
        json({
          summary: r.summary,
          balancing: r.balancing,
          interchange: r.file.interchange,
          transactions: r.file.transactions,
          issues: r.issues,
        }),
        undefined,
      );
      exitWithFileErrors(errorCount(r.issues) > 0 || !r.summary.balanced);
    });
}
