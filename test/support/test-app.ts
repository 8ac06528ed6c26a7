import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/time/clock';
import { createDatabase, databaseUrl, dropDatabase, uniqueName } from './databases';
import { clearRedisPrefix, REDIS_URL, testRedisPrefix } from './redis';
import { TestClock } from './test-clock';
let started = false;

export interface TestApp {
  app: NestFastifyApplication;
  /** The HTTP server for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  dataSource: DataSource;
  /** The application's clock: advance it instead of waiting. */
  clock: TestClock;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real API, as `main.ts` builds it, on a database cloned from the migrated template and a Redis prefix of its
 * own, so test files run in parallel without seeing each other. `close()` leaves nothing behind.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  // The configuration is read once per module registry, i.e. once per test file: a second app would silently
  // run on the first one's database.
  if (started) throw new Error('startTestApp may be called once per test file');
  started = true;
  const database = uniqueName('jc_test');
  await createDatabase(database, { template: process.env.TEST_TEMPLATE_DATABASE });
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl(database),
    REDIS_URL,
    REDIS_PREFIX: testRedisPrefix(),
    LOGIN_RATE_LIMIT: '1000',
    ACCOUNT_RATE_LIMIT: '100000',
    RESET_RATE_LIMIT: '100000',
    ...overrides,
  };
  Object.assign(process.env, env);

  // Imported only now: the configuration module reads the environment when the module graph is evaluated.
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApi, createApiAdapter } = await import('../../src/app.setup.js');
  const { validateEnvironment } = await import('../../src/config/environment.js');
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createApiAdapter(validateEnvironment(process.env)), {
    logger: false,
  });
  await configureApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return {
    app,
    http: app.getHttpServer(),
    dataSource: app.get(DataSource),
    clock,
    env,
    close: async () => {
      await app.close();
      await clearRedisPrefix(`${env.REDIS_PREFIX}:`);
      await dropDatabase(database);
    },
  };
}
