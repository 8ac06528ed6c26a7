import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import Redis from 'ioredis';
import { REDIS, RedisKeys } from '../../redis/redis.module';

/**
 * Counts hits in Redis so that every API replica shares one limit. One round trip: a fixed window counter and,
 * once the limit is passed, a block key that outlives the window by `blockDuration`.
 * (@nest-lab/throttler-storage-redis, the usual choice, does not declare NestJS 12 support yet.)
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const counter = this.keys.key('throttle', throttlerName, key);
    const [totalHits, timeToExpire, blockedFor] = (await this.redis.eval(
      INCREMENT,
      2,
      counter,
      `${counter}:blocked`,
      ttl,
      limit,
      blockDuration || ttl,
    )) as [number, number, number];
    return {
      totalHits,
      timeToExpire: Math.ceil(Math.max(timeToExpire, 0) / 1000),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.ceil(Math.max(blockedFor, 0) / 1000),
    };
  }
}
