#!/usr/bin/env node
'use strict';

/**
 * E-mail pipeline benchmark: outbox -> relay -> BullMQ -> two workers -> SMTP, against a bare nodemailer baseline;
 * and the reminder sweep's cost with 1,000 due reminders among 1,000 vs 100,000 pending.
 *
 *   npm run bench:mail                     # builds, then runs this file
 *   BENCH_EMAILS=20000 BENCH_MAIL_CONCURRENCY=20 node bench/mail.bench.js
 *
 * Part 1, e-mail throughput and delay
 *   system    two `node dist/src/worker.js` processes (NODE_ENV=production, LOG_LEVEL=warn, SWEEP_INTERVAL_MS=1000)
 *             deliver to an SMTP sink in this process. BENCH_EMAILS (10,000) e-mails are requested by
 *             BENCH_PRODUCERS (10) connections, ONE e-mail PER TRANSACTION, with the statements of
 *             OutboxService.request(): BEGIN; INSERT INTO outbound_email ... ON CONFLICT DO NOTHING RETURNING id;
 *             SELECT pg_notify('outbound_email', ''); COMMIT (plain `pg`, no TypeORM on the producer side; the
 *             transaction holds nothing else). The workers' relay LISTENs, moves rows into the 'email' queue, and
 *             the delivery service claims, renders (EmailRenderer), sends (MailerService, the SMTP_URL as
 *             configured) and marks SENT. Throughput = e-mails / (last arrival at the sink - first commit).
 *             Delay = arrival at the sink - COMMIT acknowledged, per Message-ID <outbound_email.id@joint-calls>.
 *             All e-mails are requested as fast as the producers can commit, so the delays of this part are
 *             mostly queueing (backlog / throughput). A second, paced part requests e-mails at a fraction of the
 *             measured throughput to show the delay of an unsaturated pipeline.
 *   baseline  a child process renders the same welcome e-mail once per language with the project's EmailRenderer
 *             and sends it BENCH_EMAILS times, with the same number in flight as the two workers together, through
 *             ONE nodemailer transport (pool: true, maxConnections = in flight, no per-connection message limit)
 *             to the same sink. For attribution, the same loop is also run with an unpooled transport (one SMTP
 *             connection per message), which is what the workers' `createTransport(SMTP_URL)` does unless the URL
 *             says ?pool=true.
 *
 * Part 2, reminder sweep (after the workers are stopped; the worker refuses to start with pending reminders of a
 * kind it has no handler for). The real ReminderSweepService from dist runs in this process, in a minimal Nest
 * context with a handler for kind BENCH that returns no e-mail (so each reminder becomes OBSOLETE: one SELECT
 * per batch of 200 and one UPDATE per reminder, no outbox row). One table holds 100,000 reminders, 1,000 of them
 * due (the others due over the next ~30 days). Measured: sweep() settling the 1,000 due reminders (a) when they are
 * the only pending ones (the 99,000 others CANCELLED, i.e. outside the partial index) and (b) among 100,000 pending;
 * the cases alternate for BENCH_SWEEP_ROUNDS rounds after a discarded one (the 1,000 are reset to PENDING and the
 * table VACUUM ANALYZEd before each sweep); plus EXPLAIN (ANALYZE, BUFFERS) of the sweep's due query (the SQL
 * TypeORM builds for it) with and without index scans.
 *
 * CAVEAT: on a small machine everything (PostgreSQL, Redis, both workers, this process with the sink and the
 * producers, the baseline child) shares the same cores. Absolute figures are pessimistic; compare the ratios.
 * The sink runs with reverse DNS disabled and no TLS, but smtp-server holds each new connection's greeting for 100 ms
 * (its early-talker check): an e-mail sent over a fresh connection costs >= 100 ms of latency, as with a remote server.
 *
 * Environment
 *   BENCH_DATABASE_URL      server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL         Redis (default redis://127.0.0.1:6379); keys prefixed jcb-mail, deleted after
 *   BENCH_EMAILS            e-mails in the measured run (default 10000)
 *   BENCH_WARMUP_EMAILS     e-mails delivered before measuring (default 200)
 *   BENCH_PRODUCERS         parallel producer connections, one e-mail per transaction (default 10)
 *   BENCH_MAIL_CONCURRENCY  MAIL_CONCURRENCY of each worker (default 10); the baseline keeps 2x this in flight
 *   BENCH_SMTP_QUERY        query string appended to the workers' SMTP_URL, e.g. "pool=true&maxConnections=10"
 *                           (default empty: the transport as the project configures it)
 *   BENCH_WORKER_NODE_ARGS  extra node arguments for the workers, e.g. "--require ./profiler.js" (--cpu-prof writes
 *                           nothing: Nest's shutdown hook re-raises SIGTERM, so the worker does not exit normally)
 *   BENCH_PACED_FRACTION    paced run at this fraction of the measured throughput (default 0.5; 0 skips it)
 *   BENCH_PACED_SECONDS     length of the paced run (default 10)
 *   BENCH_REMINDERS         pending reminders in case (b) (default 100000); BENCH_DUE due among them (default 1000)
 *   BENCH_SWEEP_ROUNDS      sweep rounds per case (default 5)
 *   BENCH_TIMEOUT_S         overall time budget in seconds (default 900)
 *
 * Writes bench/results/mail.json (gitignored). Always cleans up (bench/lib/harness.js): children, database, Redis keys.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const {
  DIST,
  log,
  sleep,
  withTimeout,
  intEnv,
  percentile,
  median,
  fixed,
  table,
  gitState,
  machine,
  machineLine,
  writeResults,
  createHarness,
} = require('./lib/harness');

const TEMPLATES = path.join(DIST, 'notifications', 'templates');
const MAIL_FROM = 'Joint Calls <no-reply@joint-calls.localhost>'; // MAIL_FROM's default in src/config/environment.ts
const LOGIN_URL = 'http://localhost/login';
const LANGUAGES = ['en', 'zh-TW'];

const numEnv = (name, fallback, min, max) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
  return value;
};

// ---------------------------------------------------------------------------------------------------------------
// Baseline sender mode: `node bench/mail.bench.js --baseline` (spawned by the benchmark itself).
// ---------------------------------------------------------------------------------------------------------------

async function runBaselineSender() {
  const { createTransport } = require('nodemailer');
  const { EmailRenderer } = require(path.join(DIST, 'notifications', 'email-renderer.js'));
  const count = Number(process.env.COUNT);
  const inFlight = Number(process.env.IN_FLIGHT);
  const warmup = Number(process.env.WARMUP);
  const variant = process.env.VARIANT; // 'pooled' | 'unpooled'
  const url = process.env.SINK_URL;

  // Rendered once per language, before the clock starts: the baseline measures SMTP alone.
  const renderer = EmailRenderer.fromDirectory(TEMPLATES);
  const rendered = Object.fromEntries(
    LANGUAGES.map((language) => [language, renderer.render('welcome', language, { name: 'Bench User', loginUrl: LOGIN_URL })]),
  );
  const transport =
    variant === 'pooled' ? createTransport({ url, pool: true, maxConnections: inFlight, maxMessages: Infinity }) : createTransport(url, {}); // as MailerService does
  const message = (tag, i) => {
    const language = LANGUAGES[i % 2];
    const { subject, html, text } = rendered[language];
    return {
      from: MAIL_FROM,
      to: { name: `Bench User ${i}`, address: `baseline-${i}@example.test` },
      subject,
      html,
      text,
      messageId: `<${tag}-${i}@joint-calls>`,
      headers: { 'Content-Language': language },
    };
  };
  const sendAll = async (tag, total) => {
    let next = 0;
    let errors = 0;
    let firstError = null;
    const lane = async () => {
      for (let i = next++; i < total; i = next++) {
        try {
          await transport.sendMail(message(tag, i));
        } catch (error) {
          errors++;
          firstError ??= error.message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
    return { errors, firstError };
  };

  const warm = await sendAll(`baseline-${variant}-warmup`, warmup);
  process.send({ type: 'ready', warmupErrors: warm.errors, firstError: warm.firstError });
  await new Promise((resolve) => process.once('message', resolve)); // 'go'
  const started = performance.now();
  const result = await sendAll(`baseline-${variant}`, count);
  process.send({ type: 'done', ...result, senderMs: performance.now() - started });
  transport.close();
  setTimeout(() => process.exit(0), 200);
}

// ---------------------------------------------------------------------------------------------------------------
// Benchmark mode.
// ---------------------------------------------------------------------------------------------------------------

const config = {
  emails: intEnv('BENCH_EMAILS', 10000),
  warmupEmails: intEnv('BENCH_WARMUP_EMAILS', 200, 0),
  producers: intEnv('BENCH_PRODUCERS', 10),
  mailConcurrency: intEnv('BENCH_MAIL_CONCURRENCY', 10),
  workers: 2,
  smtpQuery: process.env.BENCH_SMTP_QUERY || '',
  workerNodeArgs: (process.env.BENCH_WORKER_NODE_ARGS || '').split(/\s+/).filter(Boolean),
  pacedFraction: numEnv('BENCH_PACED_FRACTION', 0.5, 0, 1),
  pacedSeconds: intEnv('BENCH_PACED_SECONDS', 10),
  reminders: intEnv('BENCH_REMINDERS', 100000),
  due: intEnv('BENCH_DUE', 1000),
  sweepRounds: intEnv('BENCH_SWEEP_ROUNDS', 5),
  timeoutS: intEnv('BENCH_TIMEOUT_S', 900, 60),
};
config.inFlight = config.workers * config.mailConcurrency;

const h = createHarness({ name: 'mail', timeoutS: config.timeoutS, cleanupTimeoutMs: 60000 });
const { appEnv, startChild, stopChild, hasExited, connect } = h;

// -- CPU accounting (Linux /proc; figures are omitted elsewhere) -------------------------------------------------------

const CLOCK_TICKS = 100;

/** Every process's CPU seconds (user + system) so far, with its command name and, for PostgreSQL, its title. */
function processTable() {
  const table = new Map();
  let entries = [];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return table;
  }
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      const title = comm === 'postgres' ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      table.set(Number(pid), { comm, seconds, title });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** Machine-wide busy and total jiffies, or null. */
function machineCpu() {
  try {
    const values = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = values[3] + (values[4] || 0);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * Starts a CPU accounting window; the returned function ends it and gives the average number of cores each group
 * used: `roles` maps a group name to pids; PostgreSQL backends of the bench database, other PostgreSQL processes
 * (other databases, walwriter...), Redis, and "other" (everything else on the machine: other users of it).
 */
function cpuWindow(roles = {}) {
  const start = { table: processTable(), machine: machineCpu(), at: performance.now() };
  return () => {
    const table = processTable();
    const machine = machineCpu();
    const wall = (performance.now() - start.at) / 1000;
    const rolePids = new Map();
    for (const [role, pids] of Object.entries({ bench: [process.pid], ...roles })) for (const pid of pids) rolePids.set(pid, role);
    const seconds = {};
    for (const [pid, now] of table) {
      const before = start.table.get(pid);
      const used = now.seconds - (before && before.comm === now.comm ? before.seconds : 0);
      if (used <= 0) continue;
      let group = rolePids.get(pid);
      if (!group && now.comm === 'postgres') group = now.title.includes(` ${h.database} `) ? 'postgresBench' : 'postgresOther';
      if (!group && now.comm === 'redis-server') group = 'redis';
      if (!group) continue;
      seconds[group] = (seconds[group] ?? 0) + used;
    }
    const cores = Object.fromEntries(Object.entries(seconds).map(([group, s]) => [group, s / wall]));
    let machineBusyPercent = null;
    if (machine && start.machine) {
      const ticks = machine.total - start.machine.total;
      machineBusyPercent = (100 * (machine.busy - start.machine.busy)) / Math.max(1, ticks);
      const machineCores = (machine.busy - start.machine.busy) / CLOCK_TICKS / wall;
      const accounted = Object.values(cores).reduce((sum, value) => sum + value, 0);
      cores.other = Math.max(0, machineCores - accounted);
    }
    return { wallSeconds: wall, machineBusyPercent, cores };
  };
}

/** "workers 1.10, postgres 0.40, ..." */
const coresText = (cores) =>
  Object.entries(cores)
    .filter(([, value]) => value >= 0.005)
    .sort(([, a], [, b]) => b - a)
    .map(([group, value]) => `${group} ${value.toFixed(2)}`)
    .join(', ');

// -- Redis ----------------------------------------------------------------------------------------------------------

function redisClient() {
  const Redis = require('ioredis');
  return new Redis(h.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
}

/** A BullMQ Queue handle on the workers' e-mail queue, for counts only. */
function emailQueue() {
  const { Queue } = require('bullmq');
  const Redis = require('ioredis');
  const connection = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
  connection.on('error', () => undefined);
  const queue = new Queue('email', { connection, prefix: `${h.redisPrefix}:bull` }); // queues.ts: `${REDIS_PREFIX}:bull`
  queue.on('error', () => undefined);
  return {
    queue,
    close: async () => {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

// -- SMTP sink ----------------------------------------------------------------------------------------------------------

const MESSAGE_ID = /^message-id:\s*(<[^>\s]+>)/im;

/**
 * Accepts everything and notes, per Message-ID, when the message had fully arrived (before the 250 reply). Only the
 * header block is read, and only until the Message-ID is found.
 */
class Sink {
  constructor() {
    this.arrivals = new Map(); // messageId -> performance.now() of the first arrival
    this.duplicates = new Map(); // messageId -> extra arrivals
    this.withoutId = 0;
    this.connections = 0;
    this.waiters = new Set();
  }

  async start() {
    const { SMTPServer } = require('smtp-server');
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onConnect: (session, callback) => {
        this.connections++;
        callback();
      },
      onData: (stream, session, callback) => {
        let head = '';
        let id = null;
        stream.on('data', (chunk) => {
          if (id !== null) return;
          head += chunk.toString('latin1');
          const match = MESSAGE_ID.exec(head);
          if (match) id = match[1];
          else if (head.includes('\r\n\r\n') || head.length > 65536) id = '';
        });
        stream.on('end', () => {
          this.record(id || (MESSAGE_ID.exec(head)?.[1] ?? ''), performance.now());
          callback();
        });
      },
    });
    this.server.on('error', (error) => log(`sink error: ${error.message}`));
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.server.address().port;
    this.url = `smtp://127.0.0.1:${this.port}`;
    return this;
  }

  record(id, at) {
    if (!id) this.withoutId++;
    else if (this.arrivals.has(id)) this.duplicates.set(id, (this.duplicates.get(id) ?? 0) + 1);
    else this.arrivals.set(id, at);
    for (const waiter of this.waiters) waiter();
  }

  /** How many of `ids` have arrived. */
  countOf(ids) {
    let count = 0;
    for (const id of ids) if (this.arrivals.has(id)) count++;
    return count;
  }

  stop() {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Waits until every id has arrived; `check` may throw (a dead worker); fails after `timeoutMs`. */
async function waitForArrivals(sink, ids, timeoutMs, what, check = () => {}) {
  const deadline = Date.now() + timeoutMs;
  let missing = ids.filter((id) => !sink.arrivals.has(id));
  while (missing.length > 0) {
    if (h.aborted) throw new Error('aborted');
    check();
    if (Date.now() > deadline) throw new Error(`${what}: ${missing.length} of ${ids.length} e-mails not delivered after ${timeoutMs} ms`);
    await sleep(20);
    missing = missing.filter((id) => !sink.arrivals.has(id));
  }
}

// -- statistics and output -----------------------------------------------------------------------------------------------

function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    min: sorted[0],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean,
  };
}

// -- part 1: e-mails --------------------------------------------------------------------------------------------------

const INSERT_EMAIL = `INSERT INTO outbound_email
  (idempotency_key, type, recipient_email, recipient_name, language, variables, sensitive, subject_type, subject_id, agency_ids)
  VALUES ($1, 'welcome', $2, $3, $4, $5::jsonb, false, $6, $7, '{}')
  ON CONFLICT DO NOTHING RETURNING id`;

/**
 * Requests `count` welcome e-mails, one per transaction, over `producers` connections, as OutboxService.request()
 * does inside a caller's transaction. `schedule(i)` (optional) is when e-mail i may be requested (performance.now()).
 * Returns [{ id, messageId, committedAt }] in request order.
 */
async function requestEmails(clients, count, tag, schedule) {
  const out = new Array(count);
  let next = 0;
  const lane = async (client) => {
    for (let i = next++; i < count; i = next++) {
      if (h.aborted) throw new Error('aborted');
      if (schedule) {
        const wait = schedule(i) - performance.now();
        if (wait > 1) await sleep(wait);
      }
      const address = `${tag.toLowerCase()}-${i}@example.test`;
      const name = `Bench User ${i}`;
      const subjectId = crypto.randomUUID();
      const language = LANGUAGES[i % 2];
      const key = ['welcome', address, tag, subjectId, 'registered'].join('|');
      await client.query('BEGIN');
      try {
        const { rows } = await client.query(INSERT_EMAIL, [
          key,
          address,
          name,
          language,
          JSON.stringify({ name, loginUrl: LOGIN_URL }),
          tag,
          subjectId,
        ]);
        if (rows.length !== 1) throw new Error(`e-mail ${i} was not inserted`);
        await client.query(`SELECT pg_notify($1, '')`, ['outbound_email']);
        await client.query('COMMIT');
        out[i] = { id: rows[0].id, messageId: `<${rows[0].id}@joint-calls>`, committedAt: performance.now() };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  };
  await Promise.all(clients.map(lane));
  return out;
}

async function startWorkers(sink) {
  const smtpUrl = config.smtpQuery ? `${sink.url}?${config.smtpQuery}` : sink.url;
  const env = {
    ...process.env,
    ...appEnv({ SMTP_URL: smtpUrl, MAIL_CONCURRENCY: String(config.mailConcurrency), SWEEP_INTERVAL_MS: '1000' }),
  };
  const workers = Array.from({ length: config.workers }, (_, i) =>
    startChild(`worker ${i + 1}`, [...config.workerNodeArgs, 'dist/src/worker.js'], env),
  );
  const { queue, close } = emailQueue();
  try {
    const deadline = Date.now() + 60000;
    for (;;) {
      for (const worker of workers) {
        if (hasExited(worker))
          throw new Error(`${worker.benchName} exited (${worker.exitCode ?? worker.signalCode}) during start-up:\n${worker.output()}`);
      }
      const count = await queue.getWorkersCount().catch(() => 0);
      if (count >= config.workers) break;
      if (Date.now() > deadline) throw new Error(`only ${count} of ${config.workers} e-mail queue workers registered after 60 s`);
      await sleep(200);
    }
  } finally {
    await close();
  }
  return { workers, smtpUrl };
}

function checkWorkers(workers) {
  for (const worker of workers) {
    if (hasExited(worker)) throw new Error(`${worker.benchName} exited (${worker.exitCode ?? worker.signalCode}):\n${worker.output()}`);
  }
}

/** Logs progress every 2 s and keeps the peaks: rows still PENDING (not relayed), jobs waiting in the queue. */
function monitor(db, sink) {
  const { queue, close } = emailQueue();
  const before = sink.arrivals.size;
  const peaks = { unrelayedRows: 0, waitingJobs: 0, activeJobs: 0 };
  let stopped = false;
  const started = performance.now();
  const loop = (async () => {
    while (!stopped) {
      await sleep(2000);
      if (stopped) break;
      try {
        const { rows } = await db.query(
          `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE status = 'PENDING' AND relay_after <= now())::int AS unrelayed
           FROM outbound_email GROUP BY status`,
        );
        const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.n]));
        const unrelayed = rows.reduce((sum, row) => sum + row.unrelayed, 0);
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed', 'failed');
        const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
        peaks.unrelayedRows = Math.max(peaks.unrelayedRows, unrelayed);
        peaks.waitingJobs = Math.max(peaks.waitingJobs, waiting);
        peaks.activeJobs = Math.max(peaks.activeJobs, counts.active ?? 0);
        log(
          `  t=${fixed((performance.now() - started) / 1000, 0)}s delivered ${sink.arrivals.size - before} | rows unrelayed ${unrelayed} PENDING ${byStatus.PENDING ?? 0} ` +
            `SENDING ${byStatus.SENDING ?? 0} SENT ${byStatus.SENT ?? 0} | jobs waiting ${waiting} active ${counts.active ?? 0} ` +
            `delayed ${counts.delayed ?? 0} failed ${counts.failed ?? 0}`,
        );
      } catch (error) {
        log(`  monitor: ${error.message}`);
      }
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await close();
    return peaks;
  };
}

/** Waits until the rows of `tag` are all SENT (the UPDATE follows the SMTP reply), then reports their state. */
async function verifyRows(db, tag, expected) {
  const query = `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'SENT')::int AS sent,
      count(*) FILTER (WHERE attempts > 1)::int AS retried, max(attempts)::int AS max_attempts,
      count(*) FILTER (WHERE message_id IS NULL AND status = 'SENT')::int AS sent_without_message_id
    FROM outbound_email WHERE subject_type = $1`;
  const deadline = Date.now() + 30000;
  for (;;) {
    const { rows } = await db.query(query, [tag]);
    const state = rows[0];
    if ((state.sent === expected && state.total === expected) || Date.now() > deadline) return state;
    await sleep(100);
  }
}

/**
 * Where each e-mail's delay went, from the BullMQ job hashes (kept: removeOnComplete keeps the last 10,000):
 * relay = job added - commit, queue = processing started - added, deliver = sink arrival - processing started
 * (claim, render, SMTP), mark = job finished - arrival (the UPDATE to SENT). All epoch milliseconds, one machine.
 */
async function stageBreakdown(requested, sink) {
  const redis = redisClient();
  try {
    await redis.connect();
    const stages = { relay: [], queue: [], deliver: [], mark: [] };
    for (let from = 0; from < requested.length; from += 1000) {
      const batch = requested.slice(from, from + 1000);
      const pipeline = redis.pipeline();
      for (const email of batch) pipeline.hmget(`${h.redisPrefix}:bull:email:${email.id}`, 'timestamp', 'processedOn', 'finishedOn');
      const replies = await pipeline.exec();
      batch.forEach((email, i) => {
        const [added, processed, finished] = (replies[i][1] ?? []).map(Number);
        if (!added || !processed || !finished) return;
        const committed = performance.timeOrigin + email.committedAt;
        const arrived = performance.timeOrigin + sink.arrivals.get(email.messageId);
        stages.relay.push(added - committed);
        stages.queue.push(processed - added);
        stages.deliver.push(arrived - processed);
        stages.mark.push(finished - arrived);
      });
    }
    return Object.fromEntries(Object.entries(stages).map(([stage, values]) => [stage, distribution(values)]));
  } finally {
    redis.disconnect();
  }
}

async function measureSystemRun(db, producerClients, sink, workers, tag, count, schedule) {
  const connectionsBefore = sink.connections;
  const stopMonitor = monitor(db, sink);
  const cpu = cpuWindow({ workers: workers.map((worker) => worker.pid) });
  let requested;
  let peaks;
  try {
    requested = await requestEmails(producerClients, count, tag, schedule);
    checkWorkers(workers);
    const ids = requested.map((email) => email.messageId);
    await waitForArrivals(sink, ids, 600000, `${tag} run`, () => checkWorkers(workers));
  } finally {
    peaks = await stopMonitor();
  }
  const cpuUse = cpu();
  const firstCommit = Math.min(...requested.map((email) => email.committedAt));
  const lastCommit = Math.max(...requested.map((email) => email.committedAt));
  const arrivals = requested.map((email) => sink.arrivals.get(email.messageId));
  const lastArrival = Math.max(...arrivals);
  const delays = requested.map((email, i) => arrivals[i] - email.committedAt);
  const duplicates = requested.filter((email) => sink.duplicates.has(email.messageId)).length;
  const rows = await verifyRows(db, tag, count);
  const stages = await stageBreakdown(requested, sink).catch((error) => ({ error: error.message }));
  const endToEndMs = lastArrival - firstCommit;
  return {
    emails: count,
    endToEndSeconds: endToEndMs / 1000,
    emailsPerSecond: count / (endToEndMs / 1000),
    requestSeconds: (lastCommit - firstCommit) / 1000,
    requestsPerSecond: count / Math.max(1e-9, (lastCommit - firstCommit) / 1000),
    delayMs: distribution(delays),
    stagesMs: stages,
    smtpConnections: sink.connections - connectionsBefore,
    distinctReceived: sink.countOf(requested.map((email) => email.messageId)),
    duplicates,
    rows,
    peaks,
    cpu: cpuUse,
  };
}

/** Runs one baseline variant in a child process; the clock runs from 'go' to the last arrival at the sink. */
async function measureBaseline(sink, variant) {
  const connectionsBefore = sink.connections; // warm-up included: the pool opens its connections then
  const child = startChild(
    `baseline (${variant})`,
    [__filename, '--baseline'],
    {
      ...process.env,
      SINK_URL: sink.url,
      COUNT: String(config.emails),
      IN_FLIGHT: String(config.inFlight),
      WARMUP: String(config.warmupEmails),
      VARIANT: variant,
    },
    { ipc: true },
  );
  const messages = [];
  let notify = () => {};
  child.on('message', (message) => {
    messages.push(message);
    notify();
  });
  const nextMessage = (type, timeoutMs) =>
    withTimeout(
      (async () => {
        for (;;) {
          const found = messages.find((message) => message.type === type);
          if (found) return found;
          if (hasExited(child)) throw new Error(`baseline (${variant}) exited:\n${child.output()}`);
          await new Promise((resolve) => {
            notify = resolve;
            setTimeout(resolve, 200);
          });
        }
      })(),
      timeoutMs,
      `baseline (${variant}) ${type}`,
    );
  try {
    const ready = await nextMessage('ready', 120000);
    if (ready.warmupErrors > 0) throw new Error(`baseline (${variant}) warm-up: ${ready.warmupErrors} errors, e.g. ${ready.firstError}`);
    const ids = Array.from({ length: config.emails }, (_, i) => `<baseline-${variant}-${i}@joint-calls>`);
    const cpu = cpuWindow({ baseline: [child.pid] });
    const started = performance.now();
    child.send('go');
    const done = await nextMessage('done', 600000);
    if (done.errors > 0) throw new Error(`baseline (${variant}): ${done.errors} send errors, e.g. ${done.firstError}`);
    await waitForArrivals(sink, ids, 30000, `baseline (${variant})`);
    const cpuUse = cpu();
    const lastArrival = Math.max(...ids.map((id) => sink.arrivals.get(id)));
    const seconds = (lastArrival - started) / 1000;
    return {
      emails: config.emails,
      inFlight: config.inFlight,
      seconds,
      emailsPerSecond: config.emails / seconds,
      smtpConnections: sink.connections - connectionsBefore,
      duplicates: ids.filter((id) => sink.duplicates.has(id)).length,
      cpu: cpuUse,
    };
  } finally {
    await stopChild(child, 3000);
  }
}

/** Warm CPU time of one EmailRenderer.render() of the welcome e-mail, in this process. */
function measureRender() {
  const { EmailRenderer } = require(path.join(DIST, 'notifications', 'email-renderer.js'));
  const renderer = EmailRenderer.fromDirectory(TEMPLATES);
  const render = (i) => renderer.render('welcome', LANGUAGES[i % 2], { name: `Bench User ${i}`, loginUrl: LOGIN_URL });
  for (let i = 0; i < 300; i++) render(i);
  const n = 1000;
  const started = performance.now();
  for (let i = 0; i < n; i++) render(i);
  const ms = (performance.now() - started) / n;
  const sample = render(0);
  return { msPerRender: ms, htmlBytes: Buffer.byteLength(sample.html), textBytes: Buffer.byteLength(sample.text) };
}

// -- part 2: reminders ------------------------------------------------------------------------------------------------

/** The real ReminderSweepService in a minimal Nest context, with a handler for kind BENCH that sends nothing. */
async function sweepContext() {
  Object.assign(process.env, appEnv()); // read by ConfigModule (validated) when it is first required
  const { NestFactory, DiscoveryModule } = require('@nestjs/core');
  const { Module, Injectable } = require('@nestjs/common');
  const { DataSource } = require('typeorm');
  const { ConfigModule } = require(path.join(DIST, 'config', 'config.module.js'));
  const { DatabaseModule } = require(path.join(DIST, 'database', 'database.module.js'));
  const { OutboxService } = require(path.join(DIST, 'notifications', 'outbox.service.js'));
  const { ReminderHandlers, HandlesReminder } = require(path.join(DIST, 'notifications', 'reminders', 'reminder-handler.js'));
  const { ReminderSweepService } = require(path.join(DIST, 'notifications', 'reminders', 'reminder-sweep.service.js'));
  const { Reminder } = require(path.join(DIST, 'notifications', 'reminders', 'reminder.entity.js'));

  class BenchReminderHandler {
    async evaluate() {
      return [];
    }
  }
  Injectable()(BenchReminderHandler);
  HandlesReminder('BENCH')(BenchReminderHandler);
  class BenchSweepModule {}
  Module({
    imports: [ConfigModule, DatabaseModule, DiscoveryModule],
    providers: [OutboxService, ReminderHandlers, ReminderSweepService, BenchReminderHandler],
  })(BenchSweepModule);

  const app = await NestFactory.createApplicationContext(BenchSweepModule, { logger: ['error', 'warn'] });
  await app.init();
  const dataSource = app.get(DataSource);
  // The due query as reminder-sweep.service.ts builds it (BATCH = 200).
  const [dueSql, dueParameters] = dataSource
    .getRepository(Reminder)
    .createQueryBuilder('reminder')
    .where(`reminder.status = 'PENDING' AND reminder.due_at <= now()`)
    .orderBy('reminder.due_at')
    .limit(200)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getQueryAndParameters();
  return { app, sweep: app.get(ReminderSweepService), dueSql, dueParameters };
}

async function insertReminders(db, count, dueAtSql) {
  // 20,000 per statement keeps each INSERT short.
  for (let done = 0; done < count; done += 20000) {
    const n = Math.min(20000, count - done);
    await db.query(
      `INSERT INTO reminder (kind, subject_type, subject_id, recipient_id, due_at, expectation)
       SELECT 'BENCH', 'BENCH', gen_random_uuid(), gen_random_uuid(), ${dueAtSql}, '{"bench": true}'::jsonb
       FROM generate_series($1::int, $2::int) AS g`,
      [done + 1, done + n],
    );
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the due query, in a transaction rolled back (it locks rows). */
async function explainDue(db, dueSql, dueParameters, { seqScan = false } = {}) {
  await db.query('BEGIN');
  try {
    if (seqScan) {
      await db.query('SET LOCAL enable_indexscan = off');
      await db.query('SET LOCAL enable_indexonlyscan = off');
      await db.query('SET LOCAL enable_bitmapscan = off');
    }
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${dueSql}`, dueParameters);
    const plan = rows.map((row) => row['QUERY PLAN']);
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1]);
    return {
      plan,
      executionMs,
      usesDueIndex: plan.some((line) => /Index Scan using "?IDX_reminder_due"?/.test(line)),
      seqScan: plan.some((line) => /Seq Scan on/.test(line)),
    };
  } finally {
    await db.query('ROLLBACK');
  }
}

/**
 * Puts the table in the state of one case: (a) `small`, the future reminders CANCELLED (out of the partial index),
 * so the due ones are the only pending ones; (b) `large`, all pending. The due ones are PENDING again either way.
 */
async function setSweepCase(db, name) {
  const others = name === 'small' ? 'CANCELLED' : 'PENDING';
  await db.query(
    `UPDATE reminder SET status = $1, settled_at = CASE WHEN $1 = 'PENDING' THEN NULL ELSE now() END
     WHERE kind = 'BENCH' AND due_at > now() AND status <> $1`,
    [others],
  );
  await db.query(`UPDATE reminder SET status = 'PENDING', settled_at = NULL WHERE kind = 'BENCH' AND due_at <= now()`);
  await db.query('VACUUM ANALYZE reminder');
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
            count(*) FILTER (WHERE status = 'PENDING' AND due_at <= now())::int AS due,
            count(*)::int AS total
     FROM reminder`,
  );
  return rows[0];
}

async function measureReminders(db) {
  const ctx = await sweepContext();
  try {
    const futureCount = config.reminders - config.due;
    const step = Math.max(1, Math.floor((30 * 24 * 3600) / Math.max(1, futureCount))); // spread over the next 30 days
    await db.query('TRUNCATE reminder');
    await insertReminders(db, config.due, `now() - make_interval(secs => g)`); // due over the last ~17 minutes
    await insertReminders(db, futureCount, `now() + interval '1 hour' + make_interval(secs => g * ${step})`);

    const cases = {
      small: { label: '(a)', sweepMs: [], state: null },
      large: { label: '(b)', sweepMs: [], state: null },
    };
    // Rounds alternate the two cases (and their order), so that neither always runs on a warmer process.
    for (let round = 0; round <= config.sweepRounds; round++) {
      const order = round % 2 === 0 ? ['small', 'large'] : ['large', 'small'];
      for (const name of order) {
        const current = cases[name];
        current.state = await setSweepCase(db, name);
        const started = performance.now();
        const settled = await ctx.sweep.sweep();
        const ms = performance.now() - started;
        if (settled !== config.due) throw new Error(`${current.label}: sweep settled ${settled}, expected ${config.due}`);
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM reminder WHERE status = 'OBSOLETE'`);
        if (rows[0].n !== config.due) throw new Error(`${current.label}: ${rows[0].n} reminders OBSOLETE, expected ${config.due}`);
        if (round > 0) current.sweepMs.push(ms); // round 0 warms up
        log(
          `  ${current.label} ${current.state.due} due of ${current.state.pending} pending, round ` +
            `${round === 0 ? 'warm-up' : `${round}/${config.sweepRounds}`}: sweep settled ${settled} in ${fixed(ms, 1)} ms`,
        );
      }
    }

    // The due query alone, on the table as each sweep found it.
    const explainCase = async (name, options) => {
      await setSweepCase(db, name);
      const explains = [];
      for (let i = 0; i < 5; i++) explains.push(await explainDue(db, ctx.dueSql, ctx.dueParameters, options));
      return { dueQueryMedianMs: median(explains.map((explain) => explain.executionMs)), explain: explains[explains.length - 1] };
    };
    const summary = (name, explained) => ({
      pending: cases[name].state.pending,
      due: cases[name].state.due,
      rowsInTable: cases[name].state.total,
      sweepMs: cases[name].sweepMs,
      sweepMedianMs: median(cases[name].sweepMs),
      ...explained,
    });
    const small = summary('small', await explainCase('small'));
    const large = summary('large', await explainCase('large'));
    const seqScan = await explainCase('large', { seqScan: true });
    const { rows: size } = await db.query(
      `SELECT pg_relation_size('reminder') AS table_bytes, pg_relation_size('"IDX_reminder_due"') AS index_bytes`,
    );
    return {
      dueSql: ctx.dueSql,
      small,
      large,
      ratioSweepLargeOverSmall: large.sweepMedianMs / small.sweepMedianMs,
      ratioDueQueryLargeOverSmall: large.dueQueryMedianMs / small.dueQueryMedianMs,
      seqScan,
      tableBytes: Number(size[0].table_bytes),
      dueIndexBytes: Number(size[0].index_bytes),
    };
  } finally {
    await ctx.app.close().catch((error) => log(`closing the sweep context: ${error.message}`));
  }
}

// -- main ----------------------------------------------------------------------------------------------------------

async function main() {
  const m = machine({ memory: false });

  if (!fs.existsSync(path.join(DIST, 'worker.js'))) throw new Error('dist/src/worker.js is missing: run `npm run build` first');

  await h.prepareDatabase({ seed: 'none' });

  const sink = await new Sink().start();
  h.onCleanup(() => sink.stop());
  log(`SMTP sink on ${sink.url}`);

  const render = measureRender();
  log(`EmailRenderer.render(welcome): ${fixed(render.msPerRender, 2)} ms warm, ${render.htmlBytes} B html`);

  const db = h.closeLater(await connect());
  const producerClients = await Promise.all(Array.from({ length: config.producers }, () => connect()));
  h.onCleanup(() => Promise.all(producerClients.map((client) => client.end())));

  // -- part 1: system --
  log(
    `starting ${config.workers} workers (MAIL_CONCURRENCY=${config.mailConcurrency}${config.smtpQuery ? `, SMTP_URL ?${config.smtpQuery}` : ''})`,
  );
  const { workers, smtpUrl } = await startWorkers(sink);
  if (config.warmupEmails > 0) {
    log(`warm-up: ${config.warmupEmails} e-mails`);
    const warm = await requestEmails(producerClients, config.warmupEmails, 'BENCH-WARMUP');
    await waitForArrivals(
      sink,
      warm.map((email) => email.messageId),
      120000,
      'warm-up',
      () => checkWorkers(workers),
    );
    await verifyRows(db, 'BENCH-WARMUP', config.warmupEmails);
  }

  log(`system: requesting ${config.emails} e-mails over ${config.producers} connections, one per transaction`);
  const system = await measureSystemRun(db, producerClients, sink, workers, 'BENCH', config.emails);
  log(
    `system: ${fixed(system.emailsPerSecond)} e-mails/s end to end; delay p50 ${fixed(system.delayMs.p50, 0)} ms, ` +
      `p99 ${fixed(system.delayMs.p99, 0)} ms; requests committed at ${fixed(system.requestsPerSecond)}/s`,
  );

  let paced = null;
  if (config.pacedFraction > 0) {
    const rate = system.emailsPerSecond * config.pacedFraction;
    const count = Math.max(50, Math.min(config.emails, Math.round(rate * config.pacedSeconds)));
    log(`paced: ${count} e-mails at ${fixed(rate)}/s (${config.pacedFraction * 100}% of the measured throughput)`);
    const start = performance.now() + 50;
    paced = await measureSystemRun(db, producerClients, sink, workers, 'BENCH-PACED', count, (i) => start + (i * 1000) / rate);
    paced.targetRate = rate;
    log(`paced: delay p50 ${fixed(paced.delayMs.p50, 0)} ms, p99 ${fixed(paced.delayMs.p99, 0)} ms`);
  }

  const systemConnections = sink.connections;
  log('stopping the workers');
  await Promise.all(workers.map((worker) => stopChild(worker, 15000)));
  const { queue, close } = emailQueue();
  const jobCounts = await queue.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active').finally(close);

  // -- part 1: baselines --
  const baselines = {};
  for (const variant of ['pooled', 'unpooled']) {
    log(`baseline (${variant}): ${config.emails} e-mails, ${config.inFlight} in flight`);
    baselines[variant] = await measureBaseline(sink, variant);
    log(
      `baseline (${variant}): ${fixed(baselines[variant].emailsPerSecond)} e-mails/s over ${baselines[variant].smtpConnections} SMTP connections`,
    );
  }

  // -- part 2: reminders --
  const reminders = await measureReminders(db);

  // -- checks --
  const problems = [];
  if (system.distinctReceived !== config.emails)
    problems.push(`system: ${system.distinctReceived} distinct e-mails received, expected ${config.emails}`);
  if (system.duplicates > 0) problems.push(`system: ${system.duplicates} e-mails received more than once`);
  if (system.rows.sent !== config.emails)
    problems.push(`system: ${system.rows.sent} of ${system.rows.total} rows SENT, expected ${config.emails}`);
  if (paced && (paced.duplicates > 0 || paced.rows.sent !== paced.emails))
    problems.push(`paced: ${paced.duplicates} duplicates, ${paced.rows.sent}/${paced.emails} SENT`);
  if (sink.withoutId > 0) problems.push(`sink: ${sink.withoutId} messages without a Message-ID`);
  if ((jobCounts.failed ?? 0) > 0) problems.push(`queue: ${jobCounts.failed} failed jobs`);
  if (!reminders.large.explain.usesDueIndex) problems.push('reminders: the due query does not use IDX_reminder_due with 100,000 pending');
  for (const [variant, baseline] of Object.entries(baselines)) {
    if (baseline.duplicates > 0) problems.push(`baseline (${variant}): ${baseline.duplicates} duplicates`);
  }

  // -- output --
  const ratios = {
    systemOverPooledBaseline: system.emailsPerSecond / baselines.pooled.emailsPerSecond,
    systemOverUnpooledBaseline: system.emailsPerSecond / baselines.unpooled.emailsPerSecond,
    unpooledOverPooledBaseline: baselines.unpooled.emailsPerSecond / baselines.pooled.emailsPerSecond,
  };
  const CPU_GROUPS = ['workers', 'baseline', 'bench', 'postgresBench', 'redis', 'postgresOther', 'other'];
  const cpuCells = (cpu) => CPU_GROUPS.map((group) => fixed(cpu.cores[group] ?? 0, 2));
  const phases = [
    [`system: ${config.workers} workers x ${config.mailConcurrency}`, system, `${fixed(ratios.systemOverPooledBaseline, 3)}x`],
    ...(paced ? [[`system, paced at ${fixed(paced.targetRate, 0)}/s (${paced.emails})`, paced, '']] : []),
    [`baseline: 1 pooled transport, ${config.inFlight} in flight`, baselines.pooled, '1.000x'],
    [`baseline: unpooled, ${config.inFlight} in flight`, baselines.unpooled, `${fixed(ratios.unpooledOverPooledBaseline, 3)}x`],
  ];
  const rowsMail = [
    [
      `e-mails (${config.emails} unless noted)`,
      'e-mails/s',
      'ratio',
      'delay p50 ms',
      'delay p99 ms',
      'delay max ms',
      'wall s',
      'SMTP conns*',
    ],
    ...phases.map(([label, run, ratioCell]) => [
      label,
      fixed(run.emailsPerSecond),
      ratioCell,
      run.delayMs ? fixed(run.delayMs.p50, 0) : '',
      run.delayMs ? fixed(run.delayMs.p99, 0) : '',
      run.delayMs ? fixed(run.delayMs.max, 0) : '',
      fixed(run.endToEndSeconds ?? run.seconds, 2),
      run.smtpConnections ?? '',
    ]),
  ];
  const rowsCpu = [
    ['CPU cores used (average)', 'machine %', 'workers', 'baseline', 'bench', 'pg (bench db)', 'redis', 'pg (other)', 'other'],
    ...phases.map(([label, run]) => [label, fixed(run.cpu.machineBusyPercent, 0), ...cpuCells(run.cpu)]),
  ];
  const stageRows = [['delay stages ms (p50 / p99)', 'relay', 'queue wait', 'claim+render+SMTP', 'mark SENT', 'jobs']];
  for (const [label, run] of phases.filter(([, run]) => run.stagesMs)) {
    const st = run.stagesMs;
    if (st.error) continue;
    const cell = (d) => `${fixed(d.p50, 0)} / ${fixed(d.p99, 0)}`;
    stageRows.push([label, cell(st.relay), cell(st.queue), cell(st.deliver), cell(st.mark), st.relay.count]);
  }

  const planName = (explain) => (explain.usesDueIndex ? 'Index Scan IDX_reminder_due' : explain.seqScan ? 'Seq Scan' : 'other');
  const rowsSweep = [
    ['reminder sweep', 'rows', 'pending', 'due', 'sweep ms (median)', 'due query ms (median)', 'plan'],
    [
      `(a) ${config.due.toLocaleString('en')} due, no other pending`,
      reminders.small.rowsInTable,
      reminders.small.pending,
      reminders.small.due,
      fixed(reminders.small.sweepMedianMs, 1),
      fixed(reminders.small.dueQueryMedianMs, 3),
      planName(reminders.small.explain),
    ],
    [
      `(b) ${config.due.toLocaleString('en')} due among ${config.reminders.toLocaleString('en')} pending`,
      reminders.large.rowsInTable,
      reminders.large.pending,
      reminders.large.due,
      fixed(reminders.large.sweepMedianMs, 1),
      fixed(reminders.large.dueQueryMedianMs, 3),
      planName(reminders.large.explain),
    ],
    [
      'ratio (b)/(a)',
      '',
      '',
      '',
      `${fixed(reminders.ratioSweepLargeOverSmall, 2)}x`,
      `${fixed(reminders.ratioDueQueryLargeOverSmall, 2)}x`,
      '',
    ],
    [
      '(b) with index scans disabled',
      reminders.large.rowsInTable,
      reminders.large.pending,
      reminders.large.due,
      '',
      fixed(reminders.seqScan.dueQueryMedianMs, 3),
      planName(reminders.seqScan.explain),
    ],
  ];

  const git = gitState();
  const notes = [
    `Producers: ${config.producers} connections, ONE e-mail per transaction (BEGIN; INSERT outbound_email; pg_notify; COMMIT), ` +
      `as fast as they commit (${fixed(system.requestsPerSecond)}/s), so the delays of the unpaced run are mostly queueing; ` +
      `the paced run requests at ${config.pacedFraction * 100}% of the measured throughput.`,
    `Throughput = e-mails / (last sink arrival - first COMMIT). Delay = sink arrival - COMMIT acknowledged, per Message-ID.`,
    `Workers: NODE_ENV=production LOG_LEVEL=warn MAIL_CONCURRENCY=${config.mailConcurrency} SWEEP_INTERVAL_MS=1000 ` +
      `SMTP_URL=${smtpUrl.replace(/:\d+/, ':<port>')}; they opened ${systemConnections} SMTP connections for ` +
      `${config.warmupEmails + config.emails + (paced?.emails ?? 0)} e-mails. Peaks in the unpaced run: ${system.peaks.unrelayedRows} rows ` +
      `not yet relayed, ${system.peaks.waitingJobs} jobs waiting, ${system.peaks.activeJobs} active.`,
    `EmailRenderer.render(welcome): ${fixed(render.msPerRender, 2)} ms of CPU warm (${render.htmlBytes} B html); ` +
      `the workers render every e-mail, the baselines once per language.`,
    `Baselines: a child process, same content, same sink, ${config.inFlight} in flight (= the two workers' concurrency); ` +
      `pooled = ONE transport { pool: true, maxConnections: ${config.inFlight}, maxMessages: Infinity }; ` +
      `unpooled = createTransport(url) as MailerService builds it (one SMTP connection per e-mail).`,
    `SMTP conns* = connections the sink accepted during the run (for the baselines, including their ${config.warmupEmails} warm-up e-mails). ` +
      `smtp-server holds every new connection's greeting for 100 ms (early-talker check, not configurable): ` +
      `one connection per e-mail costs at least 100 ms of latency per e-mail.`,
    `Delay stages from the BullMQ job hashes: relay = job added - commit; queue wait = processing started - added; ` +
      `claim+render+SMTP = sink arrival - processing started; mark SENT = job finished - arrival.`,
    `CPU: average cores per group over each phase, from /proc; "other" = the rest of the machine's busy time ` +
      `(processes that are not part of this benchmark). A large "other" means the figures are disturbed.`,
    `Sweep: the real ReminderSweepService (dist) with a BENCH handler returning no e-mail (reminders become OBSOLETE: ` +
      `one SELECT per batch of 200, one UPDATE per reminder); median of ${config.sweepRounds} rounds per case after one discarded, ` +
      `the cases alternating on one table of ${config.reminders} reminders: in (a) the ${config.reminders - config.due} not due are ` +
      `CANCELLED (outside the partial index), in (b) PENDING; VACUUM ANALYZE before each sweep; ` +
      `due query = EXPLAIN ANALYZE execution time of one batch. Table ${fixed(reminders.tableBytes / 1048576, 1)} MiB, ` +
      `IDX_reminder_due ${fixed(reminders.dueIndexBytes / 1024, 0)} KiB.`,
    `Everything shares ${m.cpus} CPU core(s): absolute figures are pessimistic; compare the ratios.`,
  ];
  const header = [
    `E-mail pipeline: ${config.emails} e-mails requested in transactions, relayed and delivered by ${config.workers} workers ` +
      `to an in-process SMTP sink; reminder sweep with ${config.due} due among ${config.reminders} pending`,
    machineLine(m, git),
  ];
  const indent = (lines) => lines.map((line) => `    ${line}`).join('\n');
  process.stdout.write(
    `\n${header.join('\n')}\n\n${table(rowsMail)}\n\n` +
      `Checks: ${system.distinctReceived} distinct e-mails received of ${config.emails}, ${system.duplicates} duplicates, ` +
      `${system.rows.sent}/${system.rows.total} rows SENT, ${system.rows.retried} retried, ${jobCounts.failed ?? 0} failed jobs` +
      `${problems.length ? `\nPROBLEMS:\n${problems.map((problem) => `  ! ${problem}`).join('\n')}` : ' - OK'}\n\n` +
      `${table(stageRows)}\n\n${table(rowsCpu)}\n\n${table(rowsSweep)}\n\n` +
      `Due query, ${reminders.large.pending} pending (${reminders.large.due} due):\n  ${reminders.dueSql}\n` +
      `${indent(reminders.large.explain.plan)}\nThe same with index scans disabled:\n${indent(reminders.seqScan.explain.plan)}\n\n` +
      `${notes.map((note) => `* ${note}`).join('\n')}\n`,
  );

  const results = {
    benchmark: 'mail: outbox -> relay -> BullMQ -> workers -> SMTP; reminder sweep scaling',
    date: new Date().toISOString(),
    config: {
      ...config,
      redisUrl: h.redisUrl,
      redisPrefix: h.redisPrefix,
      database: h.database,
      smtpUrl: smtpUrl.replace(/:\d+/, ':<port>'),
    },
    machine: m,
    git,
    render,
    system,
    paced,
    baselines,
    ratios,
    jobCounts,
    workerSmtpConnections: systemConnections,
    sink: { connections: sink.connections, messages: sink.arrivals.size, withoutId: sink.withoutId, duplicates: sink.duplicates.size },
    reminders,
    problems,
    notes,
  };
  writeResults('mail', results);
  return problems.length === 0 ? 0 : 2;
}

if (process.argv.includes('--baseline')) {
  process.on('disconnect', () => process.exit(0)); // the benchmark died: do not linger
  runBaselineSender().catch((error) => {
    process.stderr.write(`baseline failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  h.run(main);
}
