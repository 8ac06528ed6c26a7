import { CoalescedRun } from './coalesced-run';

describe(CoalescedRun.name, () => {
  it('turns a burst of calls during a pass into one more pass, never two at once', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    let release!: () => void;
    const run = new CoalescedRun(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      passes++;
      if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
      active--;
      return passes;
    });
    const first = run.run();
    const during = [run.run(), run.run(), run.run()];
    expect(await Promise.race([Promise.resolve('pending'), first])).toBe('pending');
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    expect(await run.run()).toBeGreaterThanOrEqual(2);
    await run.stop();
    expect(passes).toBeLessThanOrEqual(3);
    expect(maxActive).toBe(1);
  });

  it('runs no further pass once stopped', async () => {
    let passes = 0;
    const run = new CoalescedRun(async () => ++passes);
    await run.run();
    await run.stop();
    expect(await run.run()).toBe(0);
    expect(passes).toBe(1);
  });
});
