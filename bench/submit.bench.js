#!/usr/bin/env node
'use strict';

/**
 * Deadline burst: 300 PIs submit 300 different complete proposals over HTTP within a few seconds, on a call whose
 * deadline falls in the middle of the burst; then the same submissions as bare SQL transactions through `pg`.
 *
 *   npm run bench:submit                  # builds, then runs this file
 *   BENCH_PROPOSALS=500 BENCH_WINDOW_MS=5000 node bench/submit.bench.js
 *
 * Set-up (database jc_bench_submit, created, migrated with the TypeORM CLI and seeded with the demo accounts)
 *   - 2 x BENCH_PROPOSALS researchers inserted in SQL with ONE argon2id hash shared by all (home PIs and partner
 *     PIs); every home PI logs in through POST /auth/login before anything is measured;
 *   - calls created through the API by the NSTC officer, approved by the NSTC and GAČR officers and published:
 *     call A (the burst) closes BENCH_LEAD_MS after its creation; call B (the baselines) is open for 30 days;
 *   - complete DRAFT proposals inserted in SQL: both PIs confirmed members with accounts, budgets within the caps,
 *     duration within the limit, one attachment per required kind (one attachment_chunk holding a tiny PDF).
 *
 * Runs
 *   warm-up    BENCH_WARMUP submissions through the API on call B (not measured: JIT, TypeORM metadata, pool).
 *   burst      BENCH_PROPOSALS POST /api/v1/proposals/:id/submit on call A, OPEN LOOP: request i is sent at
 *              closesAt - BENCH_BEFORE_MS + i * BENCH_WINDOW_MS / BENCH_PROPOSALS over keep-alive connections (a
 *              plain http.Agent, pre-connected, no limit on sockets); latency = response - scheduled send.
 *   baseline   the same number of submissions as plain SQL transactions through `pg` on a second set of drafts in
 *              call B, at the same schedule offsets, through a Pool of BENCH_POOL (20, the API's own pool size):
 *              BEGIN; SELECT ... FOR UPDATE; UPDATE proposal SET state='SUBMITTED', submitted_at=clock_timestamp();
 *              two INSERTs into outbound_email; SELECT pg_notify; COMMIT. No deadline check beyond the trigger, no
 *              authentication, no audit row, no reminder cancellation, no reload of the proposal.
 *   capacity   (BENCH_CAPACITY=1, default) the API and the SQL baseline again, each on its own set of drafts in call
 *              B, CLOSED LOOP with BENCH_LANES (20) concurrent lanes: throughput at saturation.
 *
 * Verified in SQL afterwards: each 200 is SUBMITTED with submitted_at < closes_at, exactly one submission-receipt
 * outbox row per PI (to each PI's address) and one SUBMITTED audit event; each refusal is still a DRAFT without a
 * receipt; the call holds exactly as many SUBMITTED proposals as there were 200s; every request got an answer
 * (no 5xx, no timeout, no connection error); the baselines' and warm-up's proposals are all SUBMITTED with two
 * receipts each.
 *
 * CAVEAT: this process (load), the API, PostgreSQL and Redis share the machine's cores. The burst is open loop at
 * BENCH_PROPOSALS / BENCH_WINDOW_MS: its throughput is bounded by that offered rate, compare latencies there and
 * throughput in the capacity runs.
 *
 * Environment
 *   BENCH_DATABASE_URL, BENCH_REDIS_URL  as in bench/lib/harness.js (database jc_bench_submit, Redis keys jcb-submit)
 *   BENCH_PROPOSALS      submissions in the burst and in each baseline (default 300)
 *   BENCH_BEFORE_MS      the burst starts this long before closesAt (default 1500)
 *   BENCH_WINDOW_MS      the burst lasts this long (default 3000)
 *   BENCH_LEAD_MS        closesAt = creation of call A + this (default 8000); set-up between the two must fit
 *   BENCH_POOL           pg Pool size of the scheduled baseline (default 20, as the API)
 *   BENCH_LANES          concurrency of the capacity runs (default 20)
 *   BENCH_CAPACITY       1 to run the capacity runs, 0 to skip them (default 1)
 *   BENCH_WARMUP         warm-up submissions through the API before the burst (default 30)
 *   BENCH_REQUEST_TIMEOUT_MS  per request (default 30000)
 *   BENCH_SUBMIT_PORT    API port (default 3911)
 *   BENCH_TIMEOUT_S      overall time budget (default 170)
 *
 * Writes bench/results/submit.json; always cleans up (the API, the database, the Redis keys); exit codes as in bench/lib/harness.js.
 */

const crypto = require('node:crypto');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const {
  log,
  sleep,
  intEnv,
  distribution,
  fixed,
  table,
  gitState,
  machine,
  machineLine,
  writeResults,
  createHarness,
  cpuWindow,
  login,
  loginOfficers,
  mapLimit,
  callBody,
  publishCall,
  lightPasswordHash,
  insertResearchers,
  insertDrafts,
} = require('./lib/harness');

const config = {
  proposals: intEnv('BENCH_PROPOSALS', 300),
  beforeMs: intEnv('BENCH_BEFORE_MS', 1500, 0),
  windowMs: intEnv('BENCH_WINDOW_MS', 3000),
  leadMs: intEnv('BENCH_LEAD_MS', 8000, 1000),
  pool: intEnv('BENCH_POOL', 20),
  lanes: intEnv('BENCH_LANES', 20),
  capacity: intEnv('BENCH_CAPACITY', 1, 0) > 0,
  warmup: intEnv('BENCH_WARMUP', 30, 0),
  requestTimeoutMs: intEnv('BENCH_REQUEST_TIMEOUT_MS', 30000),
  port: intEnv('BENCH_SUBMIT_PORT', 3911),
  timeoutS: intEnv('BENCH_TIMEOUT_S', 170, 30),
};
if (config.beforeMs > config.windowMs) throw new Error('BENCH_BEFORE_MS must not exceed BENCH_WINDOW_MS: the burst must straddle closesAt');

const KINDS = ['project-description', 'budget-justification'];
const RECEIPT = 'submission-receipt';
const h = createHarness({ name: 'submit', timeoutS: config.timeoutS });

// -- HTTP ----------------------------------------------------------------------------------------------------------------

/** POST with an empty body over `agent`; never rejects: { status, code, state, error }. */
function post(agent, base, path, token, timeoutMs) {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': '0' },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          let body = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON
          }
          done({ status: response.statusCode, code: body?.code ?? null, state: body?.state ?? null, error: null });
        });
        response.on('error', (error) => done({ status: null, code: null, state: null, error: error.message }));
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error(`timeout after ${timeoutMs} ms`));
    });
    request.on('error', (error) => done({ status: null, code: null, state: null, error: error.message }));
    request.end();
  });
}

/** Opens `count` keep-alive connections on `agent` (concurrent GET /health), so the burst does not pay TCP set-up. */
async function preconnect(agent, base, count) {
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const request = http.get(`${base}/health`, { agent }, (response) => {
            response.resume();
            response.on('end', resolve);
          });
          request.on('error', reject);
        }),
    ),
  );
}

// -- runs ------------------------------------------------------------------------------------------------------------------

/**
 * Sends one submit per job at `startAt + offsets[i]` (performance.now() time base), without waiting for earlier
 * answers. Returns per job { sentAt, doneAt, status, code, state, error }.
 */
async function openLoop(jobs, startAt, offsets, send) {
  return Promise.all(
    jobs.map(async (job, i) => {
      const at = startAt + offsets[i];
      const wait = at - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      const result = await send(job);
      return { ...result, scheduledAt: at, sentAt, doneAt: performance.now() };
    }),
  );
}

/** `lanes` concurrent loops, each sending the next job as soon as its previous answer arrived. */
async function closedLoop(jobs, lanes, send) {
  const start = performance.now();
  const out = await mapLimit(jobs, lanes, async (job) => {
    const sentAt = performance.now();
    const result = await send(job);
    return { ...result, scheduledAt: sentAt, sentAt, doneAt: performance.now() };
  });
  return { results: out, start };
}

/** One submission as bare SQL, with the statements the brief of the baseline names. */
async function sqlSubmit(client, job, agencyIds) {
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT id, state FROM proposal WHERE id = $1 FOR UPDATE', [job.id]);
    if (rows.length !== 1 || rows[0].state !== 'DRAFT') throw Object.assign(new Error('not a draft'), { code: 'NOT_DRAFT' });
    const updated = await client.query(
      `UPDATE proposal SET state = 'SUBMITTED', submitted_at = clock_timestamp(), version = version + 1 WHERE id = $1
       RETURNING submitted_at`,
      [job.id],
    );
    const submittedAt = updated.rows[0].submitted_at.toISOString();
    for (const pi of job.pis) {
      await client.query(
        `INSERT INTO outbound_email (idempotency_key, type, recipient_email, recipient_name, language, variables, sensitive,
                                     subject_type, subject_id, agency_ids)
         VALUES ($1, $2, $3, $4, 'en', $5::jsonb, false, 'PROPOSAL', $6, $7::uuid[]) ON CONFLICT DO NOTHING`,
        [
          [RECEIPT, pi.email, 'PROPOSAL', job.id, 'submitted'].join('|'),
          RECEIPT,
          pi.email,
          pi.name,
          JSON.stringify({ name: pi.name, proposalTitle: job.title, callTitle: job.callTitle, reference: job.id.slice(0, 8), submittedAt }),
          job.id,
          agencyIds,
        ],
      );
    }
    await client.query(`SELECT pg_notify('outbound_email', '')`);
    await client.query('COMMIT');
    return { status: 200, code: null, state: 'SUBMITTED', error: null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { status: null, code: error.code ?? null, state: null, error: error.message };
  }
}

function summarize(results, { deadlineAt = null } = {}) {
  const latencies = results.filter((r) => r.status !== null).map((r) => r.doneAt - r.scheduledAt);
  const firstSent = Math.min(...results.map((r) => r.sentAt));
  const lastDone = Math.max(...results.map((r) => r.doneAt));
  const accepted = results.filter((r) => r.status === 200);
  const lastAcceptedDone = accepted.length ? Math.max(...accepted.map((r) => r.doneAt)) : NaN;
  const outcomes = {};
  for (const r of results) {
    const key = r.status === null ? `no answer: ${r.error}` : r.status === 200 ? '200' : `${r.status} ${r.code ?? '(no code)'}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const spanS = (lastDone - firstSent) / 1000;
  const summary = {
    requests: results.length,
    accepted: accepted.length,
    refused: results.filter((r) => r.status !== null && r.status !== 200).length,
    unanswered: results.filter((r) => r.status === null).length,
    server5xx: results.filter((r) => r.status !== null && r.status >= 500).length,
    outcomes,
    latencyMs: distribution(latencies),
    spanSeconds: spanS,
    answeredPerSecond: results.length / spanS,
    acceptedPerSecond: accepted.length / ((lastAcceptedDone - firstSent) / 1000),
  };
  if (deadlineAt !== null) {
    const rel = (t) => t - deadlineAt;
    const refused = results.filter((r) => r.status !== null && r.status !== 200);
    summary.relativeToDeadlineMs = {
      firstSent: rel(firstSent),
      lastSent: rel(Math.max(...results.map((r) => r.sentAt))),
      lastAcceptedSent: accepted.length ? rel(Math.max(...accepted.map((r) => r.sentAt))) : null,
      lastAcceptedAnswered: accepted.length ? rel(lastAcceptedDone) : null,
      firstRefusedSent: refused.length ? rel(Math.min(...refused.map((r) => r.sentAt))) : null,
    };
    summary.sentBeforeDeadline = results.filter((r) => r.sentAt < deadlineAt).length;
    summary.refusedAlthoughSentBeforeDeadline = refused.filter((r) => r.sentAt < deadlineAt).length;
    summary.acceptedButAnsweredAfterDeadline = accepted.filter((r) => r.doneAt >= deadlineAt).length;
    summary.acceptedLatencyMs = distribution(accepted.map((r) => r.doneAt - r.scheduledAt));
    summary.refusedLatencyMs = distribution(refused.map((r) => r.doneAt - r.scheduledAt));
  }
  return summary;
}

// -- verification ------------------------------------------------------------------------------------------------------------

const VERIFY_SQL = `
  SELECT p.id, p.state, p.submitted_at, c.closes_at,
         extract(epoch FROM (p.submitted_at - c.closes_at)) * 1000 AS margin_ms,
         (SELECT coalesce(array_agg(o.recipient_email ORDER BY o.recipient_email), '{}')
            FROM outbound_email o WHERE o.type = $2 AND o.subject_type = 'PROPOSAL' AND o.subject_id = p.id) AS receipts,
         (SELECT count(*)::int FROM audit_event a WHERE a.entity_type = 'PROPOSAL' AND a.entity_id = p.id AND a.action = 'SUBMITTED')
           AS audits
    FROM proposal p JOIN call c ON c.id = p.call_id
   WHERE p.id = ANY($1::uuid[])`;

/** Checks each proposal of `jobs` against what its submission was answered; returns problems and figures. */
async function verify(db, label, jobs, results, { audited }) {
  const { rows } = await db.query(VERIFY_SQL, [jobs.map((job) => job.id), RECEIPT]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const problems = [];
  const note = (message) => {
    if (problems.length < 12) problems.push(`${label}: ${message}`);
    else if (problems.length === 12) problems.push(`${label}: ... (more)`);
  };
  let latestMarginMs = -Infinity;
  let earliestMarginMs = Infinity;
  jobs.forEach((job, i) => {
    const row = byId.get(job.id);
    const result = results[i];
    if (!row) return note(`proposal ${job.id} is missing`);
    const expected = job.pis.map((pi) => pi.email.toLowerCase()).sort();
    if (result.status === 200) {
      if (row.state !== 'SUBMITTED') note(`${job.id} answered 200 but is ${row.state}`);
      if (!row.submitted_at || !(row.submitted_at < row.closes_at))
        note(`${job.id} answered 200 but submitted_at ${row.submitted_at?.toISOString()} is not before ${row.closes_at.toISOString()}`);
      if (JSON.stringify(row.receipts) !== JSON.stringify(expected))
        note(`${job.id} has receipts ${JSON.stringify(row.receipts)}, expected one per PI ${JSON.stringify(expected)}`);
      if (audited && row.audits !== 1) note(`${job.id} has ${row.audits} SUBMITTED audit events, expected 1`);
      if (row.margin_ms !== null) {
        latestMarginMs = Math.max(latestMarginMs, Number(row.margin_ms));
        earliestMarginMs = Math.min(earliestMarginMs, Number(row.margin_ms));
      }
    } else {
      if (row.state !== 'DRAFT') note(`${job.id} was refused (${result.status} ${result.code ?? result.error}) but is ${row.state}`);
      if (row.submitted_at !== null) note(`${job.id} was refused but has submitted_at ${row.submitted_at.toISOString()}`);
      if (row.receipts.length > 0) note(`${job.id} was refused but has ${row.receipts.length} receipt(s)`);
      if (audited && row.audits !== 0) note(`${job.id} was refused but has ${row.audits} SUBMITTED audit events`);
    }
    return undefined;
  });
  return { problems, latestMarginMs, earliestMarginMs };
}

// -- main ------------------------------------------------------------------------------------------------------------------

async function main() {
  const n = config.proposals;
  const m = machine();
  await h.prepareDatabase();
  const { child: api, base } = await h.startApi(config.port);

  const db = h.closeLater(await h.connect());
  const { Pool } = require('pg');
  const agencies = new Map((await db.query('SELECT id, code FROM agency')).rows.map((row) => [row.code, row.id]));
  const agencyIds = [agencies.get('NSTC'), agencies.get('GACR')];

  // Researchers: one hash for all (light argon2id parameters; see lightPasswordHash), inserted in one statement.
  const password = `bench-${crypto.randomBytes(8).toString('hex')}`;
  const hash = await lightPasswordHash(password);
  const people = [];
  for (let i = 0; i < n; i++) {
    const id = String(i + 1).padStart(4, '0');
    people.push({
      email: `pi-home-${id}@bench.example.test`,
      name: `Home PI ${id}`,
      institution: 'National Taiwan University',
      country: 'TW',
    });
  }
  for (let i = 0; i < n; i++) {
    const id = String(i + 1).padStart(4, '0');
    people.push({
      email: `pi-partner-${id}@bench.example.test`,
      name: `Partner PI ${id}`,
      institution: 'Charles University',
      country: 'CZ',
    });
  }
  const users = await insertResearchers(db, people, hash);
  const home = users.slice(0, n);
  const partner = users.slice(n);
  log(`inserted ${users.length} researchers (one shared argon2id hash)`);

  let started = performance.now();
  const officers = await loginOfficers(base);
  const tokens = await mapLimit(home, 8, (user) => login(base, user.email, password));
  const loginSeconds = (performance.now() - started) / 1000;
  log(`logged in 2 officers and ${n} home PIs in ${fixed(loginSeconds, 1)} s`);

  // Call B: open for 30 days; hosts the warm-up, the baselines and the API's capacity run.
  const callB = await publishCall(
    base,
    officers,
    callBody(agencies.get('GACR'), {
      title: 'Bench open call',
      closesAt: Date.now() + 30 * 24 * 3600 * 1000,
      requiredAttachmentKinds: KINDS,
    }),
  );
  const jobsOf = (ids, call, count = ids.length) =>
    ids.slice(0, count).map((id, i) => ({
      id,
      token: tokens[i],
      title: `proposal ${i + 1}`,
      callTitle: call.title,
      pis: [home[i], partner[i]].map((u) => ({ email: u.email, name: u.name })),
    }));
  const draftsB = async (tag, count = n) =>
    jobsOf(
      await insertDrafts(db, { callId: callB.id, home: home.slice(0, count), partner: partner.slice(0, count), kinds: KINDS, tag }),
      callB,
    );
  const warmJobs = config.warmup > 0 ? await draftsB('W', Math.min(config.warmup, n)) : [];
  const baselineJobs = await draftsB('B');
  const capacityApiJobs = config.capacity ? await draftsB('C') : [];
  const capacitySqlJobs = config.capacity ? await draftsB('D') : [];
  log(
    `call B ${callB.id} published; ${warmJobs.length + baselineJobs.length + capacityApiJobs.length + capacitySqlJobs.length} drafts in it`,
  );

  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' });
  h.closeLater({ end: () => agent.destroy() });
  const submitVia = (a) => (job) => post(a, base, `/api/v1/proposals/${job.id}/submit`, job.token, config.requestTimeoutMs);

  if (warmJobs.length > 0) {
    const warm = await closedLoop(warmJobs, Math.min(config.lanes, warmJobs.length), submitVia(agent));
    const failed = warm.results.filter((r) => r.status !== 200);
    if (failed.length > 0) throw new Error(`warm-up: ${failed.length} submissions failed, e.g. ${JSON.stringify(failed[0])}`);
    log(`warm-up: ${warmJobs.length} submissions through the API on call B`);
  }

  // Call A: its deadline is BENCH_LEAD_MS away; the drafts go in and the connections open meanwhile.
  const closesAtPlanned = Date.now() + config.leadMs;
  const callA = await publishCall(
    base,
    officers,
    callBody(agencies.get('GACR'), { title: 'Bench deadline call', closesAt: closesAtPlanned, requiredAttachmentKinds: KINDS }),
  );
  const closesAtEpoch = Date.parse(callA.closesAt);
  const burstJobs = jobsOf(await insertDrafts(db, { callId: callA.id, home, partner, kinds: KINDS, tag: 'A' }), callA);

  // The deadline is judged by the database clock: map it onto this process's performance.now().
  const t0 = performance.now();
  const { rows: clockRows } = await db.query('SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms');
  const t1 = performance.now();
  const dbMinusPerf = Number(clockRows[0].ms) - (t0 + t1) / 2; // epoch ms (database) - performance.now()
  const localClockSkewMs = Number(clockRows[0].ms) - (performance.timeOrigin + (t0 + t1) / 2);
  const deadlineAt = closesAtEpoch - dbMinusPerf;
  const burstStart = deadlineAt - config.beforeMs;
  const offsets = burstJobs.map((_, i) => (i * config.windowMs) / n);

  await preconnect(agent, base, Math.min(n, 64));
  const slackMs = burstStart - performance.now();
  if (slackMs < 100) {
    throw new Error(`set-up after creating call A took too long: the burst would start ${fixed(-slackMs, 0)} ms late; raise BENCH_LEAD_MS`);
  }
  log(
    `call A ${callA.id} closes at ${callA.closesAt}; ${n} drafts ready; burst of ${n} over ${config.windowMs} ms starts ` +
      `${config.beforeMs} ms before the deadline, in ${fixed(slackMs / 1000, 2)} s (database clock - local clock: ${fixed(localClockSkewMs, 2)} ms)`,
  );

  // -- the burst --
  const roles = { api: [api.pid] };
  await sleep(Math.max(0, burstStart - performance.now() - 20)); // the CPU window covers the burst, not the wait
  let cpu = cpuWindow(h.database, roles);
  const burst = await openLoop(burstJobs, burstStart, offsets, submitVia(agent));
  const burstSummary = summarize(burst, { deadlineAt });
  burstSummary.cpuCores = cpu();
  log(
    `burst: ${burstSummary.accepted} accepted, ${burstSummary.refused} refused, ${burstSummary.unanswered} unanswered; ` +
      `p50 ${fixed(burstSummary.latencyMs.p50, 1)} ms, p99 ${fixed(burstSummary.latencyMs.p99, 1)} ms`,
  );
  if (h.hasExited(api)) throw new Error(`during the burst: ${h.exitReason(api)}`);

  const checks = [];
  const burstCheck = await verify(db, 'burst', burstJobs, burst, { audited: true });
  checks.push(...burstCheck.problems);
  const { rows: countRows } = await db.query(
    `SELECT count(*) FILTER (WHERE state = 'SUBMITTED')::int AS submitted, count(*) FILTER (WHERE state = 'DRAFT')::int AS drafts,
            count(*) FILTER (WHERE state = 'SUBMITTED' AND submitted_at >= (SELECT closes_at FROM call WHERE id = $1))::int AS late
       FROM proposal WHERE call_id = $1`,
    [callA.id],
  );
  const counts = countRows[0];
  if (counts.submitted !== burstSummary.accepted)
    checks.push(`burst: the call holds ${counts.submitted} SUBMITTED proposals but ${burstSummary.accepted} submissions were answered 200`);
  if (counts.late !== 0) checks.push(`burst: ${counts.late} proposals SUBMITTED at or after closes_at`);
  if (burstSummary.accepted + burstSummary.refused !== n)
    checks.push(
      `burst: ${burstSummary.accepted} accepted + ${burstSummary.refused} refused != ${n} (${burstSummary.unanswered} unanswered)`,
    );
  if (burstSummary.server5xx > 0) checks.push(`burst: ${burstSummary.server5xx} answers were 5xx`);
  if (burstSummary.unanswered > 0) checks.push(`burst: ${burstSummary.unanswered} requests got no answer (timeout or connection error)`);
  for (const [outcome, count] of Object.entries(burstSummary.outcomes)) {
    if (outcome !== '200' && outcome !== '409 CALL_CLOSED') checks.push(`burst: ${count} x unexpected outcome "${outcome}"`);
  }
  if (burstSummary.accepted === 0 || burstSummary.refused === 0)
    checks.push(`burst: the deadline did not split the burst (${burstSummary.accepted} accepted, ${burstSummary.refused} refused)`);

  // -- baseline: same schedule, bare SQL --
  const pool = h.closeLater(new Pool({ connectionString: h.benchUrl, max: config.pool }));
  pool.on('error', () => undefined);
  await Promise.all(Array.from({ length: config.pool }, () => pool.query('SELECT 1'))); // pre-connect
  const viaPool = (job) =>
    pool.connect().then(async (client) => {
      try {
        return await sqlSubmit(client, job, agencyIds);
      } finally {
        client.release();
      }
    });
  log(`baseline: ${n} SQL submissions at the burst's schedule through a pg Pool(${config.pool})`);
  cpu = cpuWindow(h.database, roles);
  const baseline = await openLoop(baselineJobs, performance.now() + 100, offsets, viaPool);
  const baselineSummary = summarize(baseline);
  baselineSummary.cpuCores = cpu();
  const baselineCheck = await verify(db, 'baseline', baselineJobs, baseline, { audited: false });
  checks.push(...baselineCheck.problems);
  if (baselineSummary.accepted !== n) checks.push(`baseline: ${n - baselineSummary.accepted} SQL submissions failed`);

  // -- capacity: closed loop, same concurrency --
  let capacityApi = null;
  let capacitySql = null;
  if (config.capacity) {
    if (h.hasExited(api)) throw new Error(`before the capacity runs: ${h.exitReason(api)}`);
    const laneAgent = new http.Agent({ keepAlive: true, maxSockets: config.lanes });
    h.closeLater({ end: () => laneAgent.destroy() });
    await preconnect(laneAgent, base, config.lanes);
    log(`capacity: ${n} API submissions, ${config.lanes} lanes (open call)`);
    cpu = cpuWindow(h.database, roles);
    const apiRun = await closedLoop(capacityApiJobs, config.lanes, submitVia(laneAgent));
    capacityApi = summarize(apiRun.results);
    capacityApi.cpuCores = cpu();
    checks.push(...(await verify(db, 'capacity (API)', capacityApiJobs, apiRun.results, { audited: true })).problems);
    if (capacityApi.accepted !== n)
      checks.push(`capacity (API): ${n - capacityApi.accepted} submissions not accepted: ${JSON.stringify(capacityApi.outcomes)}`);

    const lanePool = h.closeLater(new Pool({ connectionString: h.benchUrl, max: config.lanes }));
    lanePool.on('error', () => undefined);
    await Promise.all(Array.from({ length: config.lanes }, () => lanePool.query('SELECT 1')));
    log(`capacity: ${n} SQL submissions, ${config.lanes} lanes`);
    cpu = cpuWindow(h.database, roles);
    const sqlRun = await closedLoop(capacitySqlJobs, config.lanes, (job) =>
      lanePool.connect().then(async (client) => {
        try {
          return await sqlSubmit(client, job, agencyIds);
        } finally {
          client.release();
        }
      }),
    );
    capacitySql = summarize(sqlRun.results);
    capacitySql.cpuCores = cpu();
    checks.push(...(await verify(db, 'capacity (SQL)', capacitySqlJobs, sqlRun.results, { audited: false })).problems);
    if (capacitySql.accepted !== n) checks.push(`capacity (SQL): ${n - capacitySql.accepted} SQL submissions failed`);
  }
  if (warmJobs.length > 0) {
    checks.push(
      ...(
        await verify(
          db,
          'warm-up',
          warmJobs,
          warmJobs.map(() => ({ status: 200 })),
          { audited: true },
        )
      ).problems,
    );
  }
  if (h.hasExited(api)) checks.push(h.exitReason(api));

  // -- output --
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
  const x = (value, digits = 2) => (Number.isFinite(value) ? `${value.toFixed(digits)}x` : 'n/a');
  const row = (label, s) => [
    label,
    s.requests,
    s.accepted,
    s.outcomes['409 CALL_CLOSED'] ?? 0,
    s.requests - s.accepted - (s.outcomes['409 CALL_CLOSED'] ?? 0),
    fixed(s.latencyMs.p50, 1),
    fixed(s.latencyMs.p99, 1),
    fixed(s.latencyMs.max, 1),
    fixed(s.spanSeconds, 2),
    fixed(s.answeredPerSecond, 1),
    fixed(s.acceptedPerSecond, 1),
  ];
  const ratios = {
    scheduled: {
      answeredPerSecond: ratio(burstSummary.answeredPerSecond, baselineSummary.answeredPerSecond),
      p50: ratio(burstSummary.latencyMs.p50, baselineSummary.latencyMs.p50),
      p99: ratio(burstSummary.latencyMs.p99, baselineSummary.latencyMs.p99),
    },
    capacity: capacityApi && {
      submissionsPerSecond: ratio(capacityApi.acceptedPerSecond, capacitySql.acceptedPerSecond),
      p50: ratio(capacityApi.latencyMs.p50, capacitySql.latencyMs.p50),
      p99: ratio(capacityApi.latencyMs.p99, capacitySql.latencyMs.p99),
    },
  };
  const rows = [
    ['run', 'sent', '200', '409 CLOSED', 'other', 'p50 ms', 'p99 ms', 'max ms', 'span s', 'answers/s', 'accepted/s'],
    row(`API burst across closesAt (open loop, ${fixed((n * 1000) / config.windowMs, 0)}/s offered)`, burstSummary),
    row(`baseline: bare SQL, same schedule, pg Pool(${config.pool}), open call`, baselineSummary),
    [
      'ratio API/baseline',
      '',
      '',
      '',
      '',
      x(ratios.scheduled.p50),
      x(ratios.scheduled.p99),
      '',
      '',
      x(ratios.scheduled.answeredPerSecond, 3),
      '',
    ],
  ];
  if (capacityApi) {
    rows.push(row(`API, ${config.lanes} lanes closed loop, open call`, capacityApi));
    rows.push(row(`baseline: bare SQL, ${config.lanes} lanes closed loop`, capacitySql));
    rows.push([
      'ratio API/baseline',
      '',
      '',
      '',
      '',
      x(ratios.capacity.p50),
      x(ratios.capacity.p99),
      '',
      '',
      '',
      x(ratios.capacity.submissionsPerSecond, 3),
    ]);
  }
  const cpuRows = [['CPU cores used (average over the run)', 'machine', 'API', 'pg (bench db)', 'bench', 'redis', 'other']];
  const cpuRow = (label, s) => {
    const c = s.cpuCores ?? {};
    return [
      label,
      fixed(c.machineBusy, 2),
      fixed(c.api ?? 0, 2),
      fixed(c.pgBench ?? 0, 2),
      fixed(c.bench ?? 0, 2),
      fixed(c.redis ?? 0, 2),
      fixed(c.other ?? 0, 2),
    ];
  };
  cpuRows.push(cpuRow('API burst', burstSummary), cpuRow('baseline, same schedule', baselineSummary));
  if (capacityApi) cpuRows.push(cpuRow(`API, ${config.lanes} lanes`, capacityApi), cpuRow(`baseline, ${config.lanes} lanes`, capacitySql));
  const outcomeRows = [['burst outcome (status code)', 'count', 'p50 ms', 'p99 ms']];
  for (const [outcome, count] of Object.entries(burstSummary.outcomes).sort(([, a], [, b]) => b - a)) {
    const matching = burst.filter((r) =>
      outcome === '200'
        ? r.status === 200
        : r.status === null
          ? `no answer: ${r.error}` === outcome
          : `${r.status} ${r.code ?? '(no code)'}` === outcome,
    );
    const d = distribution(matching.map((r) => r.doneAt - r.scheduledAt));
    outcomeRows.push([outcome, count, fixed(d.p50, 1), fixed(d.p99, 1)]);
  }
  const rel = burstSummary.relativeToDeadlineMs;
  const signed = (ms) => (ms === null || !Number.isFinite(ms) ? 'n/a' : `${ms >= 0 ? '+' : ''}${fixed(ms, 0)} ms`);
  const straddle = [
    `requests sent from ${signed(rel.firstSent)} to ${signed(rel.lastSent)} relative to closesAt; ${burstSummary.sentBeforeDeadline} sent before it`,
    `last accepted request sent at ${signed(rel.lastAcceptedSent)}, answered at ${signed(rel.lastAcceptedAnswered)}; ` +
      `first refused request sent at ${signed(rel.firstRefusedSent)}`,
    `${burstSummary.refusedAlthoughSentBeforeDeadline} refused although sent before closesAt (their transaction could not commit in time); ` +
      `${burstSummary.acceptedButAnsweredAfterDeadline} accepted whose answer arrived after closesAt (committed before it)`,
    `submitted_at of accepted proposals: from ${signed(burstCheck.earliestMarginMs)} to ${signed(burstCheck.latestMarginMs)} relative to closes_at ` +
      `(database clock - this process's clock: ${fixed(localClockSkewMs, 2)} ms)`,
  ];
  const git = gitState();
  const header = [
    `Deadline burst: ${n} PIs submit ${n} different complete proposals over HTTP, one every ${fixed(config.windowMs / n, 1)} ms ` +
      `for ${fixed(config.windowMs / 1000, 1)} s starting ${fixed(config.beforeMs / 1000, 1)} s before the call's closesAt`,
    machineLine(m, git),
  ];
  const notes = [
    `Latency = answer - scheduled send (open loop; includes any wait for a connection or, in the baseline, for a pooled client).`,
    `answers/s = requests / (last answer - first send); accepted/s = 200s / (last 200 - first send). In the burst both are ` +
      `bounded by the offered rate (${fixed((n * 1000) / config.windowMs, 0)}/s); the closed-loop rows measure capacity.`,
    `Baseline = BEGIN; SELECT ... FOR UPDATE; UPDATE proposal (state, submitted_at = clock_timestamp()); 2 x INSERT outbound_email; ` +
      `pg_notify; COMMIT (the deferred deadline trigger runs too). The API additionally authenticates (JWT), loads the proposal with team, ` +
      `attachments, verdicts and its call with agencies and approvals, checks every submission rule, cancels reminders, writes an audit ` +
      `event and reloads the proposal for its answer.`,
    `Researchers were inserted in SQL with one argon2id hash of light parameters (4 MiB, 1 pass; argon2.verify reads them from the ` +
      `hash) so that ${n} logins take seconds: ${fixed(loginSeconds, 1)} s here. Logins are set-up, not measured.`,
    `${m.cpus} CPU core(s) shared by this process, the API, PostgreSQL and Redis: absolute figures are pessimistic; compare the ratios.`,
  ];
  process.stdout.write(
    `\n${header.join('\n')}\n\n${table(rows)}\n\n${table(cpuRows)}\n\n${table(outcomeRows)}\n\n${straddle.map((line) => `- ${line}`).join('\n')}\n\n` +
      `Checks: ${n} answered = ${burstSummary.accepted} accepted + ${burstSummary.refused} refused (${burstSummary.unanswered} unanswered, ` +
      `${burstSummary.server5xx} 5xx); in SQL: ${counts.submitted} SUBMITTED + ${counts.drafts} DRAFT in call A, ${counts.late} late; ` +
      `each accepted has a receipt per PI and an audit event, no refused one has any` +
      `${checks.length ? `\nPROBLEMS:\n${checks.map((problem) => `  ! ${problem}`).join('\n')}` : ' - OK'}\n\n` +
      `${notes.map((note) => `* ${note}`).join('\n')}\n`,
  );

  writeResults('submit', {
    benchmark: 'submit: deadline burst over HTTP vs bare SQL submissions',
    date: new Date().toISOString(),
    config,
    machine: m,
    git,
    callA: { id: callA.id, closesAt: callA.closesAt },
    localClockSkewMs,
    loginSeconds,
    burst: burstSummary,
    burstSubmittedAtMarginMs: { earliest: burstCheck.earliestMarginMs, latest: burstCheck.latestMarginMs },
    burstCounts: counts,
    baseline: baselineSummary,
    capacity: capacityApi && { api: capacityApi, sql: capacitySql },
    ratios,
    problems: checks,
    notes,
  });
  return checks.length === 0 ? 0 : 2;
}

h.run(main);
