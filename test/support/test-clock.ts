import { Clock } from '../../src/common/time/clock';

/**
 * The application's clock, set by the test instead of waited for: `advance(ms)` moves "now" forward for every
 * decision the application takes in code, `freeze(at)` stops it at an instant (when the API receives a request
 * read at exactly that instant, say). The database's clock (due reminders, the commit of a submission) is not
 * moved; tests that depend on it move the data instead.
 */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozenAt: Date | null = null;

  override now(): Date {
    return this.frozenAt ? new Date(this.frozenAt) : new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (this.frozenAt) this.frozenAt = new Date(this.frozenAt.getTime() + ms);
    else this.offsetMs += ms;
  }

  freeze(at: Date): void {
    this.frozenAt = new Date(at);
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }
}
