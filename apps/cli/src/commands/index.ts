import type { Command } from 'commander';

/** Each command group lives in its own file beside this one and registers itself here. */
export function registerCommands(program: Command): void {
  void program;
}
