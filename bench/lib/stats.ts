/** Figures of one sample of values (latencies in ms, usually). */
export interface Distribution {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of values sorted ascending; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function distribution(values: Iterable<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  const empty = sorted.length === 0;
  return {
    count: sorted.length,
    min: empty ? NaN : sorted[0],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: empty ? NaN : sorted[sorted.length - 1],
    mean: empty ? NaN : sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One figure measured in N rounds: the best, the median and the worst round, and the spread between them. */
export interface Rounds {
  values: number[];
  best: number;
  median: number;
  worst: number;
  /** (worst - best) / median: how far apart the rounds were, 0.1 = 10 %. */
  spread: number;
}

/** `better` says which way is best: 'lower' for times and latencies, 'higher' for throughputs. */
export function rounds(values: readonly number[], better: 'lower' | 'higher'): Rounds {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const middle = median(values);
  return {
    values: [...values],
    best: better === 'lower' ? low : high,
    median: middle,
    worst: better === 'lower' ? high : low,
    spread: values.length > 0 ? (high - low) / middle : NaN,
  };
}

/** a / b, NaN when either is not a finite number or b is 0. */
export const ratio = (a: number | null | undefined, b: number | null | undefined): number =>
  typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
