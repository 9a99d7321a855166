import * as os from 'node:os';
import { FaultEnvironment } from './fault-environment';
import { PipelineLedger } from './pipeline-ledger';

/**
 * One line of the suite's report, on stdout (jest's console adds a stack to each line), with the
 * machine's 1-minute load average: on a shared two-core machine the times mean little without it.
 */
export const report = (line: string) =>
  process.stdout.write(`[faults] ${line} (load ${os.loadavg()[0].toFixed(1)})\n`);

/** ms between two epoch-ms readings, rounded; '-' when either is missing. */
export const ms = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? '-' : `${Math.round(to - from)} ms`;

/**
 * The end of every scenario: once the pipeline settled, nothing lost, nothing duplicated, one audit
 * row per audit event emitted, the chain verifies, no dead letter, no outbox row left unpublished.
 */
export async function expectSettledWithNothingLost(
  env: FaultEnvironment,
  scenario: string,
  offered: { finalizedAnswers: number; failures: number },
): Promise<void> {
  const counts = await new PipelineLedger(env).settle();
  const verify = await env.call<{ ok: boolean; entries: number }>(
    'compliance',
    'GET',
    '/audit/verify',
    'compliance',
  );
  report(
    `${scenario}: settled — ${counts.finalized} encounters finalized (${offered.finalizedAnswers} answered 200, ` +
      `${offered.failures} requests failed during the faults), lost ${counts.lostClaims}, duplicated ` +
      `${counts.duplicatedClaims}, ledger entries missing ${counts.lostLedgerEntries}, audit rows ` +
      `${counts.auditRows} / events ${counts.auditEvents}, dead letters ${counts.deadLetters}, ` +
      `unpublished ${counts.unpublished}, /audit/verify ${verify.body?.ok ? 'ok' : JSON.stringify(verify.body)}`,
  );
  expect(counts.finalized).toBeGreaterThanOrEqual(offered.finalizedAnswers);
  expect(counts.finalized).toBeGreaterThan(0);
  expect(counts).toMatchObject({
    lostClaims: 0,
    duplicatedClaims: 0,
    lostLedgerEntries: 0,
    lostAuditEvents: 0,
    duplicatedAuditRows: 0,
    unpublished: 0,
    deadLetters: 0,
  });
  expect(counts.auditRows).toBe(counts.auditEvents);
  expect(verify.status).toBe(200);
  expect(verify.body.ok).toBe(true);
}
