import { DynamicModule, INestApplicationContext, Module, Provider, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Bench } from './run';

/**
 * The application's own services in this process, on the bench database: ConfigModule, ClockModule and DatabaseModule (so
 * @Transactional and TransactionHost work) plus `providers`. For driving real code (OutboxService, the reminder
 * sweep) without an HTTP server or a worker in between. Closed at cleanup.
 */
export async function benchContext(
  bench: Bench,
  { providers, imports = [] }: { providers: Provider[]; imports?: (Type | DynamicModule)[] },
): Promise<INestApplicationContext> {
  // The configuration module reads and validates the environment when it is first imported.
  Object.assign(process.env, bench.appEnv());
  const { ConfigModule } = await import('../../src/config/config.module.js');
  const { DatabaseModule } = await import('../../src/database/database.module.js');
  const { ClockModule } = await import('../../src/common/time/clock.js');

  @Module({ imports: [ConfigModule, ClockModule, DatabaseModule, ...imports], providers })
  class BenchModule {}

  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  bench.onCleanup(() => app.close());
  await app.init();
  return app;
}
