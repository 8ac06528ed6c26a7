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
 * Both servers run as child processes against the same fresh database (jc_bench_http), seeded like production.
 * The load generator (autocannon) runs in this process.
 *
 * CAVEAT: on a small machine (this one has 2 cores) autocannon competes with the server under test for CPU, and
 * PostgreSQL shares the same cores too. Absolute figures are therefore pessimistic and noisy; the ratio between
 * the two targets (measured the same way, in the same run) is the meaningful output.
 *
 * Environment
 *   BENCH_DATABASE_URL  server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL     Redis for the app (default redis://127.0.0.1:6379); keys prefixed jc-bench, deleted after
 *   BENCH_DURATION      measured seconds per target and round (default 10)
 *   BENCH_WARMUP        warm-up seconds per target before measuring (default 3)
 *   BENCH_CONNECTIONS   concurrent connections (default 50)
 *   BENCH_ROUNDS        rounds; targets alternate order each round (default 1)
 *   BENCH_APP_PORT / BENCH_BASELINE_PORT  (default 3901 / 3902)
 *
 * Writes bench/results/http.json (gitignored). Always cleans up: children, database, Redis keys.
 */

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
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

const intEnv = (name, fallback, min = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
};

const config = {
  duration: intEnv('BENCH_DURATION', 10),
  warmup: intEnv('BENCH_WARMUP', 3, 0),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  rounds: intEnv('BENCH_ROUNDS', 1),
  appPort: intEnv('BENCH_APP_PORT', 3901),
  baselinePort: intEnv('BENCH_BASELINE_PORT', 3902),
  databaseServer: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  redisPrefix: 'jc-bench',
  database: 'jc_bench_http',
};

const benchUrl = (() => {
  const url = new URL(config.databaseServer);
  url.pathname = `/${config.database}`;
  return url.toString();
})();

// Production settings (the app refuses the development JWT secret and admin password in production).
const secrets = {
  JWT_SECRET: crypto.randomBytes(48).toString('base64'),
  ADMIN_EMAIL: 'admin@joint-calls.localhost',
  ADMIN_PASSWORD: `bench-${crypto.randomBytes(12).toString('hex')}`,
};

function childEnv(extra) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: config.redisPrefix,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    SEED_DEMO: 'false',
    ...secrets,
    ...extra,
  };
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// -- children -----------------------------------------------------------------------------------------------------

const children = new Set();

/** Keeps the last lines a child printed, for error messages. */
function tail(child, limit = 40) {
  const lines = [];
  const push = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line);
    while (lines.length > limit) lines.shift();
  };
  child.stdout?.on('data', push);
  child.stderr?.on('data', push);
  return () => lines.join('\n');
}

function startChild(name, args, env, options = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc'] : [])] });
  child.benchName = name;
  child.output = tail(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child;
}

/** Runs a one-shot command to completion; rejects with its output on failure. */
async function runStep(name, args, env, timeoutMs) {
  log(`${name}...`);
  const child = startChild(name, args, env);
  const { code, signal } = await withTimeout(child.exited, timeoutMs, name).catch(async (error) => {
    await stopChild(child);
    throw error;
  });
  if (code !== 0) throw new Error(`${name} failed (exit ${code ?? signal}):\n${child.output()}`);
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([child.exited.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped) {
    log(`${child.benchName} ignored SIGTERM; killing`);
    child.kill('SIGKILL');
    await Promise.race([child.exited, sleep(2000)]);
  }
}

/** Polls `url` until it answers 200, failing early if the child exits. */
async function waitReady(child, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.benchName} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${child.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (response.status === 200) return;
      last = `${response.status} ${body.slice(0, 300)}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(250);
  }
  throw new Error(`${child.benchName} not ready at ${url} after ${timeoutMs} ms (last: ${last}):\n${child.output()}`);
}

// -- database and Redis ---------------------------------------------------------------------------------------------

async function adminQuery(sql) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: config.databaseServer, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

// FORCE (PostgreSQL 13+) ends any session a crashed child may have left.
const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${config.database} WITH (FORCE)`);

async function deleteRedisKeys() {
  const Redis = require('ioredis');
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    let deleted = 0;
    const stream = redis.scanStream({ match: `${config.redisPrefix}*`, count: 500 });
    for await (const keys of stream) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

// -- load ----------------------------------------------------------------------------------------------------------

let currentLoad = null;

function load(url, headers, seconds) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    if (cleaning) return reject(new Error('aborted'));
    currentLoad = autocannon({ url, headers, connections: config.connections, duration: seconds, pipelining: 1 }, (error, result) => {
      currentLoad = null;
      if (cleaning) reject(new Error('aborted'));
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

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

// -- output --------------------------------------------------------------------------------------------------------

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) =>
    row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function gitState() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

// -- main ----------------------------------------------------------------------------------------------------------

let cleaning = null;

function cleanup() {
  cleaning ??= (async () => {
    if (currentLoad) currentLoad.stop();
    await Promise.all([...children].map((child) => stopChild(child).catch(() => {})));
    await withTimeout(dropDatabase(), 15000, 'dropping the bench database').then(
      () => log(`dropped database ${config.database}`),
      (error) => log(`could not drop database ${config.database}: ${error.message}`),
    );
    await withTimeout(deleteRedisKeys(), 10000, 'deleting Redis keys').then(
      (count) => log(`deleted ${count} Redis keys with prefix ${config.redisPrefix}`),
      (error) => log(`could not delete Redis keys ${config.redisPrefix}*: ${error.message}`),
    );
  })();
  return cleaning;
}

async function finish(code) {
  await withTimeout(cleanup(), 45000, 'cleanup').catch((error) => log(error.message));
  process.exit(code);
}

async function main() {
  const cpus = os.cpus();
  const notes = [
    `Load generator (autocannon, this process), API, baseline and PostgreSQL share ${cpus.length} CPU core(s): ` +
      'absolute figures are pessimistic and noisy; compare the ratio.',
    'Baseline: plain Fastify + pg Pool(20), same SQL, NO authentication, no logging, no validation beyond a UUID regex.',
    'App: real API (NODE_ENV=production, LOG_LEVEL=silent) with JWT bearer auth, ParseUUIDPipe, TypeORM findOneBy.',
  ];

  // A budget for the whole run, so the process always exits on its own.
  const loadSeconds = config.rounds * 2 * (config.warmup + config.duration);
  const budgetMs = (180 + loadSeconds * 1.5) * 1000;
  setTimeout(() => {
    log(`overall time budget of ${Math.round(budgetMs / 1000)} s exceeded; aborting`);
    void finish(1);
  }, budgetMs).unref();

  if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');

  log(`creating database ${config.database} on ${new URL(config.databaseServer).host}`);
  await dropDatabase();
  await adminQuery(`CREATE DATABASE ${config.database}`);
  const removed = await deleteRedisKeys();
  if (removed > 0) log(`removed ${removed} stale Redis keys with prefix ${config.redisPrefix}`);

  const setupEnv = childEnv({ LOG_LEVEL: 'warn' });
  await runStep('migrations', ['node_modules/typeorm/cli.js', '-d', 'dist/src/database/data-source.js', 'migration:run'], setupEnv, 90000);
  await runStep('seed', ['dist/src/seed/seed.main.js'], setupEnv, 90000);

  log(`starting the API on port ${config.appPort} and the baseline on port ${config.baselinePort}`);
  const app = startChild('api', ['dist/src/main.js'], childEnv({ PORT: String(config.appPort), LOG_LEVEL: 'silent' }));
  const baseline = startChild(
    'baseline',
    [__filename, '--baseline'],
    { ...process.env, DATABASE_URL: benchUrl, PORT: String(config.baselinePort) },
    { ipc: true },
  );
  const appBase = `http://127.0.0.1:${config.appPort}`;
  const baselineBase = `http://127.0.0.1:${config.baselinePort}`;
  await Promise.all([waitReady(app, `${appBase}/health/ready`, 60000), waitReady(baseline, `${baselineBase}/health`, 30000)]);

  const login = await fetch(`${appBase}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: secrets.ADMIN_EMAIL, password: secrets.ADMIN_PASSWORD }),
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
      if (target.name === 'app' && app.exitCode !== null) throw new Error(`the API exited during the run:\n${app.output()}`);
    }
  }

  const summary = { baseline: summarize(measured.baseline), app: summarize(measured.app) };
  const ratios = {
    throughputAppOverBaseline: summary.app.requestsPerSecond / summary.baseline.requestsPerSecond,
    p50AppOverBaseline: summary.app.latencyP50Ms / summary.baseline.latencyP50Ms,
    p99AppOverBaseline: summary.app.latencyP99Ms / summary.baseline.latencyP99Ms,
  };

  const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
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
    `node ${process.version}, ${cpus.length} x ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${os.platform()} ${os.release()}` +
      (git ? `, commit ${git.commit}${git.dirty ? ' (dirty tree)' : ''}` : ''),
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
    machine: { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model?.trim(), platform: `${os.platform()} ${os.release()}` },
    git,
    agencyId,
    targets: Object.fromEntries(targets.map((target) => [target.name, { description: target.label, ...summary[target.name] }])),
    ratios,
    notes,
  };
  const file = path.join(__dirname, 'results', 'http.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(ROOT, file)}`);
}

if (process.argv.includes('--baseline')) {
  runBaselineServer().catch((error) => {
    process.stderr.write(`baseline failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      void finish(130);
    });
  }
  main().then(
    () => finish(0),
    (error) => {
      if (cleaning) return; // interrupted: finish() is already under way
      process.stderr.write(`[bench] FAILED: ${error.stack ?? error}\n`);
      void finish(1);
    },
  );
}
