import type { Command } from 'commander';
import * as fs from 'node:fs';
import { ApiError, PlatformClient } from '../demo/platform-client';
import { resolveToken } from './token.command';

const CLAIM_TYPES = ['professional', 'institutional'];

interface BatchOptions {
  url: string;
}

async function client(opts: BatchOptions): Promise<PlatformClient> {
  return new PlatformClient(opts.url.replace(/\/+$/, ''), await resolveToken('biller', 'cli-batch'));
}

/** A refusal as the server put it (status and problem text) on stderr, exit 1; nothing on stdout. */
async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const { message, cause } = error as { message?: string; cause?: { message?: string } };
    const reason =
      error instanceof ApiError
        ? `${error.method} ${error.path} answered ${error.status}: ${error.body.slice(0, 2000)}`
        : message === 'fetch failed'
          ? `cannot reach the platform (${cause?.message ?? 'connection failed'})`
          : (message ?? String(error));
    process.stderr.write(`revcycle batch: ${reason}\n`);
    process.exitCode = 1;
  }
}

/** `revcycle batch create|list|download`: claim batches through the claims API, for scripts. */
export function registerBatch(program: Command): void {
  const batch = program
    .command('batch')
    .description('claim batches (837 files) through the claims API; token from REVCYCLE_TOKEN or DATA_DIR')
    .option('--url <base>', 'platform base URL', process.env['REVCYCLE_URL'] ?? 'http://127.0.0.1:3000');
  const common = (): BatchOptions => batch.opts<BatchOptions>();

  batch
    .command('create')
    .description('batch every ready claim (or one payer / claim type); prints the created batches as JSON')
    .option('--payer <payerId>', 'only this payer (charts payer id)')
    .option('--claim-type <type>', 'professional or institutional')
    .action((opts: { payer?: string; claimType?: string }) =>
      run(async () => {
        if (opts.claimType !== undefined && !CLAIM_TYPES.includes(opts.claimType))
          throw new Error(`--claim-type must be professional or institutional (got ${opts.claimType})`);
        const body = { payerId: opts.payer, claimType: opts.claimType };
        const made = await (await client(common())).post<unknown[]>('/claims/batches', body);
        process.stdout.write(`${JSON.stringify(made)}\n`);
      }),
    );

  batch
    .command('list')
    .description('every batch, newest first, as JSON ({total, items})')
    .option('--payer <payerId>', 'only this payer')
    .option('--status <status>', 'only batches in this status')
    .action((opts: { payer?: string; status?: string }) =>
      run(async () => {
        const query = new URLSearchParams();
        if (opts.payer) query.set('payerId', opts.payer);
        if (opts.status) query.set('status', opts.status);
        const path = `/claims/batches${query.size > 0 ? `?${query}` : ''}`;
        const items = await (await client(common())).all<unknown>(path);
        process.stdout.write(`${JSON.stringify({ total: items.length, items })}\n`);
      }),
    );

  batch
    .command('download <id>')
    .description("the batch's 837 file, to --out or stdout")
    .option('--out <file>', 'write the file here instead of stdout')
    .action((id: string, opts: { out?: string }) =>
      run(async () => {
        const file = await (
          await client(common())
        ).file('GET', `/claims/batches/${encodeURIComponent(id)}/837`);
        if (opts.out) fs.writeFileSync(opts.out, file.text, 'latin1');
        else process.stdout.write(file.text);
      }),
    );
}
