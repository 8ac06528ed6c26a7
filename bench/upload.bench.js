#!/usr/bin/env node
'use strict';

/**
 * Parallel attachment uploads: 20 x 20 MiB PDFs streamed through the API at once, watching the API's memory; against
 * bare `pg` writing the same bytes in 1 MiB chunks, and a bare Node HTTP server that discards them.
 *
 *   npm run bench:upload                  # builds, then runs this file
 *   BENCH_UPLOADS=10 node bench/upload.bench.js
 *
 * Set-up (database jc_bench_upload, created, migrated with the TypeORM CLI and seeded with the demo accounts): a call
 * created through the API by the NSTC officer, approved by both officers and published, requiring the attachment
 * kind "project-description"; BENCH_UPLOADS researchers inserted in SQL (one shared argon2id hash) and logged in
 * through the API; one DRAFT proposal per researcher inserted in SQL (the researcher its confirmed home PI), plus
 * a second set for the SQL baseline and two more for the warm-up and the size-limit check.
 *
 * Files: "%PDF-1.4\n%<comment naming the file>\n" + random bytes + "\n%%EOF\n", BENCH_FILE_BYTES long (default
 * 20971520 = 20 MiB, the API's limit on the file part); the random filler is shared, the comment makes every file's
 * SHA-256 different. Random bytes because real PDFs are mostly compressed streams (and PostgreSQL would compress
 * zeros away).
 *
 * Runs
 *   API        BENCH_UPLOADS concurrent POST /api/v1/proposals/:id/attachments?kind=project-description, multipart
 *              part "file", each on its own connection, written with back-pressure in 256 KiB slices. The API's
 *              VmRSS is polled every 20 ms from /proc (VmHWM is reset before and read after, so a peak between two
 *              polls is not missed); growth = peak - RSS before (median of the idle samples before the start).
 *   baseline   (pg) the same bytes written by BENCH_UPLOADS `pg` connections at once, each in one transaction:
 *              INSERT attachment; INSERT attachment_chunk per 1 MiB slice; UPDATE attachment (size, sha256); COMMIT.
 *   baseline   (http) the same multipart requests to a bare `node:http` server (a child process) that reads and
 *              discards the bodies: the cost of moving the bytes over loopback HTTP alone.
 *   limit      one file of BENCH_FILE_BYTES + 1 bytes must be refused with 413 and leave no attachment.
 *
 * Verified in SQL: per upload, one attachment whose size and sha256 are what was sent, its chunks add up to the size
 * and the SHA-256 of the chunks concatenated in order (computed by PostgreSQL) matches too; the same for the pg
 * baseline.
 *
 * CAVEAT: this process (load), the API, PostgreSQL and Redis share the machine's cores and disk.
 *
 * Environment
 *   BENCH_DATABASE_URL, BENCH_REDIS_URL  as in bench/lib/harness.js (database jc_bench_upload, Redis keys jcb-upload)
 *   BENCH_UPLOADS        parallel uploads (default 20)
 *   BENCH_FILE_BYTES     size of each file (default 20971520)
 *   BENCH_RSS_LIMIT_MIB  the check fails when the API's RSS grows by this much or more (default 200, half of the
 *                        400 MiB that 20 whole files would take; streaming holds about a 1 MiB slice and its copies
 *                        per upload, plus garbage not yet collected)
 *   BENCH_UPLOAD_PORT / BENCH_SINK_PORT  (default 3921 / 3922)
 *   BENCH_TIMEOUT_S      overall time budget (default 170)
 *
 * Writes bench/results/upload.json; always cleans up (the API, the sink, the database, the Redis keys); exit codes as in
 * bench/lib/harness.js.
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
  memoryOf,
  resetPeakRss,
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

const MiB = 1024 * 1024;
const KIND = 'project-description';
const SLICE = 256 * 1024; // HTTP writes
const CHUNK = MiB; // pg baseline rows, as CHUNK_BYTES in src/proposals/attachments/attachment-store.ts

// ---------------------------------------------------------------------------------------------------------------
// Sink mode: `node bench/upload.bench.js --sink` (spawned by the benchmark): reads every request body, discards it.
// ---------------------------------------------------------------------------------------------------------------

function runSink() {
  const server = http.createServer((request, response) => {
    let bytes = 0;
    request.on('data', (chunk) => {
      bytes += chunk.length;
    });
    request.on('end', () => {
      response.writeHead(request.url === '/health' ? 200 : 201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ bytes }));
    });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop); // the benchmark died: do not linger
  server.listen(Number(process.env.PORT), '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------------------------
// Benchmark mode.
// ---------------------------------------------------------------------------------------------------------------

const config = {
  uploads: intEnv('BENCH_UPLOADS', 20),
  fileBytes: intEnv('BENCH_FILE_BYTES', 20 * MiB, 1024),
  rssLimitMiB: intEnv('BENCH_RSS_LIMIT_MIB', 200),
  port: intEnv('BENCH_UPLOAD_PORT', 3921),
  sinkPort: intEnv('BENCH_SINK_PORT', 3922),
  timeoutS: intEnv('BENCH_TIMEOUT_S', 170, 30),
};

/** A virtual file: a header naming it, the shared random filler, the PDF trailer; never concatenated whole. */
function makeFile(filler, index, size, nonce) {
  const header = Buffer.from(`%PDF-1.4\n%jc-bench upload ${String(index).padStart(4, '0')} ${nonce}\n`);
  const trailer = Buffer.from('\n%%EOF\n');
  const fillerBytes = size - header.length - trailer.length;
  if (fillerBytes < 0 || fillerBytes > filler.length) throw new Error(`cannot build a file of ${size} bytes`);
  const parts = [header, filler.subarray(0, fillerBytes), trailer];
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  return { parts, size, sha256: hash.digest('hex'), filename: `bench-${String(index).padStart(4, '0')}.pdf` };
}

/** The file in slices of at most `max` bytes, without copying (slices stop at part boundaries). */
function* views(file, max) {
  for (const part of file.parts) for (let at = 0; at < part.length; at += max) yield part.subarray(at, Math.min(part.length, at + max));
}

/** The file in slices of exactly `size` bytes (the last shorter), copying only where a slice spans two parts. */
function* exactSlices(file, size) {
  let pending = [];
  let pendingBytes = 0;
  for (const view of views(file, size)) {
    let rest = view;
    while (rest.length > 0) {
      const take = Math.min(rest.length, size - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      rest = rest.subarray(take);
      if (pendingBytes === size) {
        yield pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/** Resolves on the request's next 'drain' or its 'close', removing both listeners. */
const drainOrClose = (request) =>
  new Promise((resolve) => {
    const go = () => {
      request.off('drain', go);
      request.off('close', go);
      resolve();
    };
    request.on('drain', go);
    request.on('close', go);
  });

/**
 * POSTs `file` as multipart/form-data (part "file") on a connection of its own, with back-pressure; resolves
 * { status, body, error, startedAt, doneAt } and never rejects.
 */
function uploadMultipart(url, token, file) {
  const target = new URL(url);
  const boundary = `----jc-bench-${crypto.randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let writeError = null;
    const done = (result) => {
      if (settled) return;
      settled = true;
      resolve({ startedAt, doneAt: performance.now(), writeError, ...result });
    };
    const headers = {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + file.size + tail.length),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers, agent: false },
      (response) => {
        const chunks = [];
        const parsed = () => {
          try {
            return JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return null; // not JSON, or cut short
          }
        };
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode, body: parsed(), error: null }));
        // The server may answer (413) before it has read the whole body and then close the connection.
        response.on('error', () => undefined);
        response.on('close', () => {
          if (!response.complete) done({ status: response.statusCode, body: parsed(), error: 'the answer was cut short' });
        });
      },
    );
    request.setTimeout(120000, () => request.destroy(new Error('timeout after 120 s')));
    request.on('error', (error) => {
      // Writing fails once the server has answered and closed: give that answer a moment to be read.
      writeError = error.message;
      setTimeout(() => done({ status: null, body: null, error: error.message }), 1000);
    });
    (async () => {
      try {
        for (const piece of [head, ...views(file, SLICE), tail]) {
          if (request.destroyed) return;
          if (!request.write(piece)) await drainOrClose(request);
        }
        request.end();
      } catch (error) {
        writeError = error.message;
      }
    })();
  });
}

/** Samples a process's VmRSS every `everyMs`; stop() gives the samples and the VmHWM since start. */
function watchRss(pid, everyMs = 20) {
  const samples = [];
  const canResetPeak = resetPeakRss(pid);
  const sample = () => {
    const memory = memoryOf(pid);
    if (memory?.rss) samples.push({ at: performance.now(), rss: memory.rss });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    const hwm = canResetPeak ? (memoryOf(pid)?.hwm ?? null) : null;
    const peakSampled = Math.max(...samples.map((s) => s.rss));
    return { samples, hwm, peak: Math.max(peakSampled, hwm ?? 0), peakSampled, canResetPeak };
  };
}

/** Median VmRSS over `ms` of idleness. */
async function idleRss(pid, ms = 600) {
  const values = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const memory = memoryOf(pid);
    if (memory?.rss) values.push(memory.rss);
    await sleep(20);
  }
  values.sort((a, b) => a - b);
  return values.length ? values[Math.floor(values.length / 2)] : null;
}

function throughput(results, bytes) {
  const start = Math.min(...results.map((r) => r.startedAt));
  const end = Math.max(...results.map((r) => r.doneAt));
  const seconds = (end - start) / 1000;
  return {
    seconds,
    mibPerSecond: bytes / MiB / seconds,
    latencyS: distribution(results.map((r) => (r.doneAt - r.startedAt) / 1000)),
  };
}

/** Writes one file the way the store does, with bare SQL, in one transaction. */
async function sqlUpload(client, proposalId, uploaderId, file) {
  const startedAt = performance.now();
  await client.query('BEGIN');
  try {
    const { rows } = await client.query(
      `INSERT INTO attachment (proposal_id, kind, filename, content_type, size, sha256, uploaded_by_id)
       VALUES ($1, $2, $3, 'application/pdf', 0, $4, $5) RETURNING id`,
      [proposalId, KIND, file.filename, '0'.repeat(64), uploaderId],
    );
    const id = rows[0].id;
    const hash = crypto.createHash('sha256');
    let size = 0;
    let seq = 0;
    for (const chunk of exactSlices(file, CHUNK)) {
      hash.update(chunk);
      size += chunk.length;
      await client.query('INSERT INTO attachment_chunk (attachment_id, seq, data) VALUES ($1, $2, $3)', [id, seq++, chunk]);
    }
    await client.query('UPDATE attachment SET size = $2, sha256 = $3 WHERE id = $1', [id, size, hash.digest('hex')]);
    await client.query('COMMIT');
    return { status: 200, startedAt, doneAt: performance.now(), error: null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { status: null, startedAt, doneAt: performance.now(), error: error.message };
  }
}

/** Each proposal's stored attachment against the file sent to it; the SHA-256 is recomputed by PostgreSQL. */
async function verifyStored(db, label, proposalIds, files) {
  const problems = [];
  const { rows } = await db.query(
    `SELECT a.id, a.proposal_id, a.size, a.sha256, a.content_type,
            count(c.seq)::int AS chunks, coalesce(sum(octet_length(c.data)), 0)::bigint AS bytes,
            coalesce(max(octet_length(c.data)), 0)::int AS largest, coalesce(max(c.seq), -1)::int AS last_seq
       FROM attachment a LEFT JOIN attachment_chunk c ON c.attachment_id = a.id
      WHERE a.proposal_id = ANY($1::uuid[]) AND a.kind = $2
      GROUP BY a.id`,
    [proposalIds, KIND],
  );
  const byProposal = new Map(rows.map((row) => [row.proposal_id, row]));
  let largestChunk = 0;
  let chunks = 0;
  for (const [i, proposalId] of proposalIds.entries()) {
    const row = byProposal.get(proposalId);
    const file = files[i];
    if (!row) {
      problems.push(`${label}: no attachment stored for proposal ${proposalId}`);
      continue;
    }
    largestChunk = Math.max(largestChunk, row.largest);
    chunks += row.chunks;
    if (row.size !== file.size) problems.push(`${label}: ${file.filename} stored size ${row.size}, sent ${file.size}`);
    if (row.sha256 !== file.sha256) problems.push(`${label}: ${file.filename} stored sha256 ${row.sha256}, sent ${file.sha256}`);
    if (Number(row.bytes) !== file.size) problems.push(`${label}: ${file.filename} chunks hold ${row.bytes} bytes, sent ${file.size}`);
    if (row.last_seq !== row.chunks - 1) problems.push(`${label}: ${file.filename} chunk numbers are not 0..${row.chunks - 1}`);
    if (row.content_type !== 'application/pdf') problems.push(`${label}: ${file.filename} stored as ${row.content_type}`);
    const { rows: digest } = await db.query(
      `SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY seq)), 'hex') AS sha256 FROM attachment_chunk WHERE attachment_id = $1`,
      [row.id],
    );
    if (digest[0].sha256 !== file.sha256) problems.push(`${label}: ${file.filename} chunks concatenate to sha256 ${digest[0].sha256}`);
  }
  return { problems, largestChunk, chunks, attachments: rows.length };
}

async function main(h) {
  const n = config.uploads;
  const m = machine();
  const totalBytes = n * config.fileBytes;
  await h.prepareDatabase();
  const { child: api, base } = await h.startApi(config.port);
  const db = h.closeLater(await h.connect());
  const agencies = new Map((await db.query('SELECT id, code FROM agency')).rows.map((row) => [row.code, row.id]));

  const password = `bench-${crypto.randomBytes(8).toString('hex')}`;
  const people = Array.from({ length: n + 1 }, (_, i) => ({
    email: `uploader-${String(i).padStart(4, '0')}@bench.example.test`,
    name: `Uploader ${i}`,
    institution: 'National Taiwan University',
    country: 'TW',
  }));
  const users = await insertResearchers(db, people, await lightPasswordHash(password));
  const researchers = users.slice(0, n);
  const partnerPi = users[n];
  const officers = await loginOfficers(base);
  const tokens = await mapLimit(researchers, 8, (user) => login(base, user.email, password));
  const call = await publishCall(
    base,
    officers,
    callBody(agencies.get('GACR'), {
      title: 'Bench upload call',
      closesAt: Date.now() + 30 * 24 * 3600 * 1000,
      requiredAttachmentKinds: [KIND],
    }),
  );
  const drafts = (tag, homes) => insertDrafts(db, { callId: call.id, home: homes, partner: homes.map(() => partnerPi), kinds: [], tag });
  const apiProposals = await drafts('U', researchers);
  const sqlProposals = await drafts('S', researchers);
  const [warmProposal, limitProposal] = await drafts('X', [researchers[0], researchers[0]]);
  log(`call ${call.id} published; ${n} researchers logged in; ${2 * n + 2} drafts`);

  // Files: one random filler shared by all; each file's header differs.
  const nonce = crypto.randomBytes(6).toString('hex');
  const filler = crypto.randomBytes(config.fileBytes + 1);
  const files = Array.from({ length: n }, (_, i) => makeFile(filler, i + 1, config.fileBytes, nonce));
  const uploadUrl = (proposalId) => `${base}/api/v1/proposals/${proposalId}/attachments?kind=${KIND}`;

  // Warm-up: one small upload loads and JITs the path; the measured run then starts from an idle API.
  const tiny = makeFile(filler, 0, 4096, nonce);
  const warm = await uploadMultipart(uploadUrl(warmProposal), tokens[0], tiny);
  if (warm.status !== 201) throw new Error(`warm-up upload: expected 201, got ${warm.status} ${JSON.stringify(warm.body ?? warm.error)}`);

  const problems = [];
  const roles = { api: [api.pid] };

  // -- the API --
  // Each of the two runs that write 400 MiB to PostgreSQL starts after a CHECKPOINT, so neither pays for the
  // other's dirty buffers (needs superuser or pg_checkpoint; skipped otherwise).
  const checkpoint = () =>
    db.query('CHECKPOINT').then(
      () => true,
      () => false,
    );
  const checkpointed = await checkpoint();
  const rssBefore = await idleRss(api.pid);
  log(
    `API: ${n} parallel uploads of ${fixed(config.fileBytes / MiB, 2)} MiB (RSS before: ${fixed(rssBefore / MiB, 1)} MiB); polling RSS every 20 ms`,
  );
  const stopWatch = watchRss(api.pid, 20);
  let cpu = cpuWindow(h.database, roles);
  const apiResults = await Promise.all(apiProposals.map((id, i) => uploadMultipart(uploadUrl(id), tokens[i], files[i])));
  const apiCpu = cpu();
  const watched = stopWatch();
  const rssAfter = memoryOf(api.pid)?.rss ?? null;
  const apiRun = throughput(apiResults, totalBytes);
  const growth = watched.peak - rssBefore;
  log(
    `API: ${fixed(apiRun.mibPerSecond, 1)} MiB/s; RSS peak ${fixed(watched.peak / MiB, 1)} MiB (+${fixed(growth / MiB, 1)} MiB) ` +
      `over ${watched.samples.length} samples`,
  );
  apiResults.forEach((result, i) => {
    const file = files[i];
    if (result.status !== 201)
      problems.push(`API: ${file.filename} answered ${result.status} ${JSON.stringify(result.body ?? result.error)}`);
    else if (result.body?.size !== file.size || result.body?.sha256 !== file.sha256)
      problems.push(
        `API: ${file.filename} answered size ${result.body?.size} sha256 ${result.body?.sha256}; sent ${file.size} ${file.sha256}`,
      );
  });
  const apiStored = await verifyStored(db, 'API', apiProposals, files);
  problems.push(...apiStored.problems);
  if (growth >= config.rssLimitMiB * MiB)
    problems.push(`API: RSS grew by ${fixed(growth / MiB, 1)} MiB, at or above the limit of ${config.rssLimitMiB} MiB`);

  // -- baseline: bare pg --
  const clients = await Promise.all(Array.from({ length: n }, () => h.connect()));
  h.closeLater({ end: () => Promise.all(clients.map((client) => client.end())) });
  await checkpoint();
  log(`baseline (pg): ${n} connections writing 1 MiB chunks`);
  cpu = cpuWindow(h.database, roles);
  const sqlResults = await Promise.all(sqlProposals.map((id, i) => sqlUpload(clients[i], id, researchers[i].id, files[i])));
  const sqlCpu = cpu();
  const sqlRun = throughput(sqlResults, totalBytes);
  for (const [i, result] of sqlResults.entries())
    if (result.status !== 200) problems.push(`pg baseline: ${files[i].filename}: ${result.error}`);
  const sqlStored = await verifyStored(db, 'pg baseline', sqlProposals, files);
  problems.push(...sqlStored.problems);

  // -- baseline: bare HTTP server that discards --
  const sink = h.startChild('sink', [__filename, '--sink'], { ...process.env, PORT: String(config.sinkPort) }, { ipc: true });
  await h.waitReady(sink, `http://127.0.0.1:${config.sinkPort}/health`, 15000);
  const sinkBefore = await idleRss(sink.pid, 300);
  log(`baseline (http): ${n} parallel uploads to a bare node:http server that discards them`);
  const stopSinkWatch = watchRss(sink.pid, 20);
  cpu = cpuWindow(h.database, { ...roles, sink: [sink.pid] });
  const sinkResults = await Promise.all(files.map((file) => uploadMultipart(`http://127.0.0.1:${config.sinkPort}/upload`, null, file)));
  const sinkCpu = cpu();
  const sinkWatched = stopSinkWatch();
  const sinkRun = throughput(sinkResults, totalBytes);
  for (const [i, result] of sinkResults.entries()) {
    if (result.status !== 201 || !(result.body?.bytes > files[i].size))
      problems.push(`http baseline: ${files[i].filename}: ${result.status} ${JSON.stringify(result.body ?? result.error)}`);
  }

  // -- the size limit --
  const oversize = makeFile(filler, 9999, config.fileBytes + 1, nonce);
  const refused = await uploadMultipart(uploadUrl(limitProposal), tokens[0], oversize);
  const { rows: leftovers } = await db.query(
    `SELECT count(*)::int AS attachments, (SELECT count(*)::int FROM attachment_chunk c JOIN attachment a ON a.id = c.attachment_id
       WHERE a.proposal_id = $1) AS chunks FROM attachment WHERE proposal_id = $1`,
    [limitProposal],
  );
  const limit = { status: refused.status, code: refused.body?.code ?? null, error: refused.error, ...leftovers[0] };
  if (refused.status !== 413)
    problems.push(`limit: a file of ${oversize.size} bytes answered ${refused.status} ${JSON.stringify(refused.body ?? refused.error)}`);
  if (leftovers[0].attachments !== 0 || leftovers[0].chunks !== 0)
    problems.push(`limit: the refused upload left ${leftovers[0].attachments} attachment(s) and ${leftovers[0].chunks} chunk(s)`);
  if (h.hasExited(api)) problems.push(h.exitReason(api));
  else {
    const health = await fetch(`${base}/health/ready`).then(
      (r) => r.status,
      (e) => e.message,
    );
    if (health !== 200) problems.push(`the API is not ready after the runs: ${health}`);
  }

  // -- output --
  const mib = (bytes) => (bytes === null || !Number.isFinite(bytes) ? 'n/a' : fixed(bytes / MiB, 1));
  const rows = [
    ['target', 'files', 'MiB', 'wall s', 'MiB/s', 'p50 s', 'max s', 'RSS before MiB', 'peak MiB', 'growth MiB'],
    [
      'API: multipart -> 1 MiB chunks in PG',
      n,
      mib(totalBytes),
      fixed(apiRun.seconds, 2),
      fixed(apiRun.mibPerSecond, 1),
      fixed(apiRun.latencyS.p50, 2),
      fixed(apiRun.latencyS.max, 2),
      mib(rssBefore),
      mib(watched.peak),
      mib(growth),
    ],
    [
      `baseline: bare pg, ${n} conns, 1 MiB INSERTs`,
      n,
      mib(totalBytes),
      fixed(sqlRun.seconds, 2),
      fixed(sqlRun.mibPerSecond, 1),
      fixed(sqlRun.latencyS.p50, 2),
      fixed(sqlRun.latencyS.max, 2),
      '',
      '',
      '',
    ],
    [
      'baseline: bare node:http, discard',
      n,
      mib(totalBytes),
      fixed(sinkRun.seconds, 2),
      fixed(sinkRun.mibPerSecond, 1),
      fixed(sinkRun.latencyS.p50, 2),
      fixed(sinkRun.latencyS.max, 2),
      mib(sinkBefore),
      mib(sinkWatched.peak),
      mib(sinkWatched.peak - sinkBefore),
    ],
    ['ratio API / bare pg', '', '', '', `${fixed(apiRun.mibPerSecond / sqlRun.mibPerSecond, 3)}x`, '', '', '', '', ''],
    ['ratio API / bare http', '', '', '', `${fixed(apiRun.mibPerSecond / sinkRun.mibPerSecond, 3)}x`, '', '', '', '', ''],
  ];
  const cpuRow = (label, c) => [
    label,
    fixed(c.machineBusy, 2),
    fixed(c.api ?? 0, 2),
    fixed(c.pgBench ?? 0, 2),
    fixed(c.bench ?? 0, 2),
    fixed(c.sink ?? 0, 2),
    fixed(c.other ?? 0, 2),
  ];
  const cpuRows = [
    ['CPU cores used (average over the run)', 'machine', 'API', 'pg (bench db)', 'bench', 'sink', 'other'],
    cpuRow('API', apiCpu),
    cpuRow('baseline: bare pg', sqlCpu),
    cpuRow('baseline: bare http', sinkCpu),
  ];
  const wholeFiles = n * config.fileBytes;
  const verdict =
    `API peak RSS growth ${mib(growth)} MiB = ${fixed((100 * growth) / wholeFiles, 1)}% of ${n} x ${mib(config.fileBytes)} MiB = ` +
    `${mib(wholeFiles)} MiB (the files held whole); it must stay far below that: limit of this check ${config.rssLimitMiB} MiB -> ` +
    `${growth < config.rssLimitMiB * MiB ? 'OK' : 'FAIL'}`;
  const git = gitState();
  const header = [
    `Uploads: ${n} parallel POST /api/v1/proposals/:id/attachments?kind=${KIND} of ${config.fileBytes} bytes ` +
      `(${mib(config.fileBytes)} MiB) PDFs, each to its own draft`,
    machineLine(m, git),
  ];
  const notes = [
    `RSS = VmRSS of the API process (node dist/src/main.js): polled every 20 ms (${watched.samples.length} samples; sampled peak ` +
      `${mib(watched.peakSampled)} MiB) and VmHWM ${watched.canResetPeak ? `reset before and read after (${mib(watched.hwm)} MiB)` : 'not resettable here'}; ` +
      `before = median over 600 ms idle after a 4 KiB warm-up upload; after the run: ${mib(rssAfter)} MiB.`,
    `Stored: ${apiStored.attachments} attachments in ${apiStored.chunks} chunks, the largest ${fixed(apiStored.largestChunk / 1024, 0)} KiB ` +
      `(the store flushes once 1 MiB is pending); sizes, sha256 and PostgreSQL's sha256 of the concatenated chunks match what was sent.`,
    `Size limit: a ${oversize.size}-byte file answered ${limit.status} ` +
      `${limit.code ?? limit.error ?? (refused.body?.size !== undefined ? `(stored as ${refused.body.size} bytes)` : '')}; ` +
      `${limit.attachments} attachment(s), ${limit.chunks} chunk(s) left for it.`,
    `MiB/s = ${n} x file size / (last answer - first request). The API and the pg baseline write the same bytes to PostgreSQL ` +
      `(synchronous_commit as configured; ${checkpointed ? 'a CHECKPOINT before each' : 'no CHECKPOINT between them: not permitted'}); ` +
      `the API also parses multipart, detects the type, hashes, authenticates and audits.`,
    `${m.cpus} CPU core(s) shared by this process, the API, PostgreSQL and Redis: absolute figures are pessimistic; compare the ratios.`,
  ];
  process.stdout.write(
    `\n${header.join('\n')}\n\n${table(rows)}\n\n${verdict}\n\n${table(cpuRows)}\n\n` +
      `Checks (${n} uploads answered 201 with the size and sha256 sent, stored intact in SQL; pg baseline stored intact; ` +
      `a file 1 byte over the limit refused with 413, leaving nothing)` +
      `${problems.length ? `\nPROBLEMS:\n${problems.map((problem) => `  ! ${problem}`).join('\n')}` : ' - OK'}\n\n` +
      `${notes.map((note) => `* ${note}`).join('\n')}\n`,
  );

  writeResults('upload', {
    benchmark: 'upload: parallel 20 MiB PDF uploads, API memory and throughput vs bare pg and bare http',
    date: new Date().toISOString(),
    config,
    machine: m,
    git,
    api: {
      ...apiRun,
      rss: {
        beforeBytes: rssBefore,
        peakBytes: watched.peak,
        peakSampledBytes: watched.peakSampled,
        hwmBytes: watched.hwm,
        growthBytes: growth,
        afterBytes: rssAfter,
        samples: watched.samples.length,
      },
      cpuCores: apiCpu,
      stored: { attachments: apiStored.attachments, chunks: apiStored.chunks, largestChunkBytes: apiStored.largestChunk },
    },
    baselinePg: { ...sqlRun, cpuCores: sqlCpu },
    baselineHttp: {
      ...sinkRun,
      rss: { beforeBytes: sinkBefore, peakBytes: sinkWatched.peak, growthBytes: sinkWatched.peak - sinkBefore },
      cpuCores: sinkCpu,
    },
    ratios: { apiOverPg: apiRun.mibPerSecond / sqlRun.mibPerSecond, apiOverHttp: apiRun.mibPerSecond / sinkRun.mibPerSecond },
    limit,
    problems,
    notes,
  });
  return problems.length === 0 ? 0 : 2;
}

if (process.argv.includes('--sink')) {
  runSink();
} else {
  createHarness({ name: 'upload', timeoutS: config.timeoutS }).run(main);
}
