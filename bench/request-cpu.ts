/**
 * CPU per request of `GET /api/v1/agencies/:id` through the whole API in this process (Fastify's `inject`: no HTTP
 * socket, no load generator): the application's own cost per request, far less disturbed by the rest of the machine
 * than a throughput. Run it on two checkouts to see what a change bought. Settings: bench/README.md.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Language } from '../src/common/identity/role';
import { prepareDatabase } from './lib/database';
import { Cell, finishReport, fixed, table } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';
import { rounds } from './lib/stats';

const config = {
  requests: numberEnv('BENCH_REQUESTS', 4000),
  concurrency: numberEnv('BENCH_CONNECTIONS', 10),
  rounds: numberEnv('BENCH_ROUNDS', 3),
  warmup: numberEnv('BENCH_WARMUP_REQUESTS', 1000, { min: 0 }),
};

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'reference' });
  // As the API runs in the benchmarks: production settings, silent logs. Read when the modules are imported.
  Object.assign(process.env, bench.appEnv({ LOG_LEVEL: 'silent', PORT: '0' }));
  const { AppModule } = await import('../src/app.module.js');
  const { configureApi, createApiAdapter } = await import('../src/app.setup.js');
  const { AccessTokenService } = await import('../src/auth/access-token.service.js');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createApiAdapter(), { logger: false });
  bench.onCleanup(() => app.close());
  await configureApi(app);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();

  const [{ id }] = await app.get(DataSource).query<{ id: string }[]>('SELECT id FROM agency ORDER BY code LIMIT 1');
  const token = app
    .get(AccessTokenService)
    .issue({ id: '00000000-0000-4000-8000-000000000001', roles: [], agencyId: null, language: Language.English });
  const request = { method: 'GET' as const, url: `/api/v1/agencies/${id}`, headers: { authorization: `Bearer ${token}` } };
  const problems: string[] = [];
  const run = async (count: number) => {
    for (let sent = 0; sent < count; sent += config.concurrency) {
      const answers = await Promise.all(Array.from({ length: config.concurrency }, () => fastify.inject(request)));
      const wrong = answers.find((answer) => answer.statusCode !== 200);
      if (wrong && problems.length === 0) problems.push(`answered ${wrong.statusCode}: ${wrong.body.slice(0, 200)}`);
    }
  };

  await run(config.warmup);
  const perRequest: number[] = [];
  for (let round = 1; round <= config.rounds; round++) {
    const before = process.cpuUsage();
    await run(config.requests);
    const used = process.cpuUsage(before);
    perRequest.push((used.user + used.system) / config.requests);
    log(`round ${round}: ${fixed(perRequest.at(-1), 1)} µs of CPU per request`);
  }
  const figures = rounds(perRequest, 'lower');
  const rows: Cell[][] = [
    ['CPU per request (µs)', 'best', 'median', 'spread'],
    ['GET /api/v1/agencies/:id, in process', fixed(figures.best, 1), fixed(figures.median, 1), `${fixed(100 * figures.spread, 0)} %`],
  ];
  return finishReport(
    'request_cpu',
    {
      title: `CPU per request: ${config.rounds} rounds of ${config.requests} injected requests, ${config.concurrency} at a time`,
      blocks: [table(rows)],
      checked: 'every answer 200',
      problems,
      notes: [
        "The API's process CPU (user + system) over each round / requests: JWT guard, validation, the read, serialisation, hooks, " +
          'and the PostgreSQL round trip on the client side; no HTTP socket. Compare checkouts on one machine, not absolute figures.',
      ],
    },
    { config, perRequest, figures },
  );
}

new Bench('request_cpu', { timeoutS: 300 }).run(main);
