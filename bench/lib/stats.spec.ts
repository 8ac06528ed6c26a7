import { distribution, median, percentile, ratio, rounds } from './stats';

describe('bench statistics', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([
    [50, 50],
    [90, 90],
    [99, 99],
    [100, 100],
    [1, 1],
    [0, 1],
  ])('takes the nearest-rank p%s of 1..100 as %s', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('describes a sample in any order, and an empty one as NaN', () => {
    expect(distribution([3, 1, 2, 4])).toEqual({ count: 4, min: 1, p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 });
    expect(distribution([])).toEqual({ count: 0, min: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN });
  });

  it('takes the median of an even sample as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('picks the best round by the direction that is better, and measures the spread against the median', () => {
    expect(rounds([10, 12, 11], 'lower')).toEqual({ values: [10, 12, 11], best: 10, median: 11, worst: 12, spread: 2 / 11 });
    expect(rounds([10, 12, 11], 'higher')).toMatchObject({ best: 12, worst: 10 });
  });

  it.each([
    [1, 4, 0.25],
    [1, 0, NaN],
    [NaN, 2, NaN],
    [null, 2, NaN],
  ])('divides %s by %s as %s', (a, b, expected) => {
    expect(ratio(a, b)).toBe(expected);
  });
});
