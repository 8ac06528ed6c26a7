'use strict';

/**
 * What bench/submit.bench.js and bench/upload.bench.js share: child processes, a fresh migrated and seeded database,
 * the API as a child, Redis clean-up, an overall time budget, cleanup on every exit path, statistics and tables;
 * bench/http.bench.js and bench/mail.bench.js use the same database, children, clean-up and output parts.
 *
 * Environment common to every benchmark that uses createHarness()
 *   BENCH_DATABASE_URL   server to create the bench database jc_bench_<name> on
 *                        (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL      Redis for the API and workers (default redis://127.0.0.1:6379); keys prefixed jcb-<name>,
 *                        deleted before and after
 *
 * Every benchmark writes bench/results/<name>.json (gitignored) and always cleans up: its children, the database and
 * the Redis keys. Exit code: 0 when every check passed, 2 when a check failed, 1 when the run itself failed.
 */

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'src');

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

const intEnv = (name, fallback, min = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
};

// -- statistics and output ----------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    min: sorted.length ? sorted[0] : NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? mean : NaN,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

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

/** Node, CPUs and platform; `memory: false` leaves out the RAM (as bench/http.bench.js and mail.bench.js print it). */
function machine({ memory = true } = {}) {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown CPU',
    platform: `${os.platform()} ${os.release()}`,
    ...(memory ? { memoryMiB: Math.round(os.totalmem() / 1048576) } : {}),
  };
}

const machineLine = (m, git) =>
  `node ${m.node}, ${m.cpus} x ${m.cpuModel}, ${m.memoryMiB === undefined ? '' : `${m.memoryMiB} MiB RAM, `}${m.platform}` +
  (git ? `, commit ${git.commit}${git.dirty ? ' (dirty tree)' : ''}` : '');

function writeResults(name, results) {
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(ROOT, file)}`);
}

/** Resident set size now and its high-water mark, in bytes, from /proc (Linux only; null elsewhere). */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : null;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets the process's VmHWM to its current RSS (Linux >= 4.0, own processes); false when not possible. */
function resetPeakRss(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of every process, with its command name and, for PostgreSQL, its title. */
function processTable() {
  const out = new Map();
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      const title = comm === 'postgres' ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      out.set(Number(pid), { comm, seconds, title });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Starts a CPU accounting window (Linux /proc); the returned function ends it and gives the average cores used by
 * each group: `roles` maps names to pids, `pgBench` = PostgreSQL backends of `database`, `pgOther` = the rest of
 * PostgreSQL, `other` = the rest of the machine's busy time.
 */
function cpuWindow(database, roles = {}) {
  const machineTicks = () => {
    try {
      const values = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = values[3] + (values[4] || 0);
      return { busy: values.slice(0, 8).reduce((sum, v) => sum + v, 0) - idle };
    } catch {
      return null;
    }
  };
  const start = { table: processTable(), machine: machineTicks(), at: process.hrtime.bigint() };
  return () => {
    const now = processTable();
    const machineNow = machineTicks();
    const wall = Number(process.hrtime.bigint() - start.at) / 1e9;
    const rolePids = new Map();
    for (const [role, pids] of Object.entries({ bench: [process.pid], ...roles })) for (const pid of pids) rolePids.set(pid, role);
    const seconds = {};
    for (const [pid, entry] of now) {
      const before = start.table.get(pid);
      const used = entry.seconds - (before && before.comm === entry.comm ? before.seconds : 0);
      if (used <= 0) continue;
      let group = rolePids.get(pid);
      if (!group && entry.comm === 'postgres') group = entry.title.includes(` ${database} `) ? 'pgBench' : 'pgOther';
      if (!group && entry.comm === 'redis-server') group = 'redis';
      if (!group) continue;
      seconds[group] = (seconds[group] ?? 0) + used;
    }
    const cores = Object.fromEntries(Object.entries(seconds).map(([group, s]) => [group, s / wall]));
    if (machineNow && start.machine) {
      const busyCores = (machineNow.busy - start.machine.busy) / CLOCK_TICKS / wall;
      const accounted = Object.values(cores).reduce((sum, value) => sum + value, 0);
      cores.other = Math.max(0, busyCores - accounted);
      cores.machineBusy = busyCores;
    }
    return cores;
  };
}

/** "api 0.98, pgBench 0.61, ..." */
const coresText = (cores) =>
  Object.entries(cores ?? {})
    .filter(([group, value]) => group !== 'machineBusy' && value >= 0.005)
    .sort(([, a], [, b]) => b - a)
    .map(([group, value]) => `${group} ${value.toFixed(2)}`)
    .join(', ');

/** Fails clearly when something already listens on the port (the readiness poll would otherwise ask it). */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) =>
      reject(new Error(`port ${port} is not free (${error.code}); choose another with the BENCH_*_PORT variables`)),
    );
    server.listen(port, '0.0.0.0', () => server.close(() => resolve()));
  });
}

// -- the harness ----------------------------------------------------------------------------------------------------------

/**
 * One benchmark run: `name` names the database (jc_bench_<name>), the Redis prefix (jcb-<name>) and the results file.
 * Call `run(main)` once; main(h) returns the exit code.
 */
function createHarness({ name, timeoutS, cleanupTimeoutMs = 45000 }) {
  const databaseServer = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const database = `jc_bench_${name}`;
  const redisPrefix = `jcb-${name}`;
  const benchUrl = (() => {
    const url = new URL(databaseServer);
    url.pathname = `/${database}`;
    return url.toString();
  })();
  // Production settings (the app refuses the development JWT secret and admin password in production).
  const secrets = {
    JWT_SECRET: crypto.randomBytes(48).toString('base64'),
    ADMIN_EMAIL: 'admin@joint-calls.localhost',
    ADMIN_PASSWORD: `bench-${crypto.randomBytes(12).toString('hex')}`,
  };
  const children = new Set();
  const closers = [];
  let cleaning = null;

  const appEnv = (extra = {}) => ({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    ...secrets,
    ...extra,
  });

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

  function startChild(childName, args, env, options = {}) {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc'] : [])] });
    child.benchName = childName;
    child.output = tail(child);
    child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    children.add(child);
    child.exited.then(() => children.delete(child));
    return child;
  }

  const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

  /** Why a child is gone, for error messages: its exit code or signal, its last output, and a missing dist. */
  const exitReason = (child) =>
    `${child.benchName} exited (${child.exitCode ?? child.signalCode})` +
    (fs.existsSync(path.join(DIST, 'main.js')) ? '' : '; dist/src/main.js is gone: was dist rebuilt during the run?') +
    (child.output() ? `:\n${child.output()}` : '');

  async function stopChild(child, graceMs = 10000) {
    if (hasExited(child)) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) {
      log(`${child.benchName} ignored SIGTERM; killing`);
      child.kill('SIGKILL');
      await Promise.race([child.exited, sleep(2000)]);
    }
  }

  /** Runs a one-shot command to completion; rejects with its output on failure. */
  async function runStep(stepName, args, env, timeoutMs) {
    log(`${stepName}...`);
    const child = startChild(stepName, args, env);
    const { code, signal } = await withTimeout(child.exited, timeoutMs, stepName).catch(async (error) => {
      await stopChild(child);
      throw error;
    });
    if (code !== 0) throw new Error(`${stepName} failed (exit ${code ?? signal}):\n${child.output()}`);
  }

  /** Polls `url` until it answers 200, failing early if the child exits. */
  async function waitReady(child, url, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (cleaning) throw new Error('aborted');
      if (hasExited(child)) {
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
      await sleep(200);
    }
    throw new Error(`${child.benchName} not ready at ${url} after ${timeoutMs} ms (last: ${last}):\n${child.output()}`);
  }

  async function connect(url = benchUrl) {
    const { Client } = require('pg');
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Runs `close` at cleanup, before the children are stopped (the last registered first). */
  function onCleanup(close) {
    closers.push(close);
  }

  /** A client or pool closed at cleanup. */
  function closeLater(closable) {
    onCleanup(() => closable.end());
    return closable;
  }

  async function adminQuery(sql) {
    const client = await connect(databaseServer);
    try {
      await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  }

  // FORCE (PostgreSQL 13+) ends any session a crashed child may have left.
  const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);

  async function deleteRedisKeys() {
    const Redis = require('ioredis');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      let deleted = 0;
      // `${prefix}:*` and `${prefix}` itself: never another prefix that merely starts with ours.
      for (const match of [`${redisPrefix}:*`, redisPrefix]) {
        const stream = redis.scanStream({ match, count: 500 });
        for await (const keys of stream) {
          if (keys.length > 0) deleted += await redis.unlink(...keys);
        }
      }
      return deleted;
    } finally {
      redis.disconnect();
    }
  }

  /**
   * A fresh database, migrated with the TypeORM CLI as deployed, then seeded: `seed` 'demo' (reference data, the admin
   * and the demo accounts), 'reference' (reference data and the admin, SEED_DEMO=false) or 'none' (migrations only).
   */
  async function prepareDatabase({ seed = 'demo' } = {}) {
    if (!fs.existsSync(path.join(DIST, 'main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');
    log(`creating database ${database} on ${new URL(databaseServer).host}`);
    await dropDatabase();
    await adminQuery(`CREATE DATABASE ${database}`);
    const removed = await deleteRedisKeys();
    if (removed > 0) log(`removed ${removed} stale Redis keys with prefix ${redisPrefix}`);
    const env = appEnv();
    await runStep('migrations', ['node_modules/typeorm/cli.js', '-d', 'dist/src/database/data-source.js', 'migration:run'], env, 90000);
    if (seed === 'none') return;
    // SEED_DEMO=true in production: the demo officers (officer.nstc@..., officer.gacr@...) create the calls.
    await runStep('seed', ['dist/src/seed/seed.main.js'], appEnv({ SEED_DEMO: seed === 'demo' ? 'true' : 'false' }), 90000);
  }

  /** `node dist/src/main.js` as production runs it, silent; resolves once /health/ready answers 200. */
  async function startApi(port, extra = {}) {
    await assertPortFree(port);
    log(`starting the API on port ${port}`);
    const api = startChild('api', ['dist/src/main.js'], appEnv({ PORT: String(port), LOG_LEVEL: 'silent', ...extra }));
    const base = `http://127.0.0.1:${port}`;
    api.exited.then(() => {
      if (!cleaning) log(`unexpectedly: ${exitReason(api)}`);
    });
    await waitReady(api, `${base}/health/ready`, 60000);
    return { child: api, base };
  }

  function cleanup() {
    cleaning ??= (async () => {
      for (const close of closers.splice(0).reverse())
        await Promise.resolve()
          .then(close)
          .catch(() => {});
      await Promise.all([...children].map((child) => stopChild(child).catch(() => {})));
      await withTimeout(dropDatabase(), 20000, 'dropping the bench database').then(
        () => log(`dropped database ${database}`),
        (error) => log(`could not drop database ${database}: ${error.message}`),
      );
      await withTimeout(deleteRedisKeys(), 10000, 'deleting Redis keys').then(
        (count) => log(`deleted ${count} Redis keys with prefix ${redisPrefix}`),
        (error) => log(`could not delete Redis keys ${redisPrefix}:*: ${error.message}`),
      );
    })();
    return cleaning;
  }

  async function finish(code) {
    await withTimeout(cleanup(), cleanupTimeoutMs, 'cleanup').catch((error) => log(error.message));
    process.exit(code);
  }

  /** Runs main(h) within the time budget; cleans up on success, failure, signal or timeout. */
  function run(main) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        log(`${signal}: cleaning up`);
        void finish(130);
      });
    }
    setTimeout(() => {
      log(`overall time budget of ${timeoutS} s exceeded; aborting`);
      void finish(1);
    }, timeoutS * 1000).unref();
    main(harness).then(
      (code) => finish(code ?? 0),
      (error) => {
        if (cleaning) return; // interrupted: finish() is already under way
        process.stderr.write(`[bench] FAILED: ${error.stack ?? error}\n`);
        void finish(1);
      },
    );
  }

  const harness = {
    name,
    database,
    redisPrefix,
    redisUrl,
    databaseServer,
    benchUrl,
    secrets,
    appEnv,
    startChild,
    stopChild,
    hasExited,
    exitReason,
    runStep,
    waitReady,
    connect,
    onCleanup,
    closeLater,
    prepareDatabase,
    startApi,
    run,
    get aborted() {
      return cleaning !== null;
    },
  };
  return harness;
}

// -- the API, as a client ---------------------------------------------------------------------------------------------------

/** JSON request to the API; resolves { status, body } and never throws on an HTTP status. */
async function apiCall(base, method, url, { token, body, timeoutMs = 30000 } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

async function expectCall(base, method, url, options, expected, what) {
  const result = await apiCall(base, method, url, options);
  if (result.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${result.status} ${JSON.stringify(result.body).slice(0, 1000)}`);
  }
  return result.body;
}

async function login(base, email, password) {
  const body = await expectCall(base, 'POST', '/api/v1/auth/login', { body: { email, password } }, 200, `login of ${email}`);
  return body.accessToken;
}

/** Runs `task(item, index)` over `items` with at most `limit` at a time; resolves the results in order. */
async function mapLimit(items, limit, task) {
  const out = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await task(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** The demo officers' passwords, as src/seed/reference.data.ts computes them. */
const demoPassword = (email) => `${email.split('@')[0].replace('.', '-')}-demo`;
const OFFICERS = { nstc: 'officer.nstc@joint-calls.localhost', gacr: 'officer.gacr@joint-calls.localhost' };

/** A valid call body between NSTC and GAČR (as test/support/calls.ts callInput builds it) with explicit dates. */
function callBody(partnerAgencyId, { title, closesAt, requiredAttachmentKinds }) {
  const day = 24 * 3600 * 1000;
  const iso = (ms) => new Date(ms).toISOString();
  return {
    title,
    description: 'Bilateral research projects in all fields (benchmark).',
    instrument: 'JOINT_RESEARCH',
    partnerAgencyId,
    scientificFields: ['physics'],
    opensAt: iso(Date.now() - 3600 * 1000),
    closesAt: iso(closesAt),
    timezone: 'Asia/Taipei',
    reviewDueAt: iso(closesAt + 30 * day),
    decisionExpectedAt: iso(closesAt + 60 * day),
    durationLimitMonths: 36,
    budgets: {
      home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: '900000000.00', currency: 'TWD' } },
      partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: '750000000.00', currency: 'CZK' } },
    },
    reviewCriteria: [
      { key: 'excellence', label: 'Scientific excellence', weight: 0.6, scaleMax: 5 },
      { key: 'collaboration', label: 'Added value of the collaboration', weight: 0.4, scaleMax: 5 },
    ],
    requiredAttachmentKinds,
    minReviewsPerProposal: 2,
  };
}

/** Creates a call as the NSTC officer, has both agencies approve its text and publishes it; returns the CallView. */
async function publishCall(base, officers, input) {
  const created = await expectCall(base, 'POST', '/api/v1/calls', { token: officers.nstc, body: input }, 201, 'creating a call');
  const { id, version } = created;
  await expectCall(base, 'POST', `/api/v1/calls/${id}/approve`, { token: officers.nstc, body: { version } }, 200, 'NSTC approval');
  await expectCall(base, 'POST', `/api/v1/calls/${id}/approve`, { token: officers.gacr, body: { version } }, 200, 'GAČR approval');
  return expectCall(base, 'POST', `/api/v1/calls/${id}/publish`, { token: officers.gacr }, 200, 'publishing the call');
}

async function loginOfficers(base) {
  const [nstc, gacr] = await Promise.all([
    login(base, OFFICERS.nstc, demoPassword(OFFICERS.nstc)),
    login(base, OFFICERS.gacr, demoPassword(OFFICERS.gacr)),
  ]);
  return { nstc, gacr };
}

// -- rows written directly in SQL -------------------------------------------------------------------------------------------

/**
 * argon2id of `password` with deliberately light parameters (4 MiB, 1 pass): argon2.verify() reads the parameters
 * from the hash, so the API's login accepts it, and logging hundreds of researchers in costs seconds, not minutes.
 * Logins are set-up here, not what is measured.
 */
async function lightPasswordHash(password) {
  const argon2 = require('argon2');
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
}

/** Inserts researchers (one shared hash) in one statement; returns [{ id, email, name }] in order. */
async function insertResearchers(db, people, passwordHash) {
  const { rows } = await db.query(
    `INSERT INTO "user" (email, name, password_hash, language, roles, institution, country, version)
     SELECT email, name, $3::text, 'en', '{RESEARCHER}'::role[], institution, country, 1
       FROM unnest($1::text[], $2::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(email, name, institution, country, n)
      ORDER BY n
     RETURNING id, email, name`,
    [people.map((p) => p.email), people.map((p) => p.name), passwordHash, people.map((p) => p.institution), people.map((p) => p.country)],
  );
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  return people.map((p) => ({ ...p, ...byEmail.get(p.email) }));
}

/** A small but real PDF (the one test/support/calls.ts uploads). */
const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Inserts complete DRAFT proposals in one transaction: content within the call's caps, the home PI (`home[i]`, the
 * creator) and the partner PI (`partner[i]`) both confirmed members with accounts, and, per kind in `kinds`, an
 * attachment of one attachment_chunk holding TINY_PDF. Returns the proposal ids in order.
 */
async function insertDrafts(db, { callId, home, partner, kinds, tag }) {
  const n = home.length;
  const ids = Array.from({ length: n }, () => crypto.randomUUID());
  const pdfSha = crypto.createHash('sha256').update(TINY_PDF).digest('hex');
  await db.query('BEGIN');
  try {
    await db.query(
      `INSERT INTO proposal (id, call_id, state, title, acronym, abstract, keywords, scientific_field, duration_months,
                             home_budget, partner_budget, created_by_id, version)
       SELECT id, $2::uuid, 'DRAFT'::proposal_state, title, acronym, 'A joint project written for the benchmark.', '{benchmark,deadline}'::text[],
              'physics', 24, 2500000.00, 2000000.00, creator, 1
         FROM unnest($1::uuid[], $3::text[], $4::text[], $5::uuid[]) AS t(id, title, acronym, creator)`,
      [ids, callId, ids.map((_, i) => `${tag} proposal ${i + 1}`), ids.map((_, i) => `${tag}${i + 1}`.slice(0, 30)), home.map((u) => u.id)],
    );
    await db.query(
      `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country, confirmed_at)
       SELECT proposal_id, 'PI'::team_role, side::side, user_id, name, email, institution, country, now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])
              AS t(proposal_id, side, user_id, name, email, institution, country)`,
      [
        [...ids, ...ids],
        [...ids.map(() => 'HOME'), ...ids.map(() => 'PARTNER')],
        [...home.map((u) => u.id), ...partner.map((u) => u.id)],
        [...home.map((u) => u.name), ...partner.map((u) => u.name)],
        [...home.map((u) => u.email), ...partner.map((u) => u.email)],
        [...home.map((u) => u.institution), ...partner.map((u) => u.institution)],
        [...home.map((u) => u.country), ...partner.map((u) => u.country)],
      ],
    );
    for (const kind of kinds) {
      const attachmentIds = ids.map(() => crypto.randomUUID());
      await db.query(
        `INSERT INTO attachment (id, proposal_id, kind, filename, content_type, size, sha256, uploaded_by_id)
         SELECT id, proposal_id, $3::text, $4::text, 'application/pdf', $5::int, $6::text, uploader
           FROM unnest($1::uuid[], $2::uuid[], $7::uuid[]) AS t(id, proposal_id, uploader)`,
        [attachmentIds, ids, kind, `${kind}.pdf`, TINY_PDF.length, pdfSha, home.map((u) => u.id)],
      );
      await db.query(`INSERT INTO attachment_chunk (attachment_id, seq, data) SELECT id, 0, $2::bytea FROM unnest($1::uuid[]) AS t(id)`, [
        attachmentIds,
        TINY_PDF,
      ]);
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return ids;
}

module.exports = {
  ROOT,
  DIST,
  OFFICERS,
  TINY_PDF,
  log,
  sleep,
  withTimeout,
  intEnv,
  percentile,
  distribution,
  median,
  fixed,
  table,
  gitState,
  machine,
  machineLine,
  writeResults,
  memoryOf,
  resetPeakRss,
  cpuWindow,
  coresText,
  createHarness,
  apiCall,
  expectCall,
  login,
  loginOfficers,
  mapLimit,
  callBody,
  publishCall,
  lightPasswordHash,
  insertResearchers,
  insertDrafts,
};
