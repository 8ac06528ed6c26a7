import { INestApplicationContext, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';

/**
 * Close it only after the API under test: @nestjs-cls/transactional keeps one TransactionHost per process, and the
 * one created last (the worker's) serves both.
 *
 * The real worker process's module, in the test process, on the same database and Redis prefix as the API under
 * test (the environment is already set by startTestApp). Extra providers can register test reminder handlers.
 */
export async function startTestWorker(providers: Provider[] = []): Promise<INestApplicationContext> {
  const { WorkerModule } = await import('../../src/worker.module.js');
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule], providers }).compile();
  moduleRef.useLogger(false);
  moduleRef.enableShutdownHooks();
  return moduleRef.init();
}
