import { PostingPipeline } from './posting-pipeline';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A task that runs when released: the test plays the database. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { release, task: () => opened };
}

/** Two sets in flight; the first pays PCN1 and ends (commits) only once `firstEnds` is released. */
function firstSetPayingPcn1UntilReleased() {
  const pipeline = new PostingPipeline({ setsInFlight: 2, readAhead: 100 });
  const order: string[] = [];
  const first = pipeline.open();
  const firstEnds = gate();
  first.claim('PCN1', async () => void order.push('A:PCN1'));
  first.end(
    async () => {
      await firstEnds.task();
      order.push('A:end');
    },
    async () => undefined,
  );
  return { pipeline, order, firstEnds };
}

describe('the posting pipeline keeps sets in order and memory bounded', () => {
  it('runs at most `setsInFlight` sets at once; the next starts as one finishes', async () => {
    const pipeline = new PostingPipeline({ setsInFlight: 2, readAhead: 100 });
    const running = new Set<number>();
    let most = 0;
    const ends = [0, 1, 2, 3].map(() => gate());
    [0, 1, 2, 3].forEach((n) => {
      const set = pipeline.open();
      set.enqueue(async () => {
        running.add(n);
        most = Math.max(most, running.size);
      });
      set.end(
        async () => {
          await ends[n].task();
          running.delete(n);
        },
        async () => undefined,
      );
    });
    await tick();
    expect([...running]).toEqual([0, 1]);
    ends[1].release();
    await tick();
    expect([...running].sort()).toEqual([0, 2]);
    ends.forEach((e) => e.release());
    await pipeline.drained();
    expect(most).toBe(2);
  });

  it('posts a claim an earlier set in flight also pays only after that set finished', async () => {
    const { pipeline, order, firstEnds } = firstSetPayingPcn1UntilReleased();
    const second = pipeline.open();
    second.claim('PCN2', async () => void order.push('B:PCN2'));
    second.claim('PCN1', async () => void order.push('B:PCN1'));
    second.end(
      async () => void order.push('B:end'),
      async () => undefined,
    );
    await tick();
    expect(order).toEqual(['A:PCN1', 'B:PCN2']);
    firstEnds.release();
    await pipeline.drained();
    expect(order).toEqual(['A:PCN1', 'B:PCN2', 'A:end', 'B:PCN1', 'B:end']);
  });

  it('holds back only the shared claim (and its later CLPs): the set posts its others meanwhile', async () => {
    const { pipeline, order, firstEnds } = firstSetPayingPcn1UntilReleased();
    const second = pipeline.open();
    second.claim('PCN1', async () => void order.push('B:PCN1 reversal'));
    second.claim('PCN2', async () => void order.push('B:PCN2'));
    second.claim('PCN1', async () => void order.push('B:PCN1 correction'));
    second.claim('PCN3', async () => void order.push('B:PCN3'));
    second.end(
      async () => void order.push('B:end'),
      async () => undefined,
    );
    await tick();
    expect(order).toEqual(['A:PCN1', 'B:PCN2', 'B:PCN3']);
    firstEnds.release();
    await pipeline.drained();
    expect(order).toEqual([
      'A:PCN1',
      'B:PCN2',
      'B:PCN3',
      'A:end',
      'B:PCN1 reversal',
      'B:PCN1 correction',
      'B:end',
    ]);
  });

  it('holds the reader while more than `readAhead` claims wait, and lets it go as soon as they are taken', async () => {
    const pipeline = new PostingPipeline({ setsInFlight: 1, readAhead: 3 });
    const set = pipeline.open();
    const db = gate();
    set.enqueue(db.task);
    for (let i = 0; i < 5; i++) set.claim(`PCN${i}`, async () => undefined);
    let read = false;
    void pipeline.paced().then(() => (read = true));
    await tick();
    expect(read).toBe(false);
    db.release();
    await tick();
    expect(read).toBe(true);
    set.end(
      async () => undefined,
      async () => undefined,
    );
    await pipeline.drained();
  });

  it('after a task fails, skips the rest and rolls back the sets not yet ended', async () => {
    const pipeline = new PostingPipeline({ setsInFlight: 2, readAhead: 100 });
    const done: string[] = [];
    const set = pipeline.open();
    set.claim('PCN1', async () => {
      throw new Error('connection lost');
    });
    set.claim('PCN2', async () => void done.push('PCN2'));
    set.end(
      async () => void done.push('commit'),
      async () => void done.push('rollback'),
    );
    await pipeline.drained();
    expect((pipeline.failed as Error).message).toBe('connection lost');
    expect(done).toEqual(['rollback']);
  });
});
