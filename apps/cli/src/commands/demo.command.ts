import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

/** `revcycle demo`: a synthetic day through a running platform; last line is one JSON object of counts. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('post a synthetic day of encounters to a running platform and follow them to claims')
    .option('--url <url>', 'platform URL', process.env['REVCYCLE_URL'] ?? 'http://127.0.0.1:3000')
    .option('--encounters <n>', 'encounters to post', positiveInt, 20)
    .option('--seed <n>', 'random seed (same seed, same day)', positiveInt, 20260914)
    .option('--date <yyyy-mm-dd>', 'date of service (inside the packaged ICD-10-CM FY2026)', '2026-09-14')
    .option('--timeout <seconds>', 'how long to follow the flow', positiveInt, 120)
    .action(
      async (opts: { url: string; encounters: number; seed: number; date: string; timeout: number }) => {
        const { runDemo } = await import('../demo/run-demo');
        const { resolveToken } = await import('./token.command');
        const token = await resolveToken('admin', 'demo');
        const counts = await runDemo({
          url: opts.url.replace(/\/$/, ''),
          token,
          // REVCYCLE_TOKEN is one principal: no payer tokens then (the biller's copy is used).
          payerToken: async (payerId) =>
            process.env['REVCYCLE_TOKEN']
              ? undefined
              : resolveToken('payer', `payer-${payerId}`, 3600, payerId),
          encounters: opts.encounters,
          seed: opts.seed,
          dateOfService: opts.date,
          timeoutMs: opts.timeout * 1000,
          log: (line) => process.stderr.write(`demo: ${line}\n`),
        });
        process.stdout.write(`${JSON.stringify(counts)}\n`);
        if (counts.claims + counts.queued < counts.encounters || counts.unexpected > 0) process.exitCode = 1;
      },
    );
}
