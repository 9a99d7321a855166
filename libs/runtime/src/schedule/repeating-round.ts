/**
 * A job a service runs every N seconds (a mailbox round): never two at once in the process — a
 * tick, or a `runOnce()` from a test, while one runs joins that one — and `stop()` lets the running
 * one finish. The timer does not keep the process alive.
 */
export class RepeatingRound<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly round: () => Promise<T>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Every `seconds`; 0 = never (rounds then run only when asked). */
  start(seconds: number): void {
    if (seconds === 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((e) => this.failed(e)), seconds * 1000);
    this.timer.unref();
  }

  /** One round now (or the one already running). */
  runOnce(): Promise<T> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
