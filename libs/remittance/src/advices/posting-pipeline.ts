/**
 * The posting side of one upload: each transaction set (ST/SE) posts on its own serial chain (its
 * own connection and transaction), at most `setsInFlight` of them at once, so the next set parses
 * and matches while the previous one is in the database. The reader waits only while more than
 * `readAhead` claims are parsed and not yet taken by posting — memory is bounded by that, never by
 * the file — and resumes as soon as posting catches up (it never waits for the whole queue to drain).
 *
 * Two sets of one file that share a claim would race for it (a reversal in the later set must see
 * the earlier set's payment, and opposite lock orders would deadlock): a claim that an earlier set
 * still in flight also pays is held back, with every later CLP of it in the set, and posted at the
 * set's end once that set finished; the set's other claims post meanwhile. A payer reverses and
 * pays again (CLP02 22, then the correction) at the start of the next cycle's set, so waiting at
 * that claim would hold the whole set behind the one before. The earlier set's claims are all
 * known by then: the file is read in order, so its SE came before.
 */
export class PostingPipeline {
  private readonly sets: PipelineSet[] = [];
  private queued = 0;
  private failure: unknown;
  private wakeReader: (() => void) | undefined;
  private wakeSlot: (() => void) | undefined;

  constructor(private readonly options: { setsInFlight: number; readAhead: number }) {}

  /** The first error a task threw (posting stops taking work; the upload fails with it). */
  get failed(): unknown {
    return this.failure;
  }

  /** A new transaction set in the file: its tasks run in order, after a slot is free. */
  open(): PipelineSet {
    const earlier = this.sets.filter((s) => !s.finished);
    const set = new PipelineSet(this, earlier);
    this.sets.push(set);
    set.enqueue(() => this.slot(set));
    return set;
  }

  /** Resolves once fewer than `readAhead` claims wait for posting (or at once). */
  async paced(): Promise<void> {
    while (this.queued > this.options.readAhead && !this.failure)
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
  }

  /** Every set's every task done. */
  async drained(): Promise<void> {
    await Promise.all(this.sets.map((s) => s.done));
  }

  /** @internal */ taskQueued(weight: number) {
    this.queued += weight;
  }

  /** @internal */ taskDone(weight: number, err?: unknown) {
    this.queued -= weight;
    if (err !== undefined) this.failure ??= err;
    if (this.queued <= this.options.readAhead || this.failure) this.wake('reader');
  }

  /** @internal */ setFinished() {
    this.sets.splice(0, this.sets.length, ...this.sets.filter((s) => !s.finished));
    this.wake('slot');
  }

  private wake(which: 'reader' | 'slot') {
    const w = which === 'reader' ? this.wakeReader : this.wakeSlot;
    if (which === 'reader') this.wakeReader = undefined;
    else this.wakeSlot = undefined;
    w?.();
  }

  private async slot(set: PipelineSet): Promise<void> {
    for (;;) {
      const running = this.sets.filter((s) => s.started && !s.finished).length;
      if (running < this.options.setsInFlight) break;
      // One waiter at a time: sets start in file order, each after the one before it started.
      await new Promise<void>((resolve) => {
        const before = this.wakeSlot;
        this.wakeSlot = () => {
          before?.();
          resolve();
        };
      });
    }
    set.started = true;
  }
}

export class PipelineSet {
  started = false;
  finished = false;
  /** Patient control numbers (CLP01) of the set's claims read so far. */
  readonly claims = new Set<string>();
  /** Claims held back behind earlier sets (in file order), posted before the set's end. */
  private readonly heldBack: { post: () => Promise<void>; after: PipelineSet[] }[] = [];
  private readonly heldBackClaims = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private ended = false;
  private endedResolve!: () => void;
  private readonly endedSignal = new Promise<void>((r) => (this.endedResolve = r));

  constructor(
    private readonly pipeline: PostingPipeline,
    /** Sets still in flight when this one opened (released when it finishes: no chain of sets). */
    private earlier: PipelineSet[],
  ) {}

  /** Resolves when the set's last task (its end) ran. */
  get done(): Promise<void> {
    return this.endedSignal.then(() => this.chain);
  }

  /** Runs `task` after the set's tasks before it; skipped once the upload failed. */
  enqueue(task: () => Promise<void>, weight = 0): void {
    this.pipeline.taskQueued(weight);
    this.append(task, weight);
  }

  /** The chain part of enqueue, for a task already counted as queued. */
  private append(task: () => Promise<void>, weight: number): void {
    this.chain = this.chain.then(async () => {
      let error: unknown;
      try {
        if (this.pipeline.failed === undefined) await task();
      } catch (err) {
        error = err;
      }
      this.pipeline.taskDone(weight, error);
    });
  }

  /**
   * A claim of the set, posted in turn; held back to the set's end when an earlier set in flight
   * pays the same claim (or an earlier CLP of it in this set was held back: its postings keep
   * their order).
   */
  claim(patientControlNumber: string, post: () => Promise<void>): void {
    this.claims.add(patientControlNumber);
    const blocking = this.earlier.filter((s) => !s.finished && s.claims.has(patientControlNumber));
    if (blocking.length === 0 && !this.heldBackClaims.has(patientControlNumber)) {
      this.enqueue(post, 1);
      return;
    }
    this.heldBackClaims.add(patientControlNumber);
    this.pipeline.taskQueued(1); // it waits in memory like any claim read ahead
    this.heldBack.push({ post, after: blocking });
  }

  /**
   * The set's last task, `abort` instead once the upload failed (a set not yet committed rolls
   * back); the set leaves the pipeline after it.
   */
  end(task: () => Promise<void>, abort: () => Promise<void>): void {
    if (this.ended) return;
    this.ended = true;
    for (const { post, after } of this.heldBack)
      this.append(async () => {
        for (const s of after) await s.done;
        await post();
      }, 1);
    this.heldBack.length = 0;
    this.pipeline.taskQueued(0);
    this.chain = this.chain.then(async () => {
      let error: unknown;
      try {
        await (this.pipeline.failed === undefined ? task() : abort());
      } catch (err) {
        error = err;
      } finally {
        this.finished = true;
        this.claims.clear();
        this.heldBackClaims.clear();
        this.earlier = [];
        this.pipeline.setFinished();
      }
      this.pipeline.taskDone(0, error);
    });
    this.endedResolve();
  }
}
