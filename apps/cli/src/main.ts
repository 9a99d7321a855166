import { Command } from 'commander';
import { registerCommands } from './commands';

async function main(): Promise<void> {
  const program = new Command('revcycle')
    .description('revcycle: claims and billing for US healthcare')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number') process.exit(code === 1 ? 2 : code); // commander usage errors → 2
    process.stderr.write(`revcycle: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

void main();
