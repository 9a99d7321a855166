import type { Command } from 'commander';
import { registerDemo } from './demo.command';
import { registerToken } from './token.command';
import { registerKeys } from './keys.command';
import { registerScrub } from './scrub.command';
import { registerCodesets } from './codesets.command';
import { registerX12 } from './x12.command';
import { register837 } from './837.command';
import { register835 } from './835.command';
import { register999 } from './999.command';
import { register277ca } from './277ca.command';
import { registerPayer } from './payer.command';
import { registerBatch } from './batch.command';
import { registerUsers } from './users.command';

/** Each command group lives in its own file beside this one and registers itself here. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerToken(program);
  registerKeys(program);
  registerScrub(program);
  registerCodesets(program);
  registerX12(program);
  register837(program);
  register835(program);
  register999(program);
  register277ca(program);
  registerPayer(program);
  registerBatch(program);
  registerUsers(program);
}
