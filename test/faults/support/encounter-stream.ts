import {
  SyntheticPatient,
  SyntheticPractice,
  syntheticOfficeVisit,
  syntheticPatient,
  syntheticPractice,
} from '@revcycle/runtime';
import { FaultEnvironment } from './fault-environment';

/**
 * Encounters flowing through charts' public API while a scenario breaks things: `clients`
 * concurrent billers, each creating and finalizing an office visit at most every `1000 / perClientPerSec`
 * ms, until stopped. A request that fails (charts killed, its database connection terminated) is
 * counted and the client goes on; what was finalized is read back from charts' table, not from
 * the answers (an answer lost with the process may still have committed).
 */
export class EncounterStream {
  private practice?: SyntheticPractice;
  private patients: SyntheticPatient[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private next = 0;
  finalizedAnswers = 0;
  failures = 0;

  constructor(
    private readonly env: FaultEnvironment,
    private readonly run = Math.random().toString(36).slice(2, 8).toUpperCase(),
  ) {}

  private readonly charts = <T>(method: string, pathname: string, body?: unknown) =>
    this.env.call<T>('charts', method, pathname, 'biller', body);

  /** The practice and `patients` patients, through charts' API. */
  async prepare(patients = 12): Promise<void> {
    this.practice = await syntheticPractice(this.charts, this.run);
    for (let n = 0; n < patients; n++)
      this.patients.push(await syntheticPatient(this.charts, this.practice, this.run, n));
  }

  start(clients = 2, perClientPerSec = 2): void {
    this.running = true;
    const gapMs = 1000 / perClientPerSec;
    this.loops = Array.from({ length: clients }, async () => {
      while (this.running) {
        const began = Date.now();
        await this.offerOne().catch(() => this.failures++);
        const wait = gapMs - (Date.now() - began);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    });
  }

  private async offerOne(): Promise<void> {
    const practice = this.practice!;
    const n = this.next++;
    // Patient, charge and date of service vary: no two encounters are duplicates to the scrubber.
    const day = Math.floor(n / 1000);
    const dateOfService = `2026-0${(day % 9) + 1}-${String((n % 28) + 1).padStart(2, '0')}`;
    const body = syntheticOfficeVisit(practice, this.patients[n % this.patients.length], n, dateOfService);
    const created = await this.charts<{ id: string }>('POST', '/encounters', body);
    if (created.status !== 201) {
      this.failures++;
      return;
    }
    const finalized = await this.charts('POST', `/encounters/${created.body.id}/finalize`);
    if (finalized.status === 200) this.finalizedAnswers++;
    else this.failures++;
  }

  /** Stops offering; resolves once every client's last request is answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
