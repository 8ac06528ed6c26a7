#!/usr/bin/env node
'use strict';

/**
 * HTTP benchmark: GET /api/v1/agencies/:id on the real API against a bare Fastify + pg baseline.
 *
 *   npm run bench:http                       # builds, then runs this file
 *   BENCH_DURATION=20 BENCH_CONNECTIONS=100 BENCH_ROUNDS=3 node bench/http.bench.js
 *
 * What is compared
 *   app       `node dist/src/main.js` (NODE_ENV=production, LOG_LEVEL=silent): global JWT guard, ParseUUIDPipe,
 *             TypeORM findOneBy, the problem filter, helmet/CORS/request-id hooks as configured, JSON serialization.
 *   baseline  a plain Fastify server with a `pg` Pool of the same size (20) running the same SELECT and replying the
 *             row as JSON (404 when missing, 400 on a malformed id). It does NO authentication and no logging:
 *             the ratio app/baseline is the price of the framework stack plus JWT verification, not of PostgreSQL.
 *
 * Both servers run as child processes against the same fresh database (jc_bench_http), seeded like production
 * (bench/lib/harness.js creates, migrates, seeds and drops it, and starts and stops the API).
 * The load generator (autocannon) runs in this process.
 *
 * CAVEAT: on a small machine (this one has 2 cores) autocannon competes with the server under test for CPU, and
 * PostgreSQL shares the same cores too. Absolute figures are therefore pessimistic and noisy; the ratio between
 * the two targets (measured the same way, in the same run) is the meaningful output.
 *
 * Environment
 *   BENCH_DATABASE_URL  server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL     Redis for the app (default redis://127.0.0.1:6379); keys prefixed jcb-http, deleted after
 *   BENCH_DURATION      measured seconds per target and round (default 10)
 *   BENCH_WARMUP        warm-up seconds per target before measuring (default 3)
 *   BENCH_CONNECTIONS   concurrent connections (default 50)
 *   BENCH_ROUNDS        rounds; targets alternate order each round (default 1)
 *   BENCH_APP_PORT / BENCH_BASELINE_PORT  (default 3901 / 3902)
 *
 * Writes bench/results/http.json (gitignored). Always cleans up: children, database, Redis keys.
 */

const crypto = require('node:crypto');
const { log, intEnv, median, fixed, table, gitState, machine, machineLine, writeResults, createHarness } = require('./lib/harness');

const SQL = 'SELECT id, code, name, country, currency, timezone, is_home AS "isHome" FROM agency WHERE id = $1';
const POOL_SIZE = 20; // same as `extra: { max: 20 }` in src/database/data-source-options.ts
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------------------
// Baseline server mode: `node bench/http.bench.js --baseline` (spawned by the benchmark itself).
// ---------------------------------------------------------------------------------------------------------------

async function runBaselineServer() {
  const fastify = require('fastify')({ logger: false });
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE });

  fastify.get('/agencies/:id', async (request, reply) => {
    const { id } = request.params;
    if (!UUID.test(id)) return reply.code(400).send({ message: 'id must be a UUID' });
    const { rows } = await pool.query(SQL, [id]);
    if (rows.length === 0) return reply.code(404).send({ message: 'Agency not found' });
    return rows[0];
  });
  fastify.get('/health', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });

  const stop = async () => {
    await fastify.close().catch(() => {});
    await pool.end().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop); // the benchmark died: do not linger
  await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

// ---------------------------------------------------------------------------------------------------------------
// Benchmark mode.
// ---------------------------------------------------------------------------------------------------------------

const config = {
  duration: intEnv('BENCH_DURATION', 10),
  warmup: intEnv('BENCH_WARMUP', 3, 0),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  rounds: intEnv('BENCH_ROUNDS', 1),
  appPort: intEnv('BENCH_APP_PORT', 3901),
  baselinePort: intEnv('BENCH_BASELINE_PORT', 3902),
};

// A budget for the whole run, so the process always exits on its own.
const loadSeconds = config.rounds * 2 * (config.warmup + config.duration);
const h = createHarness({ name: 'http', timeoutS: 180 + loadSeconds * 1.5 });

// -- load ----------------------------------------------------------------------------------------------------------

let currentLoad = null;

function load(url, headers, seconds) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    if (h.aborted) return reject(new Error('aborted'));
    currentLoad = autocannon({ url, headers, connections: config.connections, duration: seconds, pipelining: 1 }, (error, result) => {
      currentLoad = null;
      if (h.aborted) reject(new Error('aborted'));
      else if (error) reject(error);
      else resolve(result);
    });
  });
}

const figures = (result) => ({
  requestsPerSecond: result.requests.mean,
  requestsTotal: result.requests.total,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  latencyMeanMs: result.latency.average,
  latencyMaxMs: result.latency.max,
  ok2xx: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
});

/** Across rounds: throughput is the mean of the rounds, latencies the median, counts the sum. */
function summarize(rounds) {
  const sum = (key) => rounds.reduce((total, round) => total + round[key], 0);
  return {
    requestsPerSecond: sum('requestsPerSecond') / rounds.length,
    requestsTotal: sum('requestsTotal'),
    latencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
    latencyP99Ms: median(rounds.map((round) => round.latencyP99Ms)),
    latencyMeanMs: median(rounds.map((round) => round.latencyMeanMs)),
    latencyMaxMs: Math.max(...rounds.map((round) => round.latencyMaxMs)),
    ok2xx: sum('ok2xx'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    rounds,
  };
}

// -- main ----------------------------------------------------------------------------------------------------------

async function main() {
  const m = machine({ memory: false });
  const notes = [
    `Load generator (autocannon, this process), API, baseline and PostgreSQL share ${m.cpus} CPU core(s): ` +
      'absolute figures are pessimistic and noisy; compare the ratio.',
    'Baseline: plain Fastify + pg Pool(20), same SQL, NO authentication, no logging, no validation beyond a UUID regex.',
    'App: real API (NODE_ENV=production, LOG_LEVEL=silent) with JWT bearer auth, ParseUUIDPipe, TypeORM findOneBy.',
  ];

  // Stops the load generator first when the run is cut short.
  h.onCleanup(() => currentLoad?.stop());
  await h.prepareDatabase({ seed: 'reference' });

  log(`starting the baseline on port ${config.baselinePort}`);
  const baseline = h.startChild(
    'baseline',
    [__filename, '--baseline'],
    { ...process.env, DATABASE_URL: h.benchUrl, PORT: String(config.baselinePort) },
    { ipc: true },
  );
  const baselineBase = `http://127.0.0.1:${config.baselinePort}`;
  const [{ child: app, base: appBase }] = await Promise.all([
    h.startApi(config.appPort, { SEED_DEMO: 'false' }),
    h.waitReady(baseline, `${baselineBase}/health`, 30000),
  ]);

  const login = await fetch(`${appBase}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: h.secrets.ADMIN_EMAIL, password: h.secrets.ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = await login.json();
  const auth = { authorization: `Bearer ${accessToken}` };

  const list = await fetch(`${appBase}/api/v1/agencies?limit=1`, { headers: auth });
  if (list.status !== 200) throw new Error(`listing agencies failed: ${list.status} ${await list.text()}`);
  const agencyId = (await list.json()).items?.[0]?.id;
  if (!agencyId) throw new Error('the seed created no agency');

  const targets = [
    { name: 'baseline', label: 'baseline (Fastify+pg, no auth)', url: `${baselineBase}/agencies/${agencyId}`, headers: {} },
    { name: 'app', label: 'app (Nest+TypeORM, JWT)', url: `${appBase}/api/v1/agencies/${agencyId}`, headers: auth },
  ];

  // Both must answer the same document, and the app must refuse a request without a token.
  const [fromApp, fromBaseline, anonymous, missing] = await Promise.all([
    fetch(targets[1].url, { headers: auth }).then(async (r) => ({ status: r.status, body: await r.json() })),
    fetch(targets[0].url).then(async (r) => ({ status: r.status, body: await r.json() })),
    fetch(targets[1].url).then((r) => r.status),
    fetch(`${baselineBase}/agencies/${crypto.randomUUID()}`).then((r) => r.status),
  ]);
  const canonical = (value) => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
  if (fromApp.status !== 200 || fromBaseline.status !== 200 || canonical(fromApp.body) !== canonical(fromBaseline.body)) {
    throw new Error(`app and baseline disagree: ${JSON.stringify(fromApp)} vs ${JSON.stringify(fromBaseline)}`);
  }
  if (anonymous !== 401) throw new Error(`the app answered ${anonymous} without a token; expected 401`);
  if (missing !== 404) throw new Error(`the baseline answered ${missing} for an unknown id; expected 404`);
  log(`agency ${agencyId} (${fromApp.body.code}); both targets answer the same JSON; app without token: 401`);

  const measured = { baseline: [], app: [] };
  for (let round = 1; round <= config.rounds; round += 1) {
    // Alternate the order each round so neither target always runs on a warmer machine.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      if (config.warmup > 0) {
        log(`round ${round}/${config.rounds}: warming up ${target.name} (${config.warmup} s)`);
        await load(target.url, target.headers, config.warmup);
      }
      log(`round ${round}/${config.rounds}: measuring ${target.name} (${config.duration} s, ${config.connections} connections)`);
      measured[target.name].push(figures(await load(target.url, target.headers, config.duration)));
      if (target.name === 'app' && h.hasExited(app)) throw new Error(`the API exited during the run:\n${app.output()}`);
    }
  }

  const summary = { baseline: summarize(measured.baseline), app: summarize(measured.app) };
  const ratios = {
    throughputAppOverBaseline: summary.app.requestsPerSecond / summary.baseline.requestsPerSecond,
    p50AppOverBaseline: summary.app.latencyP50Ms / summary.baseline.latencyP50Ms,
    p99AppOverBaseline: summary.app.latencyP99Ms / summary.baseline.latencyP99Ms,
  };

  const rows = [['target', 'req/s (mean)', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'timeouts']];
  for (const target of targets) {
    const s = summary[target.name];
    rows.push([
      target.label,
      fixed(s.requestsPerSecond),
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
    `${fixed(ratios.throughputAppOverBaseline, 3)}x`,
    `${fixed(ratios.p50AppOverBaseline, 2)}x`,
    `${fixed(ratios.p99AppOverBaseline, 2)}x`,
    '',
    '',
    '',
    '',
  ]);

  const git = gitState();
  const header = [
    `GET /agencies/:id  ${config.rounds} round(s) x ${config.duration} s measured (+${config.warmup} s warm-up) per target, ` +
      `${config.connections} connections, pipelining 1`,
    machineLine(m, git),
  ];
  process.stdout.write(`\n${header.join('\n')}\n\n${table(rows)}\n\n${notes.map((note) => `* ${note}`).join('\n')}\n`);

  const results = {
    benchmark: 'http GET /agencies/:id',
    date: new Date().toISOString(),
    config: {
      durationSeconds: config.duration,
      warmupSeconds: config.warmup,
      connections: config.connections,
      rounds: config.rounds,
      pipelining: 1,
      poolSize: POOL_SIZE,
    },
    machine: m,
    git,
    agencyId,
    targets: Object.fromEntries(targets.map((target) => [target.name, { description: target.label, ...summary[target.name] }])),
    ratios,
    notes,
  };
  writeResults('http', results);
}

if (process.argv.includes('--baseline')) {
  runBaselineServer().catch((error) => {
    process.stderr.write(`baseline failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  h.run(main);
}
