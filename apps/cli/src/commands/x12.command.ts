import type { Command } from 'commander';
import { formatIssue, readTransactionSets, validateX12Stream } from '@revcycle/x12';
import { json, openInput, readInput, writeOutput } from './x12-io';

/** `revcycle x12 validate|to-json`: any X12 5010 file (837P, 837I, 835, 999, 277CA). */
export function registerX12(program: Command): void {
  const x12 = program.command('x12').description('ASC X12 5010 files: validate against the implementation guides, dump as JSON');

  x12
    .command('validate')
    .description('check envelopes and the implementation guide (837P X222A1, 837I X223A2, 835 X221A1, 999 X231A1, 277CA X214); exit 0 clean, 1 errors, 2 usage or I/O')
    .argument('<file>', 'X12 file, or - for stdin')
    .option('--errors-only', 'do not list warnings (they are still counted)')
    .option('--max-issues <n>', 'list at most n issues (all are counted)', '10000')
    .action(async (file: string, opts: { errorsOnly?: boolean; maxIssues: string }) => {
      const max = Number(opts.maxIssues);
      if (!Number.isInteger(max) || max < 0) throw new Error('--max-issues must be a whole number');
      // Streamed: a multi-gigabyte 835 is validated in bounded memory.
      const result = await validateX12Stream(openInput(file), { maxIssues: max });
      let text = '';
      for (const issue of result.issues) if (!opts.errorsOnly || issue.severity === 'error') text += `${formatIssue(issue)}\n`;
      const unlisted = result.errors + result.warnings - result.issues.length;
      if (unlisted > 0) text += `… ${unlisted} more issue(s) not listed (--max-issues)\n`;
      text += `errors=${result.errors} warnings=${result.warnings}\n`;
      await writeOutput(text, undefined);
      process.exitCode = result.errors > 0 ? 1 : 0;
    });

  x12
    .command('to-json')
    .description('print the file as JSON: interchanges, groups, transaction sets and their segments (elements[0] is the segment id)')
    .argument('<file>', 'X12 file, or - for stdin')
    .action(async (file: string) => {
      const { transactions, issues, segmentCount } = readTransactionSets(await readInput(file));
      const out = {
        segmentCount,
        transactions: transactions.map((t) => ({
          interchange: t.interchange,
          group: t.group,
          header: t.header,
          segments: [t.st, ...t.body, ...(t.se ? [t.se] : [])].map((s) => ({ ordinal: s.ordinal, offset: s.offset, elements: s.elements })),
        })),
        issues,
      };
      await writeOutput(json(out), undefined);
    });
}
