import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

/**
 * Redis answers PING, and keeps queued jobs: with any eviction policy but `noeviction` Redis may drop BullMQ's
 * keys under memory pressure, so readiness reports `degraded` (still serving) and says why.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      await this.redis.ping();
      const [, policy] = (await this.redis.config('GET', 'maxmemory-policy')) as [string, string];
      return policy === 'noeviction'
        ? indicator.up({ maxmemoryPolicy: policy })
        : indicator.degraded({ maxmemoryPolicy: policy, message: 'set maxmemory-policy noeviction so queued jobs are never evicted' });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
