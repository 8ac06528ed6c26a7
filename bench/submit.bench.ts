/**
 * Deadline burst: BENCH_PROPOSALS PIs submit as many complete proposals over HTTP within a few seconds, on a call
 * whose deadline falls in the middle of the burst; then the same submissions as bare SQL transactions through pg.
 * Settings: bench/README.md.
 *
 * Set-up: researchers inserted in SQL with one light argon2id hash and signed in through the API; calls created
 * through the API by the NSTC officer, approved by both officers and published (call A closes BENCH_LEAD_MS after
 * its creation, call B is open for 30 days); complete DRAFT proposals inserted in SQL (bench/lib/fixtures.ts).
 *
 *   warm-up   BENCH_WARMUP submissions through the API on call B, not measured.
 *   burst     POST /api/v1/proposals/:id/submit on call A, OPEN LOOP: request i is sent at closesAt - BENCH_BEFORE_MS
 *             + i * BENCH_WINDOW_MS / BENCH_PROPOSALS over pre-connected keep-alive connections.
 *   baseline  the same number of submissions as plain SQL on drafts of call B, at the same offsets, through a pg Pool
 *             of the API's size: BEGIN; SELECT ... FOR UPDATE; UPDATE proposal; two INSERTs into outbound_email;
 *             pg_notify; COMMIT. No authentication, no rules beyond the deadline trigger, no audit, no reload.
 *   capacity  the API and the SQL baseline again, CLOSED LOOP with BENCH_LANES lanes: throughput at saturation.
 *
 * Verified in SQL: each 200 is SUBMITTED before closes_at with one submission-receipt per PI and one SUBMITTED audit
 * event; each refusal is still a DRAFT without either; nothing late, nothing lost (every request answered, no 5xx).
 * And the deadline rule against the stored receivedAt (submitted_at), with each request's send and answer instants
 * in a temporary table: no request sent in time refused, none sent or received late accepted, every receivedAt
 * between its request's send and answer.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { logIn } from '../test/support/actors';
import { callInput, publishedCall } from '../test/support/calls';
import { agenciesByCode, connect, connectedPool, prepareDatabase } from './lib/database';
import { insertDrafts, insertResearchers, lightPasswordHash, logInOfficers, people, Researcher } from './lib/fixtures';
import { closedLoop, keepAliveAgent, mapLimit, openLoop, preconnect, send, Timed } from './lib/load';
import { CpuUse, cpuWindow, startApi } from './lib/processes';
import { Cell, cpuTable, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv, sleep } from './lib/run';
import { distribution, ratio } from './lib/stats';

const config = {
  proposals: numberEnv('BENCH_PROPOSALS', 300),
  beforeMs: numberEnv('BENCH_BEFORE_MS', 1500, { min: 0 }),
  windowMs: numberEnv('BENCH_WINDOW_MS', 3000),
  leadMs: numberEnv('BENCH_LEAD_MS', 8000, { min: 1000 }),
  pool: numberEnv('BENCH_POOL', 20),
  lanes: numberEnv('BENCH_LANES', 20),
  capacity: numberEnv('BENCH_CAPACITY', 1, { min: 0, max: 1 }) === 1,
  warmup: numberEnv('BENCH_WARMUP', 30, { min: 0 }),
  requestTimeoutMs: numberEnv('BENCH_REQUEST_TIMEOUT_MS', 30_000),
  port: numberEnv('BENCH_SUBMIT_PORT', 3911),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 170, { min: 30 }),
  readAllowanceMs: numberEnv('BENCH_READ_ALLOWANCE_MS', 5, { min: 0 }),
};
if (config.beforeMs > config.windowMs) throw new Error('BENCH_BEFORE_MS must not exceed BENCH_WINDOW_MS: the burst must straddle closesAt');
const KINDS = ['project-description', 'budget-justification'];
const RECEIPT = 'submission-receipt';

interface Job {
  id: string;
  token: string;
  pis: Researcher[];
}
type Outcome = Timed<{ status: number | null; code: string | null; error: string | null }>;

/** One submission as bare SQL (see the header); never rejects. */
async function sqlSubmit(pool: Pool, job: Job, agencyIds: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ state: string }>('SELECT state FROM proposal WHERE id = $1 FOR UPDATE', [job.id]);
    if (rows[0]?.state !== 'DRAFT') throw new Error('not a draft');
    await client.query(`UPDATE proposal SET state = 'SUBMITTED', submitted_at = clock_timestamp(), version = version + 1 WHERE id = $1`, [
      job.id,
    ]);
    for (const pi of job.pis) {
      await client.query(
        `INSERT INTO outbound_email (idempotency_key, type, recipient_email, recipient_name, language, variables, sensitive, subject_type, subject_id, agency_ids)
         VALUES ($1, $2, $3, $4, 'en', $5::jsonb, false, 'PROPOSAL', $6, $7::uuid[])`,
        [
          `${RECEIPT}|${pi.email}|${job.id}`,
          RECEIPT,
          pi.email,
          pi.name,
          JSON.stringify({ name: pi.name, reference: job.id.slice(0, 8) }),
          job.id,
          agencyIds,
        ],
      );
    }
    await client.query(`SELECT pg_notify('outbound_email', '')`);
    await client.query('COMMIT');
    return { status: 200, code: null, error: null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { status: null, code: null, error: String(error) };
  } finally {
    client.release();
  }
}

const outcomeOf = (r: Outcome) =>
  r.status === null ? `no answer: ${r.error}` : r.status === 200 ? '200' : `${r.status} ${r.code ?? '(no code)'}`;

function summarize(results: Outcome[], deadlineAt: number | null, cpu: CpuUse) {
  const accepted = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status !== null && r.status !== 200);
  const firstSent = Math.min(...results.map((r) => r.sentAt));
  const spanSeconds = (Math.max(...results.map((r) => r.doneAt)) - firstSent) / 1000;
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[outcomeOf(r)] = (outcomes[outcomeOf(r)] ?? 0) + 1;
  const latency = (list: Outcome[]) => distribution(list.map((r) => r.doneAt - r.scheduledAt));
  const rel = (t: number) => (deadlineAt === null ? NaN : t - deadlineAt);
  return {
    requests: results.length,
    accepted: accepted.length,
    refused: refused.length,
    closed: outcomes['409 CALL_CLOSED'] ?? 0,
    unanswered: results.length - accepted.length - refused.length,
    server5xx: refused.filter((r) => r.status! >= 500).length,
    outcomes,
    latencyMs: latency(results.filter((r) => r.status !== null)),
    byOutcome: Object.fromEntries(Object.keys(outcomes).map((key) => [key, latency(results.filter((r) => outcomeOf(r) === key))])),
    spanSeconds,
    answeredPerSecond: results.length / spanSeconds,
    acceptedPerSecond: accepted.length / ((Math.max(...accepted.map((r) => r.doneAt)) - firstSent) / 1000),
    cpu,
    relativeToDeadlineMs: {
      firstSent: rel(firstSent),
      lastSent: rel(Math.max(...results.map((r) => r.sentAt))),
      lastAcceptedSent: rel(Math.max(...accepted.map((r) => r.sentAt))),
      lastAcceptedAnswered: rel(Math.max(...accepted.map((r) => r.doneAt))),
      firstRefusedSent: rel(Math.min(...refused.map((r) => r.sentAt))),
    },
    sentBeforeDeadline: results.filter((r) => deadlineAt !== null && r.sentAt < deadlineAt).length,
    refusedAlthoughSentBeforeDeadline: refused.filter((r) => deadlineAt !== null && r.sentAt < deadlineAt).length,
    acceptedButAnsweredAfterDeadline: accepted.filter((r) => deadlineAt !== null && r.doneAt >= deadlineAt).length,
  };
}

/** Checks each proposal in SQL against the answer its submission got; returns problems and submitted_at margins. */
async function verify(db: Client, label: string, jobs: Job[], results: { status: number | null }[], audited: boolean) {
  const { rows } = await db.query<{
    id: string;
    state: string;
    submitted_at: Date | null;
    closes_at: Date;
    margin_ms: string | null;
    receipts: string[];
    audits: number;
  }>(
    `SELECT p.id, p.state, p.submitted_at, c.closes_at, extract(epoch FROM (p.submitted_at - c.closes_at)) * 1000 AS margin_ms,
            (SELECT coalesce(array_agg(o.recipient_email ORDER BY o.recipient_email), '{}') FROM outbound_email o
              WHERE o.type = $2 AND o.subject_type = 'PROPOSAL' AND o.subject_id = p.id) AS receipts,
            (SELECT count(*)::int FROM audit_event a WHERE a.entity_type = 'PROPOSAL' AND a.entity_id = p.id AND a.action = 'SUBMITTED') AS audits
       FROM proposal p JOIN call c ON c.id = p.call_id WHERE p.id = ANY($1::uuid[])`,
    [jobs.map((job) => job.id), RECEIPT],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const problems: string[] = [];
  const margins: number[] = [];
  jobs.forEach((job, i) => {
    const row = byId.get(job.id);
    const say = (message: string) => problems.push(`${label}: ${job.id} ${message}`);
    if (!row) return say('is missing');
    if (results[i].status === 200) {
      const expected = job.pis.map((pi) => pi.email.toLowerCase()).sort();
      if (row.state !== 'SUBMITTED') say(`answered 200 but is ${row.state}`);
      if (!row.submitted_at || !(row.submitted_at < row.closes_at))
        say(`answered 200 but submitted_at ${row.submitted_at?.toISOString()} is not before closes_at`);
      if (JSON.stringify(row.receipts) !== JSON.stringify(expected))
        say(`has receipts ${JSON.stringify(row.receipts)}, expected one per PI`);
      if (audited && row.audits !== 1) say(`has ${row.audits} SUBMITTED audit events, expected 1`);
      if (row.margin_ms !== null) margins.push(Number(row.margin_ms));
    } else if (row.state !== 'DRAFT' || row.submitted_at !== null || row.receipts.length > 0 || (audited && row.audits !== 0)) {
      say(`was refused but is ${row.state} with ${row.receipts.length} receipt(s) and ${row.audits} audit event(s)`);
    }
  });
  return {
    problems: problems.length > 12 ? [...problems.slice(0, 12), `${label}: ... (${problems.length - 12} more)`] : problems,
    margins,
  };
}

/**
 * The deadline rule checked in SQL against what the API stored: each request's send and answer instants (this
 * process's clock mapped onto the database's) go into a temporary table beside the proposals. A request sent before
 * `closes_at` by more than BENCH_READ_ALLOWANCE_MS (the time to carry it to the API) and refused is an on-time PI
 * refused; a SUBMITTED proposal whose `submitted_at` (the API's receivedAt) is not before `closes_at`, or whose
 * request was sent after it, is a late one accepted; and each `submitted_at` must lie between the request's send
 * and its answer (a stamp outside is a wrong clock).
 */
/** `perfToDbMs`: added to a performance.now() instant, gives the database clock's epoch milliseconds. */
async function fairness(db: Client, jobs: Job[], results: Outcome[], perfToDbMs: number) {
  await db.query(
    `CREATE TEMP TABLE IF NOT EXISTS burst_request (id uuid PRIMARY KEY, sent_at timestamptz, answered_at timestamptz, status int)`,
  );
  await db.query(`TRUNCATE burst_request`);
  await db.query(
    `INSERT INTO burst_request
     SELECT id, to_timestamp(sent / 1000), to_timestamp(answered / 1000), status
       FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::int[]) AS r(id, sent, answered, status)`,
    [
      jobs.map((job) => job.id),
      results.map((r) => r.sentAt + perfToDbMs),
      results.map((r) => r.doneAt + perfToDbMs),
      results.map((r) => r.status ?? 0),
    ],
  );
  const allowance = `${config.readAllowanceMs} * interval '1 millisecond'`;
  const { rows } = await db.query<{
    sent_on_time: number;
    on_time_refused: number;
    refused_within_allowance: number;
    late_accepted: number;
    sent_late_accepted: number;
    stamp_outside_request: number;
    read_delay_ms: { p50: number; p99: number; max: number } | null;
  }>(
    `SELECT count(*) FILTER (WHERE r.sent_at < c.closes_at - ${allowance})::int AS sent_on_time,
            count(*) FILTER (WHERE r.sent_at < c.closes_at - ${allowance} AND (r.status <> 200 OR p.state <> 'SUBMITTED'))::int AS on_time_refused,
            count(*) FILTER (WHERE r.sent_at >= c.closes_at - ${allowance} AND r.sent_at < c.closes_at AND r.status <> 200)::int AS refused_within_allowance,
            count(*) FILTER (WHERE p.state = 'SUBMITTED' AND NOT (p.submitted_at < c.closes_at))::int AS late_accepted,
            count(*) FILTER (WHERE p.state = 'SUBMITTED' AND r.sent_at >= c.closes_at)::int AS sent_late_accepted,
            count(*) FILTER (WHERE p.state = 'SUBMITTED' AND (p.submitted_at < r.sent_at - interval '2 ms' OR p.submitted_at > r.answered_at + interval '2 ms'))::int AS stamp_outside_request,
            (SELECT json_build_object('p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY d), 'p99', percentile_cont(0.99) WITHIN GROUP (ORDER BY d), 'max', max(d))
               FROM (SELECT extract(epoch FROM (p2.submitted_at - r2.sent_at)) * 1000 AS d
                       FROM burst_request r2 JOIN proposal p2 ON p2.id = r2.id WHERE p2.state = 'SUBMITTED') AS delays) AS read_delay_ms
       FROM burst_request r JOIN proposal p ON p.id = r.id JOIN call c ON c.id = p.call_id`,
  );
  const found = rows[0];
  const problems: string[] = [];
  if (found.on_time_refused > 0)
    problems.push(`burst: ${found.on_time_refused} requests sent more than ${config.readAllowanceMs} ms before closes_at were refused`);
  if (found.late_accepted > 0) problems.push(`burst: ${found.late_accepted} SUBMITTED with submitted_at at or after closes_at`);
  if (found.sent_late_accepted > 0) problems.push(`burst: ${found.sent_late_accepted} SUBMITTED although sent at or after closes_at`);
  if (found.stamp_outside_request > 0)
    problems.push(`burst: ${found.stamp_outside_request} submitted_at outside their request's send..answer (clock disagreement)`);
  return { ...found, problems };
}

async function main(bench: Bench): Promise<number> {
  const n = config.proposals;
  await prepareDatabase(bench, { seed: 'demo' });
  const { child: api, base } = await startApi(bench, config.port);
  const db = await connect(bench);
  const agencies = await agenciesByCode(db);
  const agencyIds = [agencies.get('NSTC')!.id, agencies.get('GACR')!.id];

  const password = `bench-${randomBytes(8).toString('hex')}`;
  const hash = await lightPasswordHash(password);
  const home = await insertResearchers(db, people(n, 'pi-home', 'National Taiwan University', 'TW'), hash);
  const partner = await insertResearchers(db, people(n, 'pi-partner', 'Charles University', 'CZ'), hash);
  const started = performance.now();
  const officers = await logInOfficers(base);
  const tokens = await mapLimit(home, 8, async (user) => (await logIn(base, user.email, password)).token);
  const loginSeconds = (performance.now() - started) / 1000;
  log(`signed in 2 officers and ${n} home PIs in ${fixed(loginSeconds, 1)} s`);

  // Call B, open for 30 days: the warm-up, the baselines and the API's capacity run.
  const callB = await publishedCall(
    base,
    officers.nstc,
    officers.gacr,
    callInput(agencies, { title: 'Bench open call', requiredAttachmentKinds: KINDS }),
  );
  const drafts = async (callId: string, tag: string, count = n): Promise<Job[]> =>
    (await insertDrafts(db, { callId, home: home.slice(0, count), partner: partner.slice(0, count), kinds: KINDS, tag })).map((id, i) => ({
      id,
      token: tokens[i],
      pis: [home[i], partner[i]],
    }));
  const warmJobs = config.warmup > 0 ? await drafts(callB.id, 'W', Math.min(config.warmup, n)) : [];
  const baselineJobs = await drafts(callB.id, 'B');
  const capacityApiJobs = config.capacity ? await drafts(callB.id, 'C') : [];
  const capacitySqlJobs = config.capacity ? await drafts(callB.id, 'D') : [];
  const agent = keepAliveAgent(bench);
  const submitVia = (via: typeof agent) => async (job: Job) => {
    const answer = await send(via, `${base}/api/v1/proposals/${job.id}/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.token}` },
      timeoutMs: config.requestTimeoutMs,
    });
    return { status: answer.status, code: (answer.body as { code?: string } | null)?.code ?? null, error: answer.error };
  };
  const warm = await closedLoop(warmJobs, config.lanes, submitVia(agent));
  if (warm.some((r) => r.status !== 200))
    throw new Error(`warm-up: submissions failed: ${JSON.stringify(warm.find((r) => r.status !== 200))}`);

  // Call A: its deadline is BENCH_LEAD_MS away; its drafts go in and the connections open meanwhile.
  const callA = await publishedCall(
    base,
    officers.nstc,
    officers.gacr,
    callInput(agencies, {
      title: 'Bench deadline call',
      closesAt: new Date(Date.now() + config.leadMs).toISOString(),
      requiredAttachmentKinds: KINDS,
    }),
  );
  const burstJobs = await drafts(callA.id, 'A');
  // The deadline is judged by the database clock: map it onto this process's performance.now().
  const t0 = performance.now();
  const { rows: clock } = await db.query<{ ms: string }>('SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms');
  const t1 = performance.now();
  const localClockSkewMs = Number(clock[0].ms) - (performance.timeOrigin + (t0 + t1) / 2);
  const perfToDbMs = Number(clock[0].ms) - (t0 + t1) / 2;
  const deadlineAt = Date.parse(callA.closesAt) - perfToDbMs;
  const burstStart = deadlineAt - config.beforeMs;
  const offsets = burstJobs.map((_, i) => (i * config.windowMs) / n);
  await preconnect(agent, base, Math.min(n, 64));
  const slackMs = burstStart - performance.now();
  if (slackMs < 100)
    throw new Error(`set-up after creating call A took too long: the burst would start ${fixed(-slackMs, 0)} ms late; raise BENCH_LEAD_MS`);
  log(
    `call A closes at ${callA.closesAt}; burst of ${n} over ${config.windowMs} ms starts ${config.beforeMs} ms before, in ${fixed(slackMs / 1000, 2)} s`,
  );

  const roles = { api: [api.pid] };
  await sleep(Math.max(0, burstStart - performance.now() - 20)); // the CPU window covers the burst, not the wait
  let cpu = cpuWindow(bench, roles);
  const burst = await openLoop(burstJobs, burstStart, offsets, submitVia(agent));
  const burstSummary = summarize(burst, deadlineAt, cpu());
  api.assertAlive('during the burst');
  const burstCheck = await verify(db, 'burst', burstJobs, burst, true);
  const fair = await fairness(db, burstJobs, burst, perfToDbMs);
  const problems = [...burstCheck.problems, ...fair.problems];
  const { rows: countRows } = await db.query<{ submitted: number; drafts: number; late: number }>(
    `SELECT count(*) FILTER (WHERE state = 'SUBMITTED')::int AS submitted, count(*) FILTER (WHERE state = 'DRAFT')::int AS drafts,
            count(*) FILTER (WHERE state = 'SUBMITTED' AND submitted_at >= (SELECT closes_at FROM call WHERE id = $1))::int AS late
       FROM proposal WHERE call_id = $1`,
    [callA.id],
  );
  const counts = countRows[0];
  if (counts.submitted !== burstSummary.accepted)
    problems.push(`burst: the call holds ${counts.submitted} SUBMITTED proposals but ${burstSummary.accepted} were answered 200`);
  if (counts.late !== 0) problems.push(`burst: ${counts.late} proposals SUBMITTED at or after closes_at`);
  if (burstSummary.unanswered > 0) problems.push(`burst: ${burstSummary.unanswered} requests got no answer (timeout or connection error)`);
  if (burstSummary.server5xx > 0) problems.push(`burst: ${burstSummary.server5xx} answers were 5xx`);
  for (const [outcome, count] of Object.entries(burstSummary.outcomes))
    if (outcome !== '200' && outcome !== '409 CALL_CLOSED') problems.push(`burst: ${count} x unexpected outcome "${outcome}"`);
  if (burstSummary.accepted === 0 || burstSummary.refused === 0)
    problems.push(`burst: the deadline did not split the burst (${burstSummary.accepted} accepted, ${burstSummary.refused} refused)`);

  const sqlRun = async (label: string, jobs: Job[], poolSize: number, run: (pool: Pool) => Promise<Outcome[]>) => {
    const pool = await connectedPool(bench, poolSize);
    log(`${label}: ${jobs.length} SQL submissions`);
    cpu = cpuWindow(bench, roles);
    const results = await run(pool);
    const summary = summarize(results, null, cpu());
    problems.push(...(await verify(db, label, jobs, results, false)).problems);
    if (summary.accepted !== jobs.length) problems.push(`${label}: ${jobs.length - summary.accepted} SQL submissions failed`);
    return summary;
  };
  const baselineSummary = await sqlRun('baseline', baselineJobs, config.pool, (pool) =>
    openLoop(baselineJobs, performance.now() + 100, offsets, (job) => sqlSubmit(pool, job, agencyIds)),
  );
  let capacity: { api: ReturnType<typeof summarize>; sql: ReturnType<typeof summarize> } | null = null;
  if (config.capacity) {
    api.assertAlive('before the capacity runs');
    const laneAgent = keepAliveAgent(bench, config.lanes);
    await preconnect(laneAgent, base, config.lanes);
    log(`capacity: ${n} API submissions, ${config.lanes} lanes`);
    cpu = cpuWindow(bench, roles);
    const apiResults = await closedLoop(capacityApiJobs, config.lanes, submitVia(laneAgent));
    const apiSummary = summarize(apiResults, null, cpu());
    problems.push(...(await verify(db, 'capacity (API)', capacityApiJobs, apiResults, true)).problems);
    if (apiSummary.accepted !== n)
      problems.push(`capacity (API): ${n - apiSummary.accepted} not accepted: ${JSON.stringify(apiSummary.outcomes)}`);
    capacity = {
      api: apiSummary,
      sql: await sqlRun('capacity (SQL)', capacitySqlJobs, config.lanes, (pool) =>
        closedLoop(capacitySqlJobs, config.lanes, (job) => sqlSubmit(pool, job, agencyIds)),
      ),
    };
  }
  problems.push(...(await verify(db, 'warm-up', warmJobs, warm, true)).problems);
  if (api.hasExited) problems.push(api.exitReason());

  const ratios = {
    scheduled: {
      answeredPerSecond: ratio(burstSummary.answeredPerSecond, baselineSummary.answeredPerSecond),
      p50: ratio(burstSummary.latencyMs.p50, baselineSummary.latencyMs.p50),
      p99: ratio(burstSummary.latencyMs.p99, baselineSummary.latencyMs.p99),
    },
    capacity: capacity && {
      submissionsPerSecond: ratio(capacity.api.acceptedPerSecond, capacity.sql.acceptedPerSecond),
      p50: ratio(capacity.api.latencyMs.p50, capacity.sql.latencyMs.p50),
      p99: ratio(capacity.api.latencyMs.p99, capacity.sql.latencyMs.p99),
    },
  };
  type Summary = ReturnType<typeof summarize>;
  const row = (label: string, s: Summary): Cell[] => [
    label,
    s.requests,
    s.accepted,
    s.closed,
    s.requests - s.accepted - s.closed,
    fixed(s.latencyMs.p50),
    fixed(s.latencyMs.p99),
    fixed(s.latencyMs.max),
    fixed(s.spanSeconds, 2),
    fixed(s.answeredPerSecond),
    fixed(s.acceptedPerSecond),
  ];
  const offered = fixed((n * 1000) / config.windowMs, 0);
  const rows: Cell[][] = [
    ['run', 'sent', '200', '409 CLOSED', 'other', 'p50 ms', 'p99 ms', 'max ms', 'span s', 'answers/s', 'accepted/s'],
    row(`API burst across closesAt (open loop, ${offered}/s offered)`, burstSummary),
    row(`baseline: bare SQL, same schedule, pg Pool(${config.pool}), open call`, baselineSummary),
    [
      'ratio API/baseline',
      '',
      '',
      '',
      '',
      times(ratios.scheduled.p50),
      times(ratios.scheduled.p99),
      '',
      '',
      times(ratios.scheduled.answeredPerSecond, 3),
      '',
    ],
  ];
  if (capacity && ratios.capacity) {
    rows.push(
      row(`API, ${config.lanes} lanes closed loop, open call`, capacity.api),
      row(`baseline: bare SQL, ${config.lanes} lanes closed loop`, capacity.sql),
    );
    rows.push([
      'ratio API/baseline',
      '',
      '',
      '',
      '',
      times(ratios.capacity.p50),
      times(ratios.capacity.p99),
      '',
      '',
      '',
      times(ratios.capacity.submissionsPerSecond, 3),
    ]);
  }
  const cpuCores = cpuTable(
    [
      ['API burst', burstSummary.cpu],
      ['baseline, same schedule', baselineSummary.cpu],
      ...(capacity
        ? ([
            [`API, ${config.lanes} lanes`, capacity.api.cpu],
            [`baseline, ${config.lanes} lanes`, capacity.sql.cpu],
          ] as const)
        : []),
    ],
    { api: 'API', pgBench: 'pg (bench db)', bench: 'bench', redis: 'redis', other: 'other' },
  );
  const outcomeRows: Cell[][] = [
    ['burst outcome (status code)', 'count', 'p50 ms', 'p99 ms'],
    ...Object.entries(burstSummary.outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([outcome, count]) => [outcome, count, fixed(burstSummary.byOutcome[outcome].p50), fixed(burstSummary.byOutcome[outcome].p99)]),
  ];
  const rel = burstSummary.relativeToDeadlineMs;
  const signed = (ms: number) => (Number.isFinite(ms) ? `${ms >= 0 ? '+' : ''}${fixed(ms, 0)} ms` : 'n/a');
  const margins = { earliest: Math.min(...burstCheck.margins), latest: Math.max(...burstCheck.margins) };
  const straddle = [
    `requests sent from ${signed(rel.firstSent)} to ${signed(rel.lastSent)} relative to closesAt; ${burstSummary.sentBeforeDeadline} sent before it`,
    `last accepted request sent at ${signed(rel.lastAcceptedSent)}, answered at ${signed(rel.lastAcceptedAnswered)}; first refused request sent at ${signed(rel.firstRefusedSent)}`,
    `${burstSummary.refusedAlthoughSentBeforeDeadline} refused although sent before closesAt, ${fair.refused_within_allowance} of them sent within ${config.readAllowanceMs} ms of it (read after it); ` +
      `${burstSummary.acceptedButAnsweredAfterDeadline} accepted whose answer arrived after closesAt (read before it)`,
    `submitted_at (the API's receivedAt) of accepted proposals: from ${signed(margins.earliest)} to ${signed(margins.latest)} relative to closes_at (database clock - this process's clock: ${fixed(localClockSkewMs, 2)} ms)`,
    fair.read_delay_ms
      ? `request sent -> read by the API (submitted_at - send, accepted ones): p50 ${fixed(fair.read_delay_ms.p50, 1)} ms, p99 ${fixed(fair.read_delay_ms.p99, 1)} ms, max ${fixed(fair.read_delay_ms.max, 1)} ms`
      : 'no accepted request to measure the read delay on',
  ];
  return finishReport(
    'submit',
    {
      title:
        `Deadline burst: ${n} PIs submit ${n} different complete proposals over HTTP, one every ${fixed(config.windowMs / n, 1)} ms ` +
        `for ${fixed(config.windowMs / 1000, 1)} s starting ${fixed(config.beforeMs / 1000, 1)} s before the call's closesAt`,
      blocks: [table(rows), cpuCores, table(outcomeRows), straddle.map((line) => `- ${line}`).join('\n')],
      checked:
        `${n} answered = ${burstSummary.accepted} accepted + ${burstSummary.refused} refused (${burstSummary.unanswered} unanswered, ${burstSummary.server5xx} 5xx); ` +
        `in SQL: ${counts.submitted} SUBMITTED + ${counts.drafts} DRAFT in call A, ${counts.late} late; each accepted has a receipt per PI and an audit event, no refused one has any; ` +
        `of ${fair.sent_on_time} sent more than ${config.readAllowanceMs} ms before closes_at ${fair.on_time_refused} refused; ${fair.late_accepted} accepted with submitted_at at or after closes_at, ` +
        `${fair.sent_late_accepted} accepted though sent after it; ${fair.stamp_outside_request} submitted_at outside their request`,
      problems,
      notes: [
        'Latency = answer - scheduled send (open loop; includes any wait for a connection or, in the baseline, for a pooled client).',
        `answers/s = requests / (last answer - first send); accepted/s = 200s / (last 200 - first send). In the burst both are bounded by the offered rate (${offered}/s); the closed-loop rows measure capacity.`,
        'Baseline = BEGIN; SELECT ... FOR UPDATE; UPDATE proposal (state, submitted_at = clock_timestamp()); 2 x INSERT outbound_email; pg_notify; COMMIT ' +
          '(the deferred deadline trigger runs too). The API additionally authenticates (JWT), loads the proposal with team, attachments, verdicts and its call, ' +
          'checks every submission rule, cancels reminders, records a webhook event and an audit event, and answers the proposal.',
        `A submission counts by when the API had read the request (receivedAt, stored as submitted_at). "Sent in time" = sent more than BENCH_READ_ALLOWANCE_MS (${config.readAllowanceMs} ms) ` +
          "before closes_at, by this process's clock mapped onto the database's: a request sent closer to the deadline may be read after it.",
        `Researchers were inserted in SQL with one argon2id hash of light parameters (4 MiB, 1 pass) so that ${n} logins take seconds: ${fixed(loginSeconds, 1)} s here. Logins are set-up, not measured.`,
        "This process, the API, PostgreSQL and Redis share the machine's cores: absolute figures are pessimistic; compare the ratios.",
      ],
    },
    {
      config,
      callA: { id: callA.id, closesAt: callA.closesAt },
      localClockSkewMs,
      loginSeconds,
      burst: burstSummary,
      burstSubmittedAtMarginMs: margins,
      burstCounts: counts,
      burstFairness: { ...fair, problems: undefined },
      baseline: baselineSummary,
      capacity,
      ratios,
    },
  );
}

new Bench('submit', { timeoutS: config.timeoutS }).run(main);
