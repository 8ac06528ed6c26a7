import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every Redis prefix of one test run starts with this (TEST_RUN_ID is set by the global setup). */
export const runRedisPrefix = () => `jct_${process.env.TEST_RUN_ID}`;

/** A Redis prefix of its own for one application under test. */
export const testRedisPrefix = () => `${runRedisPrefix()}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** The keys matching a glob pattern; SCAN, so a busy shared Redis is not blocked. */
export async function redisKeys(pattern: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>) keys.push(...batch);
    return keys;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix:`; returns how many there were. */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  const keys = await redisKeys(`${prefix}*`);
  if (keys.length === 0) return 0;
  const redis = new Redis(REDIS_URL);
  try {
    for (let start = 0; start < keys.length; start += 500) await redis.del(...keys.slice(start, start + 500));
  } finally {
    redis.disconnect();
  }
  return keys.length;
}
