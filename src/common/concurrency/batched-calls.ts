interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns many concurrent calls into few batched ones, the way a database groups commits: the calls of one turn of the
 * event loop, and those made while a batch is running, go together into the next batch (at most `max`); each call
 * resolves with its own result, or rejects with its batch's error. One batch runs at a time, and none waits for a
 * timer: a lone call costs one turn of the event loop, and many cost one statement per batch instead of one each.
 */
export class BatchedCalls<I, R> {
  private readonly queue: Pending<I, R>[] = [];
  private running = false;

  /** `run` answers the items' results in their order. */
  constructor(
    private readonly run: (items: I[]) => Promise<R[]>,
    private readonly max = 500,
  ) {}

  call(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    await new Promise<void>((resolve) => setImmediate(resolve)); // the rest of this turn's calls join the batch
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.max);
      try {
        const results = await this.run(batch.map((pending) => pending.item));
        batch.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        batch.forEach((pending) => pending.reject(error));
      }
    }
    this.running = false;
  }
}
