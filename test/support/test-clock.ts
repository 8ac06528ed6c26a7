import { Clock } from '../../src/common/time/clock';

/**
 * The application's clock, set by the test instead of waited for: `advance(ms)` moves "now" forward for every
 * decision the application takes in code. The database's clock (deadlines of submissions, due reminders) is not
 * moved; tests that depend on it move the data instead.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
