/**
 * E-mail pipeline: outbox -> relay -> BullMQ -> two workers -> SMTP, against a bare nodemailer baseline. Settings:
 * bench/README.md.
 *
 *   system    two `node dist/src/worker.js` deliver to an SMTP sink in this process (test/support's SmtpSink, headers
 *             only). BENCH_EMAILS welcome e-mails are requested by BENCH_PRODUCERS lanes through the real
 *             OutboxService, ONE e-mail PER TRANSACTION, as fast as they commit; the workers' relay moves the rows
 *             into the queue, the delivery service claims, renders, sends and marks them SENT.
 *             Throughput = e-mails / (last arrival at the sink - first commit); delay = arrival - commit. A paced run
 *             then requests at a fraction of that throughput to show the delay of an unsaturated pipeline.
 *   baseline  mail.baseline.ts, a child process: the same e-mail rendered once per language by the
 *             project's EmailRenderer, sent as often with as many in flight as the two workers together, through ONE
 *             pooled nodemailer transport; and through an unpooled one (a connection per message, which is what
 *             the workers' createTransport(SMTP_URL) does unless the URL says ?pool=true).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TransactionHost } from '@nestjs-cls/transactional';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Language } from '../src/common/identity/role';
import { Environment } from '../src/config/environment';
import { EmailRenderer } from '../src/notifications/email-renderer';
import { EmailType } from '../src/notifications/email-types';
import { PAGE_PATHS } from '../src/notifications/links';
import { OutboxService } from '../src/notifications/outbox.service';
import { bullPrefix, createQueue, EMAIL_QUEUE } from '../src/notifications/queues';
import { SmtpSink } from '../test/support/smtp-sink';
import { connect, prepareDatabase } from './lib/database';
import { mapLimit } from './lib/load';
import { benchContext } from './lib/nest';
import { Child, CpuUse, cpuWindow, startChild, startWorkers } from './lib/processes';
import { Cell, cpuTable, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv, sleep } from './lib/run';
import { distribution, Distribution, ratio } from './lib/stats';

const LANGUAGES = [Language.English, Language.TraditionalChinese];
const LOGIN_URL = `${new Environment().PUBLIC_URL}${PAGE_PATHS.signIn()}`;
const config = {
  emails: numberEnv('BENCH_EMAILS', 10_000),
  warmupEmails: numberEnv('BENCH_WARMUP_EMAILS', 200, { min: 0 }),
  producers: numberEnv('BENCH_PRODUCERS', 10),
  mailConcurrency: numberEnv('BENCH_MAIL_CONCURRENCY', 20),
  workers: 2,
  smtpQuery: process.env.BENCH_SMTP_QUERY ?? '',
  pacedFraction: numberEnv('BENCH_PACED_FRACTION', 0.5, { min: 0, max: 1, integer: false }),
  pacedSeconds: numberEnv('BENCH_PACED_SECONDS', 10),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 900, { min: 60 }),
};
const inFlight = config.workers * config.mailConcurrency;

// -- the sink ----------------------------------------------------------------------------------------------

/** When `address` first received its e-mail: every e-mail of the benchmark has an address of its own. */
const arrivedAt = (sink: SmtpSink, address: string): number | undefined => sink.to(address)[0]?.receivedAt;

/**
 * Waits until every address has received its e-mail; `check` may throw (a dead worker). Each poll reads only the
 * messages that arrived since the last one: this process shares the machine's cores with the workers it measures.
 */
async function waitForMail(bench: Bench, sink: SmtpSink, addresses: string[], timeoutMs: number, what: string, check = () => {}) {
  const deadline = Date.now() + timeoutMs;
  const missing = new Set(addresses.filter((address) => arrivedAt(sink, address) === undefined));
  for (let seen = sink.received.length; missing.size > 0; await sleep(20)) {
    for (; seen < sink.received.length; seen++) missing.delete(sink.received[seen].to);
    if (bench.aborted) throw new Error('aborted');
    check();
    if (Date.now() > deadline)
      throw new Error(`${what}: ${missing.size} of ${addresses.length} e-mails not delivered after ${timeoutMs} ms`);
  }
}

// -- the system ------------------------------------------------------------------------------------------------------------

interface Requested {
  address: string;
  committedAt: number;
}

interface Producer {
  txHost: TransactionHost;
  outbox: OutboxService;
}

/** `count` welcome e-mails through OutboxService, one per transaction, over the producer lanes; `schedule(i)` paces them. */
async function requestEmails(
  bench: Bench,
  producer: Producer,
  count: number,
  tag: string,
  schedule?: (i: number) => number,
): Promise<Requested[]> {
  return mapLimit(Array.from({ length: count }), config.producers, async (_, i) => {
    if (bench.aborted) throw new Error('aborted');
    const wait = schedule ? schedule(i) - performance.now() : 0;
    if (wait > 1) await sleep(wait);
    const address = `${tag.toLowerCase()}-${i}@example.test`;
    const name = `Bench User ${i}`;
    await producer.txHost.withTransaction(() =>
      producer.outbox.request({
        type: EmailType.Welcome,
        to: { email: address, name, language: LANGUAGES[i % 2] },
        about: { type: tag, id: randomUUID() },
        occurrence: 'registered',
        variables: { name, loginUrl: LOGIN_URL },
      }),
    );
    return { address, committedAt: Date.now() };
  });
}

/** Logs progress every 2 s and keeps the peaks: rows not yet relayed, jobs waiting, jobs active. */
function monitor(bench: Bench, db: Client, sink: SmtpSink) {
  const { queue, close } = createQueue(EMAIL_QUEUE, bench.config());
  const before = sink.received.length;
  const peaks = { unrelayedRows: 0, waitingJobs: 0, activeJobs: 0 };
  const started = performance.now();
  let stopped = false;
  const loop = (async () => {
    for (await sleep(2000); !stopped; await sleep(2000)) {
      try {
        const { rows } = await db.query<{ status: string; n: number; unrelayed: number }>(
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
          `  t=${fixed((performance.now() - started) / 1000, 0)}s delivered ${sink.received.length - before} | rows unrelayed ${unrelayed} ` +
            `PENDING ${byStatus.PENDING ?? 0} SENDING ${byStatus.SENDING ?? 0} SENT ${byStatus.SENT ?? 0} | jobs waiting ${waiting} ` +
            `active ${counts.active ?? 0} delayed ${counts.delayed ?? 0} failed ${counts.failed ?? 0}`,
        );
      } catch (error) {
        log(`  monitor: ${String(error)}`);
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

/** Waits until the rows of `tag` are all SENT (the UPDATE follows the SMTP reply), then reports their state and ids. */
async function verifyRows(db: Client, tag: string, expected: number) {
  for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
    const { rows } = await db.query<{ id: string; recipient_email: string; status: string; attempts: number }>(
      'SELECT id, recipient_email, status, attempts FROM outbound_email WHERE subject_type = $1',
      [tag],
    );
    const sent = rows.filter((row) => row.status === 'SENT').length;
    if ((sent === expected && rows.length === expected) || Date.now() > deadline) {
      return {
        total: rows.length,
        sent,
        retried: rows.filter((row) => row.attempts > 1).length,
        ids: new Map(rows.map((row) => [row.recipient_email, row.id])),
      };
    }
  }
}

/**
 * Where each e-mail's delay went, from the BullMQ job hashes (kept: the relay keeps the last 10,000 completed):
 * relay = job added - commit, queue = processing started - added, deliver = arrival - processing started (claim,
 * render, SMTP), mark = job finished - arrival (the UPDATE to SENT).
 */
async function stageBreakdown(bench: Bench, requested: Requested[], ids: Map<string, string>, sink: SmtpSink) {
  const redis = new Redis(bench.redisUrl);
  try {
    const stages = { relay: [] as number[], queue: [] as number[], deliver: [] as number[], mark: [] as number[] };
    const pipeline = redis.pipeline();
    const jobs = `${bullPrefix(bench.config())}:${EMAIL_QUEUE}`; // a job's id is its row's id
    for (const email of requested) pipeline.hmget(`${jobs}:${ids.get(email.address)}`, 'timestamp', 'processedOn', 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    requested.forEach((email, i) => {
      const [added, processed, finished] = ((replies[i]?.[1] as string[] | null) ?? []).map(Number);
      if (!added || !processed || !finished) return;
      const arrived = arrivedAt(sink, email.address)!;
      stages.relay.push(added - email.committedAt);
      stages.queue.push(processed - added);
      stages.deliver.push(arrived - processed);
      stages.mark.push(finished - arrived);
    });
    return Object.fromEntries(Object.entries(stages).map(([stage, values]) => [stage, distribution(values)])) as Record<
      keyof typeof stages,
      Distribution
    >;
  } finally {
    redis.disconnect();
  }
}

interface Run {
  emails: number;
  /** Distinct e-mails that arrived at the sink. */
  received: number;
  seconds: number;
  emailsPerSecond: number;
  smtpConnections: number;
  duplicates: number;
  cpu: CpuUse;
  delayMs?: Distribution;
  stagesMs?: Record<'relay' | 'queue' | 'deliver' | 'mark', Distribution>;
}

async function measureSystem(
  bench: Bench,
  db: Client,
  producer: Producer,
  sink: SmtpSink,
  workers: Child[],
  tag: string,
  count: number,
  schedule?: (i: number) => number,
) {
  const connectionsBefore = sink.connections;
  const stopMonitor = monitor(bench, db, sink);
  const cpu = cpuWindow(bench, { workers: workers.map((worker) => worker.pid) });
  const alive = () => workers.forEach((worker) => worker.assertAlive('during the run'));
  let requested: Requested[] = [];
  let peaks: Awaited<ReturnType<typeof stopMonitor>>;
  try {
    requested = await requestEmails(bench, producer, count, tag, schedule);
    await waitForMail(
      bench,
      sink,
      requested.map((email) => email.address),
      600_000,
      `${tag} run`,
      alive,
    );
  } finally {
    peaks = await stopMonitor();
  }
  const cpuUse = cpu();
  const firstCommit = Math.min(...requested.map((email) => email.committedAt));
  const lastCommit = Math.max(...requested.map((email) => email.committedAt));
  const seconds = (Math.max(...requested.map((email) => arrivedAt(sink, email.address)!)) - firstCommit) / 1000;
  const { ids, ...rows } = await verifyRows(db, tag, count);
  const run: Run = {
    emails: count,
    received: requested.filter((email) => arrivedAt(sink, email.address) !== undefined).length,
    seconds,
    emailsPerSecond: count / seconds,
    smtpConnections: sink.connections - connectionsBefore,
    duplicates: requested.filter((email) => sink.to(email.address).length > 1).length,
    cpu: cpuUse,
    delayMs: distribution(requested.map((email) => arrivedAt(sink, email.address)! - email.committedAt)),
    stagesMs: await stageBreakdown(bench, requested, ids, sink),
  };
  return { ...run, requestsPerSecond: count / Math.max(1e-9, (lastCommit - firstCommit) / 1000), rows, peaks };
}

/** One baseline variant in a child process; the clock runs from 'go' to the last arrival at the sink. */
async function measureBaseline(bench: Bench, sink: SmtpSink, variant: 'pooled' | 'unpooled'): Promise<Run> {
  const connectionsBefore = sink.connections; // warm-up included: the pool opens its connections then
  const env = {
    ...process.env,
    MAIL_FROM: new Environment().MAIL_FROM, // the default the workers use too
    LOGIN_URL,
    IN_FLIGHT: String(inFlight),
    SINK_URL: sink.url,
    COUNT: String(config.emails),
    WARMUP: String(config.warmupEmails),
    VARIANT: variant,
  };
  const child = startChild(bench, {
    name: `baseline-${variant}`,
    kind: 'baseline',
    script: join(__dirname, 'mail.baseline.js'),
    env,
    ipc: true,
  });
  type Sent = { type: string; errors: number; firstError: string | null };
  try {
    const ready = await child.message<Sent>('ready', 120_000);
    if (ready.errors > 0) throw new Error(`${child.name} warm-up: ${ready.errors} errors, e.g. ${ready.firstError}`);
    const addresses = Array.from({ length: config.emails }, (_, i) => `baseline-${variant}-${i}@example.test`);
    const done = child.message<Sent>('done', 600_000);
    const cpu = cpuWindow(bench, { baseline: [child.pid] });
    const started = Date.now();
    child.process.send('go');
    const { errors, firstError } = await done;
    if (errors > 0) throw new Error(`${child.name}: ${errors} send errors, e.g. ${firstError}`);
    await waitForMail(bench, sink, addresses, 30_000, child.name);
    const cpuUse = cpu();
    const seconds = (Math.max(...addresses.map((address) => arrivedAt(sink, address)!)) - started) / 1000;
    return {
      emails: config.emails,
      received: addresses.filter((address) => arrivedAt(sink, address) !== undefined).length,
      seconds,
      emailsPerSecond: config.emails / seconds,
      smtpConnections: sink.connections - connectionsBefore,
      duplicates: addresses.filter((address) => sink.to(address).length > 1).length,
      cpu: cpuUse,
    };
  } finally {
    await child.stop(3000);
  }
}

/** Warm CPU time of one EmailRenderer.render() of the welcome e-mail, in this process. */
function measureRender() {
  const renderer = new EmailRenderer();
  const render = (i: number) => renderer.render(EmailType.Welcome, LANGUAGES[i % 2], { name: `Bench User ${i}`, loginUrl: LOGIN_URL });
  for (let i = 0; i < 300; i++) render(i);
  const started = performance.now();
  for (let i = 0; i < 1000; i++) render(i);
  return { msPerRender: (performance.now() - started) / 1000, htmlBytes: Buffer.byteLength(render(0).html) };
}

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'none' });
  const sink = await new SmtpSink({ headersOnly: true }).start();
  bench.onCleanup(() => sink.stop());
  const render = measureRender();
  log(`SMTP sink on ${sink.url}; EmailRenderer.render(welcome): ${fixed(render.msPerRender, 2)} ms warm, ${render.htmlBytes} B html`);
  const db = await connect(bench);
  const context = await benchContext(bench, { providers: [OutboxService] });
  const producer: Producer = { txHost: context.get(TransactionHost), outbox: context.get(OutboxService) };

  const smtpUrl = config.smtpQuery ? `${sink.url}?${config.smtpQuery}` : sink.url;
  log(`starting ${config.workers} workers (MAIL_CONCURRENCY=${config.mailConcurrency}, SMTP_URL=${smtpUrl})`);
  const workers = await startWorkers(bench, config.workers, {
    SMTP_URL: smtpUrl,
    MAIL_CONCURRENCY: String(config.mailConcurrency),
    SWEEP_INTERVAL_MS: '1000',
  });
  if (config.warmupEmails > 0) {
    log(`warm-up: ${config.warmupEmails} e-mails`);
    const warm = await requestEmails(bench, producer, config.warmupEmails, 'BENCH-WARMUP');
    await waitForMail(
      bench,
      sink,
      warm.map((email) => email.address),
      120_000,
      'warm-up',
    );
    await verifyRows(db, 'BENCH-WARMUP', config.warmupEmails);
  }
  log(`system: requesting ${config.emails} e-mails over ${config.producers} lanes, one per transaction`);
  const system = await measureSystem(bench, db, producer, sink, workers, 'BENCH', config.emails);
  log(
    `system: ${fixed(system.emailsPerSecond)} e-mails/s; delay p50 ${fixed(system.delayMs?.p50, 0)} ms, p99 ${fixed(system.delayMs?.p99, 0)} ms`,
  );
  let paced: (Awaited<ReturnType<typeof measureSystem>> & { targetRate: number }) | null = null;
  if (config.pacedFraction > 0) {
    const rate = system.emailsPerSecond * config.pacedFraction;
    const count = Math.max(50, Math.min(config.emails, Math.round(rate * config.pacedSeconds)));
    log(`paced: ${count} e-mails at ${fixed(rate)}/s`);
    const start = performance.now() + 50;
    paced = {
      ...(await measureSystem(bench, db, producer, sink, workers, 'BENCH-PACED', count, (i) => start + (i * 1000) / rate)),
      targetRate: rate,
    };
  }
  const workerConnections = sink.connections;
  await Promise.all(workers.map((worker) => worker.stop(15_000)));
  const { queue, close } = createQueue(EMAIL_QUEUE, bench.config());
  const jobCounts = await queue.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active').finally(close);
  const baselines = {
    pooled: await measureBaseline(bench, sink, 'pooled'),
    unpooled: await measureBaseline(bench, sink, 'unpooled'),
  };

  const problems: string[] = [];
  if (system.received !== config.emails) problems.push(`system: ${system.received} distinct e-mails received, expected ${config.emails}`);
  if (system.duplicates > 0) problems.push(`system: ${system.duplicates} e-mails received more than once`);
  if (system.rows.sent !== config.emails)
    problems.push(`system: ${system.rows.sent} of ${system.rows.total} rows SENT, expected ${config.emails}`);
  if (paced && (paced.duplicates > 0 || paced.rows.sent !== paced.emails))
    problems.push(`paced: ${paced.duplicates} duplicates, ${paced.rows.sent}/${paced.emails} SENT`);
  const withoutId = sink.received.filter((mail) => !mail.messageId).length;
  if (withoutId > 0) problems.push(`sink: ${withoutId} messages without a Message-ID`);
  if ((jobCounts.failed ?? 0) > 0) problems.push(`queue: ${jobCounts.failed} failed jobs`);
  for (const [variant, baseline] of Object.entries(baselines))
    if (baseline.duplicates > 0) problems.push(`baseline (${variant}): ${baseline.duplicates} duplicates`);

  const ratios = {
    systemOverPooledBaseline: ratio(system.emailsPerSecond, baselines.pooled.emailsPerSecond),
    systemOverUnpooledBaseline: ratio(system.emailsPerSecond, baselines.unpooled.emailsPerSecond),
    unpooledOverPooledBaseline: ratio(baselines.unpooled.emailsPerSecond, baselines.pooled.emailsPerSecond),
  };
  const phases: [string, Run, string][] = [
    [`system: ${config.workers} workers x ${config.mailConcurrency}`, system, times(ratios.systemOverPooledBaseline, 3)],
    ...(paced ? [[`system, paced at ${fixed(paced.targetRate, 0)}/s (${paced.emails})`, paced, ''] as [string, Run, string]] : []),
    [`baseline: 1 pooled transport, ${inFlight} in flight`, baselines.pooled, '1.000x'],
    [`baseline: unpooled, ${inFlight} in flight`, baselines.unpooled, times(ratios.unpooledOverPooledBaseline, 3)],
  ];
  const mailRows: Cell[][] = [
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
    ...phases.map(([label, run, cell]) => [
      label,
      fixed(run.emailsPerSecond),
      cell,
      run.delayMs ? fixed(run.delayMs.p50, 0) : '',
      run.delayMs ? fixed(run.delayMs.p99, 0) : '',
      run.delayMs ? fixed(run.delayMs.max, 0) : '',
      fixed(run.seconds, 2),
      run.smtpConnections,
    ]),
  ];
  const stageRows: Cell[][] = [['delay stages ms (p50 / p99)', 'relay', 'queue wait', 'claim+render+SMTP', 'mark SENT', 'jobs']];
  const cell = (d: Distribution) => `${fixed(d.p50, 0)} / ${fixed(d.p99, 0)}`;
  for (const [label, run] of phases)
    if (run.stagesMs)
      stageRows.push([
        label,
        cell(run.stagesMs.relay),
        cell(run.stagesMs.queue),
        cell(run.stagesMs.deliver),
        cell(run.stagesMs.mark),
        run.stagesMs.relay.count,
      ]);
  const cpuCores = cpuTable(
    phases.map(([label, run]) => [label, run.cpu]),
    {
      workers: 'workers',
      baseline: 'baseline',
      bench: 'bench',
      pgBench: 'pg (bench db)',
      redis: 'redis',
      pgOther: 'pg (other)',
      other: 'other',
    },
  );

  return finishReport(
    'mail',
    {
      title: `E-mail pipeline: ${config.emails} e-mails requested in transactions, relayed and delivered by ${config.workers} workers to an in-process SMTP sink`,
      blocks: [table(mailRows), table(stageRows), cpuCores],
      checked:
        `${system.received} distinct e-mails received of ${config.emails}, ${system.duplicates} duplicates, ${system.rows.sent}/${system.rows.total} rows SENT, ` +
        `${system.rows.retried} retried, ${jobCounts.failed ?? 0} failed jobs`,
      problems,
      notes: [
        `Producers: ${config.producers} lanes through OutboxService.request, ONE e-mail per transaction, as fast as they commit ` +
          `(${fixed(system.requestsPerSecond)}/s), so the delays of the unpaced run are mostly queueing; the paced run requests at ` +
          `${config.pacedFraction * 100}% of the measured throughput.`,
        'Throughput = e-mails / (last sink arrival - first COMMIT). Delay = sink arrival - COMMIT acknowledged, per recipient.',
        `Workers: NODE_ENV=production LOG_LEVEL=warn MAIL_CONCURRENCY=${config.mailConcurrency} SWEEP_INTERVAL_MS=1000 ` +
          `SMTP_URL=${smtpUrl.replace(/:\d+/, ':<port>')}; they opened ${workerConnections} SMTP connections for ` +
          `${config.warmupEmails + config.emails + (paced?.emails ?? 0)} e-mails. Peaks in the unpaced run: ${system.peaks.unrelayedRows} rows ` +
          `not yet relayed, ${system.peaks.waitingJobs} jobs waiting, ${system.peaks.activeJobs} active.`,
        `EmailRenderer.render(welcome): ${fixed(render.msPerRender, 2)} ms of CPU warm (${render.htmlBytes} B html); ` +
          'the workers render every e-mail, the baselines once per language.',
        `Baselines: a child process, same content, same sink, ${inFlight} in flight (= the two workers' concurrency); ` +
          `pooled = ONE transport { pool: true, maxConnections: ${inFlight}, maxMessages: Infinity }; ` +
          'unpooled = createTransport(url) as MailerService builds it (one SMTP connection per e-mail).',
        `SMTP conns* = connections the sink accepted during the run (for the baselines, including their ${config.warmupEmails} warm-up e-mails). ` +
          "smtp-server holds every new connection's greeting for 100 ms (early-talker check): one connection per e-mail costs at least 100 ms of latency.",
        'Delay stages from the BullMQ job hashes: relay = job added - commit; queue wait = processing started - added; ' +
          'claim+render+SMTP = sink arrival - processing started; mark SENT = job finished - arrival.',
        `CPU: average cores per group over each phase, from /proc; "other" = the rest of the machine's busy time (processes that are ` +
          'not part of this benchmark). A large "other" means the figures are disturbed. Absolute figures are pessimistic; compare the ratios.',
      ],
    },
    {
      config: { ...config, inFlight, smtpUrl: smtpUrl.replace(/:\d+/, ':<port>') },
      render,
      system,
      paced,
      baselines,
      ratios,
      jobCounts,
      workerSmtpConnections: workerConnections,
    },
  );
}

new Bench('mail', { timeoutS: config.timeoutS, cleanupTimeoutMs: 60_000 }).run(main);
