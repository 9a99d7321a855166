import type { Command } from 'commander';
import {
  acknowledge837,
  InMemoryControlNumbers,
  parse999,
  readTransactionSets,
  write999,
} from '@revcycle/x12';
import { errorCount, exitWithFileErrors, json, readInput, writeOutput } from './x12-io';

/** `revcycle 999 generate FILE.837`: acknowledge a received claim file. */
export function register999(program: Command): void {
  const cmd = program.command('999').description('999 implementation acknowledgments (005010X231A1)');
  cmd
    .command('generate')
    .description(
      'acknowledge a received 837: IK5 A (accepted), E (accepted, warnings) or R (rejected, with IK3/IK4 naming segment and element)',
    )
    .argument('<file>', 'the received 837, or - for stdin')
    .option('--out <file>', 'write the 999 here instead of stdout')
    .option('--control-number <n>', 'ISA13/GS06 control number (default 1)', '1')
    .action(async (file: string, opts: { out?: string; controlNumber: string }) => {
      const input = await readInput(file);
      const start = Number(opts.controlNumber);
      if (!Number.isInteger(start) || start < 1 || start > 999_999_999)
        throw new Error('--control-number must be an integer from 1 to 999999999');
      const ack = acknowledge837(input);
      if (ack.groups.length === 0)
        throw new Error(`${file}: no functional group to acknowledge (not an X12 file?)`);
      // The 999 goes back to whoever sent the 837: swap the interchange parties.
      const first = readTransactionSets(input).transactions[0];
      const text = write999(ack, {
        senderId: first?.interchange.receiverId || 'RECEIVER',
        receiverId: first?.interchange.senderId || 'SENDER',
        usage: first?.interchange.usage === 'P' ? 'P' : 'T',
        controlNumbers: new InMemoryControlNumbers(start),
      });
      await writeOutput(text, opts.out);
    });

  cmd
    .command('parse')
    .description(
      'read 999 acknowledgments: {summary:{acknowledgments, transactionSets, accepted, rejected}, acknowledgments, issues}; exit 1 when the 999 itself has errors (rejected sets are content, not errors), 2 usage or I/O',
    )
    .argument('<file>', '999 file, or - for stdin')
    .action(async (file: string) => {
      const { acknowledgments, issues } = parse999(await readInput(file));
      const sets = acknowledgments.flatMap((a) => a.groups.flatMap((g) => g.transactions));
      const summary = {
        acknowledgments: acknowledgments.length,
        transactionSets: sets.length,
        accepted: sets.filter((t) => t.status === 'A' || t.status === 'E').length,
        rejected: sets.filter((t) => t.status !== 'A' && t.status !== 'E').length,
      };
      await writeOutput(json({ summary, acknowledgments, issues }), undefined);
      exitWithFileErrors(errorCount(issues) > 0);
    });
}
