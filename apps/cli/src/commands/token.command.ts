import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROLES } from '@revcycle/contracts';
import type { Role } from '@revcycle/security';

/** The issuer's key: AUTH_JWT_PRIVATE_KEY, else AUTH_JWT_SECRET (HS256), else the platform's pair under DATA_DIR. */
function signingKeyText(): { privateKey?: string; secret?: string; file: string } {
  const file = path.resolve(process.env['DATA_DIR'] ?? '.data', 'secrets.json');
  const privateKey = process.env['AUTH_JWT_PRIVATE_KEY'];
  const secret = process.env['AUTH_JWT_SECRET'];
  if (privateKey || secret) return { privateKey, secret, file };
  const stored = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { authJwtPrivateKey?: string })
    : {};
  return { privateKey: stored.authJwtPrivateKey, file };
}

/**
 * A bearer token for a revcycle deployment: REVCYCLE_TOKEN when set; else minted with
 * AUTH_JWT_PRIVATE_KEY (or the HS256 AUTH_JWT_SECRET), or with the key pair the embedded platform
 * generated under DATA_DIR (default .data), for AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE.
 */
export async function resolveToken(
  role: Role,
  user: string,
  ttlSeconds = 3600,
  payerId?: string,
): Promise<string> {
  const given = process.env['REVCYCLE_TOKEN'];
  if (given) return given;
  const { privateKey, secret, file } = signingKeyText();
  // Loaded lazily: the security lib pulls in NestJS, which other commands do not need.
  const { issueAccessToken, privateTokenKey, DEFAULT_TOKEN_POLICY } = await import('@revcycle/security');
  const key = privateKey ? privateTokenKey(privateKey) : secret;
  if (!key)
    throw new Error(
      `no token: set REVCYCLE_TOKEN or AUTH_JWT_PRIVATE_KEY, or start the platform once so ${file} exists`,
    );
  return issueAccessToken({ id: user, role, ...(payerId ? { payerId } : {}) }, key, {
    ttlSeconds,
    issuer: process.env['AUTH_JWT_ISSUER'] || DEFAULT_TOKEN_POLICY.issuer,
    audience: process.env['AUTH_JWT_AUDIENCE'] || DEFAULT_TOKEN_POLICY.audience,
  });
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description(
      'print a bearer token (signed with AUTH_JWT_PRIVATE_KEY, AUTH_JWT_SECRET or the key pair in DATA_DIR/secrets.json)',
    )
    .option('--role <role>', `one of ${ROLES.filter((r) => r !== 'system').join(', ')}`, 'biller')
    .option('--user <id>', 'user id recorded in the audit log', 'local-user')
    .option('--payer <payerId>', 'for --role payer: the one payer (charts payer id) the token speaks for')
    .option('--ttl <seconds>', 'lifetime in seconds (at most AUTH_JWT_MAX_LIFETIME_SECONDS)', '3600')
    .action(async (opts: { role: string; user: string; ttl: string; payer?: string }) => {
      if (!ROLES.includes(opts.role as never) || opts.role === 'system')
        throw new Error(`unknown role ${opts.role}`);
      if (opts.user.trim() === '') throw new Error('--user must not be empty');
      if ((opts.role === 'payer') !== (opts.payer !== undefined))
        throw new Error('--payer goes with --role payer, and a payer token needs --payer');
      const ttl = Number(opts.ttl);
      if (!Number.isInteger(ttl) || ttl < 1)
        throw new Error(`--ttl must be a positive integer (got ${opts.ttl})`);
      process.stdout.write(`${await resolveToken(opts.role as Role, opts.user, ttl, opts.payer)}\n`);
    });
}
