import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { Environment } from '../config/environment';

/** The shared ioredis connection. Keys are namespaced by REDIS_PREFIX (see `redisKey`). */
export const REDIS = Symbol('REDIS');

@Injectable()
export class RedisKeys {
  readonly prefix: string;

  constructor(config: ConfigService<Environment, true>) {
    this.prefix = config.get('REDIS_PREFIX', { infer: true });
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }
}

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      // Commands wait (rather than fail) while Redis is briefly away; readiness reports the outage.
      useFactory: (config: ConfigService<Environment, true>) =>
        new Redis(config.get('REDIS_URL', { infer: true }), { maxRetriesPerRequest: 3, lazyConnect: false }),
    },
    RedisKeys,
    RedisShutdown,
  ],
  exports: [REDIS, RedisKeys],
})
export class RedisModule {}
