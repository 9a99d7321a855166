import type { Command } from 'commander';
import { parse277ca } from '@revcycle/x12';
import { errorCount, exitWithFileErrors, json, readInput, writeOutput } from './x12-io';

/** `revcycle 277ca parse FILE`: which claims the payer accepted into adjudication or rejected, and why. */
export function register277ca(program: Command): void {
  const cmd = program.command('277ca').description('277CA claim acknowledgments (005010X214)');
  cmd
    .command('parse')
    .description(
      'read a 277CA: {summary:{reports, claims, accepted, rejected}, reports, issues}; exit 1 when the 277CA itself has errors (rejected claims are content, not errors), 2 usage or I/O',
    )
    .argument('<file>', '277CA file, or - for stdin')
    .action(async (file: string) => {
      const { reports, issues } = parse277ca(await readInput(file));
      const claims = reports.flatMap((r) => r.claims);
      const summary = {
        reports: reports.length,
        claims: claims.length,
        accepted: claims.filter((c) => c.accepted).length,
        rejected: claims.filter((c) => !c.accepted).length,
      };
      await writeOutput(json({ summary, reports, issues }), undefined);
      exitWithFileErrors(errorCount(issues) > 0);
    });
}
