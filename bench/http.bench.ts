/**
 * HTTP: GET /api/v1/agencies/:id on the real API against a bare Fastify + pg baseline. Settings: bench/README.md.
 *
 *   app       `node dist/src/main.js` (NODE_ENV=production, LOG_LEVEL=silent): global JWT guard, ParseUUIDPipe, a TypeORM
 *             select built once and run as a prepared statement, the problem filter, the request-id and CORS hooks, JSON.
 *   baseline  http.baseline.ts: plain Fastify with a pg Pool of the API's size running one SELECT of the same columns,
 *             the row as JSON (404 when missing, 400 on a malformed id). No authentication, no logging.
 *
 * Both run as children on the same database; autocannon loads them from this process, alternately.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { dataSourceOptions } from '../src/database/data-source-options';
import { api, logIn } from '../test/support/actors';
import { prepareDatabase } from './lib/database';
import { cannon, CannonFigures } from './lib/load';
import { CpuUse, cpuWindow, startApi, startChild, waitHttpReady } from './lib/processes';
import { Cell, cpuTable, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';
import { median, ratio, Rounds, rounds } from './lib/stats';

const POOL_SIZE = (dataSourceOptions('postgres://').extra as { max: number }).max; // the API's pool

const config = {
  duration: numberEnv('BENCH_DURATION', 10),
  warmup: numberEnv('BENCH_WARMUP', 3, { min: 0 }),
  connections: numberEnv('BENCH_CONNECTIONS', 50),
  rounds: numberEnv('BENCH_ROUNDS', 1),
  appPort: numberEnv('BENCH_APP_PORT', 3901),
  baselinePort: numberEnv('BENCH_BASELINE_PORT', 3902),
};

/** Across rounds: throughput is the mean of the rounds (with their spread), latencies the median, counts the sum. */
function summarize(list: CannonFigures[]) {
  const sum = (key: keyof CannonFigures) => list.reduce((total, round) => total + round[key], 0);
  return {
    requestsPerSecond: sum('requestsPerSecond') / list.length,
    requestsPerSecondRounds: rounds(
      list.map((round) => round.requestsPerSecond),
      'higher',
    ),
    requestsTotal: sum('requestsTotal'),
    latencyP50Ms: median(list.map((round) => round.latencyP50Ms)),
    latencyP99Ms: median(list.map((round) => round.latencyP99Ms)),
    latencyMaxMs: Math.max(...list.map((round) => round.latencyMaxMs)),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    rounds: list,
  };
}

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'reference' });
  const baseline = startChild(bench, {
    name: 'baseline',
    kind: 'baseline',
    script: join(__dirname, 'http.baseline.js'),
    env: { ...process.env, DATABASE_URL: bench.databaseUrl, PORT: String(config.baselinePort), POOL_SIZE: String(POOL_SIZE) },
    ipc: true,
  });
  const baselineBase = `http://127.0.0.1:${config.baselinePort}`;
  const [{ child: app, base }] = await Promise.all([
    startApi(bench, config.appPort, { SEED_DEMO: 'false' }),
    waitHttpReady(bench, baseline, `${baselineBase}/health`, 30_000),
  ]);

  const admin = await logIn(base, bench.secrets.ADMIN_EMAIL, bench.secrets.ADMIN_PASSWORD);
  const auth = { authorization: admin.auth.Authorization };
  const list = (await api(base).get('/api/v1/agencies?limit=1').set(admin.auth).expect(200)).body as { items: { id: string }[] };
  const agencyId = list.items[0].id;
  const targets = [
    { name: 'baseline', label: 'baseline (Fastify+pg, no auth)', url: `${baselineBase}/agencies/${agencyId}`, headers: {} },
    { name: 'app', label: 'app (Nest+TypeORM, JWT)', url: `${base}/api/v1/agencies/${agencyId}`, headers: auth },
  ] as const;

  // Both must answer the same document; the app must refuse a request without a token, the baseline an unknown id.
  const problems: string[] = [];
  const [fromApp, fromBaseline, anonymous, missing] = await Promise.all([
    api(base).get(`/api/v1/agencies/${agencyId}`).set(admin.auth),
    api(baselineBase).get(`/agencies/${agencyId}`),
    api(base).get(`/api/v1/agencies/${agencyId}`),
    api(baselineBase).get(`/agencies/${randomUUID()}`),
  ]);
  const canonical = (value: object) => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
  if (fromApp.status !== 200 || fromBaseline.status !== 200 || canonical(fromApp.body as object) !== canonical(fromBaseline.body as object))
    problems.push(`app and baseline disagree: ${JSON.stringify(fromApp.body)} vs ${JSON.stringify(fromBaseline.body)}`);
  if (anonymous.status !== 401) problems.push(`the app answered ${anonymous.status} without a token; expected 401`);
  if (missing.status !== 404) problems.push(`the baseline answered ${missing.status} for an unknown id; expected 404`);

  const measured: Record<'app' | 'baseline', CannonFigures[]> = { baseline: [], app: [] };
  const cpu: [string, CpuUse][] = [];
  /** CPU µs per answered request of the server (app or baseline) and of PostgreSQL's backends, per round. */
  const cpuPerRequest: Record<'app' | 'baseline', { server: number; pg: number }[]> = { baseline: [], app: [] };
  for (let round = 1; round <= config.rounds; round++) {
    // Alternate the order each round so that neither target always runs on a warmer machine.
    for (const target of round % 2 === 1 ? targets : [...targets].reverse()) {
      const load = { headers: target.headers, connections: config.connections };
      if (config.warmup > 0) await cannon(bench, target.url, { ...load, seconds: config.warmup });
      log(`round ${round}/${config.rounds}: ${target.name} (${config.duration} s, ${config.connections} connections)`);
      const window = cpuWindow(bench, { app: [app.pid], baseline: [baseline.pid] });
      const figures = await cannon(bench, target.url, { ...load, seconds: config.duration });
      const use = window();
      measured[target.name].push(figures);
      cpu.push([`${target.name}, round ${round}`, use]);
      const perRequest = (cores: number) => (1e6 * cores * use.wallSeconds) / Math.max(1, figures.requestsTotal);
      cpuPerRequest[target.name].push({ server: perRequest(use.cores[target.name] ?? 0), pg: perRequest(use.cores.pgBench ?? 0) });
      app.assertAlive('during the run');
    }
  }
  const summary = { baseline: summarize(measured.baseline), app: summarize(measured.app) };
  for (const target of targets) {
    const s = summary[target.name];
    if (s.non2xx + s.errors + s.timeouts > 0)
      problems.push(`${target.name}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts`);
  }
  // Less disturbed by the rest of the machine than req/s: what each request cost the server and PostgreSQL.
  const cpuCost = Object.fromEntries(
    targets.map(({ name }) => [
      name,
      {
        server: rounds(
          cpuPerRequest[name].map((c) => c.server),
          'lower',
        ),
        total: rounds(
          cpuPerRequest[name].map((c) => c.server + c.pg),
          'lower',
        ),
      },
    ]),
  ) as Record<'app' | 'baseline', { server: Rounds; total: Rounds }>;
  const ratios = {
    throughputAppOverBaseline: ratio(summary.app.requestsPerSecond, summary.baseline.requestsPerSecond),
    bestThroughputAppOverBaseline: ratio(summary.app.requestsPerSecondRounds.best, summary.baseline.requestsPerSecondRounds.best),
    cpuPerRequestBaselineOverApp: ratio(cpuCost.baseline.total.best, cpuCost.app.total.best),
    p50AppOverBaseline: ratio(summary.app.latencyP50Ms, summary.baseline.latencyP50Ms),
    p99AppOverBaseline: ratio(summary.app.latencyP99Ms, summary.baseline.latencyP99Ms),
  };

  const rows: Cell[][] = [['target', 'req/s (mean)', 'spread', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'timeouts']];
  for (const target of targets) {
    const s = summary[target.name];
    const spread = config.rounds > 1 ? `${fixed(100 * s.requestsPerSecondRounds.spread, 0)} %` : '';
    rows.push([
      target.label,
      fixed(s.requestsPerSecond),
      spread,
      fixed(s.latencyP50Ms, 2),
      fixed(s.latencyP99Ms, 2),
      s.requestsTotal,
      s.non2xx,
      s.errors,
      s.timeouts,
    ]);
  }
  rows.push([
    'ratio app/baseline',
    times(ratios.throughputAppOverBaseline, 3),
    '',
    times(ratios.p50AppOverBaseline),
    times(ratios.p99AppOverBaseline),
  ]);
  if (config.rounds > 1) rows.push(['ratio of the best rounds', times(ratios.bestThroughputAppOverBaseline, 3)]);
  const costRows: Cell[][] = [['CPU per request, µs (best round; spread)', 'server', 'server + PostgreSQL']];
  for (const target of targets) {
    const c = cpuCost[target.name];
    const spread = (r: Rounds) => (config.rounds > 1 ? ` (${fixed(100 * r.spread, 0)} %)` : '');
    costRows.push([target.label, `${fixed(c.server.best, 1)}${spread(c.server)}`, `${fixed(c.total.best, 1)}${spread(c.total)}`]);
  }
  costRows.push(['ratio baseline/app (the throughput ratio CPU alone would allow)', '', times(ratios.cpuPerRequestBaselineOverApp, 3)]);

  return finishReport(
    'http',
    {
      title:
        `GET /agencies/:id  ${config.rounds} round(s) x ${config.duration} s measured (+${config.warmup} s warm-up) per target, ` +
        `${config.connections} connections, pipelining 1`,
      blocks: [
        table(rows),
        table(costRows),
        cpuTable(cpu, {
          app: 'app',
          baseline: 'baseline',
          bench: 'bench (load)',
          pgBench: 'pg (bench db)',
          redis: 'redis',
          other: 'other',
        }),
      ],
      checked: 'app and baseline answer the same JSON, the app 401 without a token, the baseline 404 for an unknown id, no errors',
      problems,
      notes: [
        `Load generator (autocannon, this process), API, baseline and PostgreSQL share the machine's cores: absolute figures are pessimistic and noisy; compare the ratio.`,
        `Baseline: plain Fastify + pg Pool(${POOL_SIZE}), same SQL, NO authentication, no logging, no validation beyond a UUID regex.`,
        'App: real API (NODE_ENV=production, LOG_LEVEL=silent) with JWT bearer auth, ParseUUIDPipe, the read through TypeORM.',
        ...(config.rounds > 1 ? ['spread = (best - worst round) / median round of the throughput.'] : []),
        "CPU per request = the process's CPU time (and that of the bench database's PostgreSQL backends) over the round / requests answered: " +
          'the throughput ratio the two would reach if CPU were all that limited them and the machine were theirs alone.',
      ],
    },
    { config: { ...config, pipelining: 1, poolSize: POOL_SIZE }, agencyId, targets: summary, ratios, cpu, cpuPerRequest, cpuCost },
  );
}

const loadSeconds = config.rounds * 2 * (config.warmup + config.duration);
new Bench('http', { timeoutS: 180 + loadSeconds * 1.5 }).run(main);
