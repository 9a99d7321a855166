import type { Command } from 'commander';
import { registerDemo } from './demo.command';
import { registerToken } from './token.command';

/** Each command group lives in its own file beside this one and registers itself here. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerToken(program);
}
