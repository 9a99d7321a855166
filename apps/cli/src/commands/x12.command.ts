import type { Command } from 'commander';
import { loadCarc, loadRarc } from '@revcycle/codesets';
import type { Segment, X12Issue } from '@revcycle/x12';
import { EnvelopeReader, formatIssue, validateX12Stream, X12Tokenizer } from '@revcycle/x12';
import { exitWithFileErrors, openInput, writeOutput } from './x12-io';

/** `revcycle x12 validate|to-json`: any X12 5010 file (837P, 837I, 835, 999, 277CA). */
export function registerX12(program: Command): void {
  const x12 = program
    .command('x12')
    .description('ASC X12 5010 files: validate against the implementation guides, dump as JSON');

  x12
    .command('validate')
    .description(
      'check envelopes and the implementation guide (837P X222A1, 837I X223A2, 835 X221A1, 999 X231A1, 277CA X214); exit 0 clean, 1 errors, 2 usage or I/O',
    )
    .argument('<file>', 'X12 file, or - for stdin')
    .option('--errors-only', 'do not list warnings (they are still counted)')
    .option('--max-issues <n>', 'list at most n issues (all are counted)', '10000')
    .action(async (file: string, opts: { errorsOnly?: boolean; maxIssues: string }) => {
      const max = Number(opts.maxIssues);
      if (!Number.isInteger(max) || max < 0) throw new Error('--max-issues must be a whole number');
      // Streamed: a multi-gigabyte 835 is validated in bounded memory. The packaged CARC and RARC lists let
      // the 835's CAS reason codes (code source 139) and LQ/MIA/MOA remark codes (411) be checked.
      const result = await validateX12Stream(openInput(file), {
        maxIssues: max,
        adjustmentReasons: new Set(loadCarc().keys()),
        remarkCodes: new Set(loadRarc().keys()),
      });
      let text = '';
      for (const issue of result.issues)
        if (!opts.errorsOnly || issue.severity === 'error') text += `${formatIssue(issue)}\n`;
      const unlisted = result.errors + result.warnings - result.issues.length;
      if (unlisted > 0) text += `… ${unlisted} more issue(s) not listed (--max-issues)\n`;
      text += `errors=${result.errors} warnings=${result.warnings}\n`;
      await writeOutput(text, undefined);
      process.exitCode = result.errors > 0 ? 1 : 0;
    });

  x12
    .command('to-json')
    .description(
      'print the file as JSON, streamed: {transactions:[{interchange, group, header, segments:[{ordinal, offset, elements}]}], segmentCount, issues} (elements[0] is the segment id); exit 1 when the envelopes or segments have errors, 2 usage or I/O',
    )
    .argument('<file>', 'X12 file, or - for stdin')
    .action(async (file: string) => {
      const source = openInput(file);
      const issues: X12Issue[] = [];
      let out = '{"transactions":[';
      let transactions = 0;
      let first = true;
      const seg = (s: Segment) => {
        out += `${first ? '\n' : ',\n'}{"ordinal":${s.ordinal},"offset":${s.offset},"elements":${JSON.stringify(s.elements)}}`;
        first = false;
      };
      let errors = 0;
      const addIssue = (i: X12Issue) => {
        if (i.severity === 'error') errors++;
        if (issues.length < 10000) issues.push(i);
      };
      const envelope = new EnvelopeReader({
        issue: addIssue,
        transactionStart: (ctx) => {
          out += `${transactions++ ? ',' : ''}\n{"interchange":${JSON.stringify(ctx.interchange)},"group":${JSON.stringify(ctx.group)},"header":${JSON.stringify(ctx.transaction)},"segments":[`;
          first = true;
          seg(ctx.st);
        },
        segment: (s) => seg(s),
        transactionEnd: (_ctx, se) => {
          if (se) seg(se);
          out += ']}';
        },
      });
      const tokenizer = new X12Tokenizer({ segment: (s) => envelope.segment(s), issue: addIssue });
      for await (const chunk of source) {
        tokenizer.write(chunk);
        if (out.length > 1 << 20) {
          await writeOutput(out, undefined);
          out = '';
        }
      }
      tokenizer.end();
      envelope.end();
      out += `\n],"segmentCount":${tokenizer.segmentCount},"issues":${JSON.stringify(issues)}}\n`;
      await writeOutput(out, undefined);
      exitWithFileErrors(errors > 0);
    });
}
