import { isDelivered, MAX_RETRY_DELAY_MS, retryDelayMs } from './webhook-retry.rules';

describe(retryDelayMs.name, () => {
  const noJitter = () => 0;

  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [8, 1_280_000],
  ])('waits %s attempt(s) in: %s ms', (attempts, delay) => {
    expect(retryDelayMs(attempts, 10_000, noJitter)).toBe(delay);
  });

  it('never waits longer than six hours, however many attempts failed', () => {
    expect(retryDelayMs(40, 10_000, noJitter)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1000, 10_000, () => 1)).toBe(MAX_RETRY_DELAY_MS * 1.2);
  });

  it('adds at most 20 % jitter', () => {
    expect(retryDelayMs(1, 10_000, () => 1)).toBe(12_000);
    expect(retryDelayMs(1, 10_000, () => 0.5)).toBe(11_000);
  });
});

describe(isDelivered.name, () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [400, false],
    [410, false],
    [500, false],
    [null, false],
  ])('%s → %s', (status, delivered) => {
    expect(isDelivered(status)).toBe(delivered);
  });
});
