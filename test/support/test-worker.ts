import { INestApplicationContext, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '../../src/common/time/clock';
import { TestClock } from './test-clock';

/**
 * Close it only after the API under test: @nestjs-cls/transactional keeps one TransactionHost per process, and the
 * one created last (the worker's) serves both.
 *
 * The real worker process's module, in the test process, on the same database and Redis prefix as the API under
 * test (the environment is already set by startTestApp). Extra providers can register test reminder handlers; pass
 * the test app's clock to share it.
 */
export async function startTestWorker(providers: Provider[] = [], clock?: TestClock): Promise<INestApplicationContext> {
  const { WorkerModule } = await import('../../src/worker.module.js');
  const builder = Test.createTestingModule({ imports: [WorkerModule], providers });
  if (clock) builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(false);
  moduleRef.enableShutdownHooks();
  return moduleRef.init();
}
