/** The longest wait between two attempts of one delivery. */
export const MAX_RETRY_DELAY_MS = 6 * 3600 * 1000;

/**
 * How long to wait after the n-th failed attempt (n ≥ 1): exponential from the base, capped, with up to 20 %
 * random jitter so that the retries of many deliveries to one recovering endpoint do not arrive together.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(failedAttempts - 1, 30));
  return Math.round(exponential * (1 + 0.2 * random()));
}

/** A 2xx is the only answer that counts as delivered; redirects are not followed, so a 3xx is a failure. */
export const isDelivered = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode < 300;
