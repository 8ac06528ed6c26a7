/**
 * Runs a piece of work at most once at a time: a call while it runs returns the running pass and asks for one more
 * pass after it, so a burst of wake-ups (NOTIFYs, sweeps, finished jobs) costs at most two passes, never a pile.
 */
export class CoalescedRun {
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(private readonly work: () => Promise<number>) {}

  run(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.work().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.run();
      }
    });
    return this.running;
  }

  /** No further passes; resolves once the running one is over. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }
}
