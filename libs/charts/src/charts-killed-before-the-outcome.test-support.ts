/**
 * The charts service in its own process, for the test that SIGKILLs it between a PHI write's commit
 * and its outcome audit entry. Configured by the environment as any service; the process kills
 * itself (SIGKILL, nothing runs after it) the moment the interceptor is about to record the outcome
 * of `POST /patients` — after the handler's transaction committed.
 */
import { ActorEntry, AuditTrail, bootstrapService, listeningMessage } from '@revcycle/runtime';
import { EntityManager } from 'typeorm';
import { chartsServiceSpec } from './charts.app';

const recordAll = AuditTrail.prototype.recordAll;
AuditTrail.prototype.recordAll = function (items: ActorEntry[], manager?: EntityManager) {
  if (items.some((i) => i.entry.outcome === 'success' && i.entry.operation === 'POST /patients'))
    process.kill(process.pid, 'SIGKILL');
  return recordAll.call(this, items, manager);
};

if (require.main === module) {
  bootstrapService(chartsServiceSpec).then(
    (running) => process.stdout.write(`${listeningMessage('charts', running)}\n`),
    (err: Error) => {
      process.stderr.write(`charts child: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
