import { BatchedCalls } from './batched-calls';

describe(BatchedCalls.name, () => {
  it('runs the calls of one turn as one batch, each getting its own result', async () => {
    const batches: number[][] = [];
    const double = new BatchedCalls<number, number>(async (items) => {
      batches.push(items);
      return items.map((item) => item * 2);
    });
    expect(await Promise.all([1, 2, 3].map((item) => double.call(item)))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers the calls made while a batch runs into the next one, at most max at a time', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const echo = new BatchedCalls<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items;
    }, 2);
    const first = echo.call(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => echo.call(item));
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('rejects every call of a failed batch with its error, and goes on with the next', async () => {
    let fail = true;
    const flaky = new BatchedCalls<string, string>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('database away');
      }
      return items;
    });
    const failed = await Promise.allSettled([flaky.call('a'), flaky.call('b')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await flaky.call('c')).toBe('c');
  });
});
