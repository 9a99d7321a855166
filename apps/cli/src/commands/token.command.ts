import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROLES } from '@revcycle/contracts';
import type { Role } from '@revcycle/security';

/**
 * A bearer token for the local platform: REVCYCLE_TOKEN when set; else minted with AUTH_JWT_SECRET,
 * or with the secret the embedded platform generated under DATA_DIR (default .data).
 */
export async function resolveToken(role: Role, user: string): Promise<string> {
  const given = process.env['REVCYCLE_TOKEN'];
  if (given) return given;
  const file = path.resolve(process.env['DATA_DIR'] ?? '.data', 'secrets.json');
  const secret =
    process.env['AUTH_JWT_SECRET'] ??
    (fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { authJwtSecret?: string }).authJwtSecret
      : undefined);
  if (!secret)
    throw new Error(
      `no token: set REVCYCLE_TOKEN or AUTH_JWT_SECRET, or start the platform once so ${file} exists`,
    );
  // Loaded lazily: the security lib pulls in NestJS, which other commands do not need.
  const { issueAccessToken } = await import('@revcycle/security');
  return issueAccessToken({ id: user, role }, secret, 3600);
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description(
      'print a bearer token for the local platform (uses AUTH_JWT_SECRET or DATA_DIR/secrets.json)',
    )
    .option('--role <role>', `one of ${ROLES.filter((r) => r !== 'system').join(', ')}`, 'biller')
    .option('--user <id>', 'user id recorded in the audit log', 'local-user')
    .action(async (opts: { role: string; user: string }) => {
      if (!ROLES.includes(opts.role as never) || opts.role === 'system')
        throw new Error(`unknown role ${opts.role}`);
      process.stdout.write(`${await resolveToken(opts.role as Role, opts.user)}\n`);
    });
}
