import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every Redis prefix of one test run starts with this (TEST_RUN_ID is set by the global setup). */
export const runRedisPrefix = () => `jct_${process.env.TEST_RUN_ID}`;

/** A Redis prefix of its own for one application under test. */
export const testRedisPrefix = () => `${runRedisPrefix()}_${process.pid}_${randomBytes(4).toString('hex')}`;

/**
 * Deletes every key that starts with `start` (pass `prefix:` for the keys under one prefix, never those of another
 * prefix that merely begins the same); returns how many. SCAN and UNLINK, so a busy shared Redis is not blocked; a
 * Redis that is down fails fast instead of retrying.
 */
export async function clearRedisPrefix(start: string, url = REDIS_URL): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${start}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
