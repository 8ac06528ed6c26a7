/**
 * Parallel attachment uploads: BENCH_UPLOADS x 20 MiB PDFs streamed through the API at once, watching the API's
 * memory; against bare pg writing the same bytes in chunks of the store's size (CHUNK_BYTES), and a bare HTTP server that discards them.
 * Settings: bench/README.md.
 *
 * Files: "%PDF-1.4\n%<comment naming the file>\n" + random bytes + "\n%%EOF\n" (random because real PDFs are mostly
 * compressed streams, and PostgreSQL would compress zeros away); the filler is shared, the comment makes every
 * file's SHA-256 different.
 *
 *   API       concurrent POST /api/v1/proposals/:id/attachments?kind=project-description (multipart part "file"), each
 *             on its own connection, written with back-pressure in 256 KiB slices; the API's RSS polled every 20 ms
 *             (and its VmHWM reset before, read after); growth = peak - median idle RSS before.
 *   baseline  (pg) the same bytes through BENCH_UPLOADS pg connections at once, one transaction each: INSERT attachment;
 *             INSERT attachment_chunk per CHUNK_BYTES; UPDATE attachment (size, sha256); COMMIT.
 *   baseline  (http) the same multipart requests to bench/lib/receiver.ts in a child process, which discards them.
 *   limit     a file one byte over the API's limit must be refused with 413 and leave nothing.
 *
 * Verified in SQL: every stored attachment's size and sha256 are what was sent, its chunks add up to it, and the
 * SHA-256 of the chunks concatenated (computed by PostgreSQL) matches; the same for the pg baseline.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ClientRequest, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { MAX_ATTACHMENT_BYTES } from '../src/proposals/attachments/attachment.limits';
import { CHUNK_BYTES } from '../src/proposals/attachments/attachment-store';
import { logIn } from '../test/support/actors';
import { callInput, publishedCall } from '../test/support/calls';
import { agenciesByCode, connect, prepareDatabase } from './lib/database';
import { insertDrafts, insertResearchers, lightPasswordHash, logInOfficers, people } from './lib/fixtures';
import { mapLimit } from './lib/load';
import { cpuWindow, CpuUse, idleRss, memoryOf, startApi, startReceiverChild, watchRss } from './lib/processes';
import { Cell, cpuTable, finishReport, fixed, mib, MiB, table, times } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';
import { distribution, ratio } from './lib/stats';

const KIND = 'project-description';
const SLICE = 256 * 1024; // HTTP writes
const config = {
  uploads: numberEnv('BENCH_UPLOADS', 20),
  fileBytes: numberEnv('BENCH_FILE_BYTES', MAX_ATTACHMENT_BYTES, { min: 1024, max: MAX_ATTACHMENT_BYTES }),
  rssLimitMiB: numberEnv('BENCH_RSS_LIMIT_MIB', 64),
  port: numberEnv('BENCH_UPLOAD_PORT', 3921),
  sinkPort: numberEnv('BENCH_SINK_PORT', 3922),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 170, { min: 30 }),
};

interface File {
  parts: Buffer[];
  size: number;
  sha256: string;
  filename: string;
}

/** A virtual file: a header naming it, the shared random filler, the PDF trailer; never concatenated whole. */
function makeFile(filler: Buffer, index: number, size: number, nonce: string): File {
  const header = Buffer.from(`%PDF-1.4\n%jc-bench upload ${String(index).padStart(4, '0')} ${nonce}\n`);
  const trailer = Buffer.from('\n%%EOF\n');
  const parts = [header, filler.subarray(0, size - header.length - trailer.length), trailer];
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return { parts, size, sha256: hash.digest('hex'), filename: `bench-${String(index).padStart(4, '0')}.pdf` };
}

/** The file in slices of at most `max` bytes, without copying (slices stop at part boundaries). */
function* views(file: File, max: number): Generator<Buffer> {
  for (const part of file.parts) for (let at = 0; at < part.length; at += max) yield part.subarray(at, Math.min(part.length, at + max));
}

/** The file in slices of exactly `size` bytes (the last shorter), copying only where a slice spans two parts. */
function* exactSlices(file: File, size: number): Generator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for (let rest of views(file, size)) {
    while (rest.length > 0) {
      const take = Math.min(rest.length, size - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      rest = rest.subarray(take);
      if (pendingBytes === size) {
        yield pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
        [pending, pendingBytes] = [[], 0];
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

interface Upload {
  status: number | null;
  body: { size?: number; sha256?: string; code?: string; bytes?: number } | null;
  error: string | null;
  startedAt: number;
  doneAt: number;
}

/** Resolves on the request's next 'drain' or its 'close', removing both listeners. */
function drainOrClose(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      req.off('drain', go);
      req.off('close', go);
      resolve();
    };
    req.on('drain', go);
    req.on('close', go);
  });
}

/** POSTs `file` as multipart/form-data (part "file") on a connection of its own, with back-pressure; never rejects. */
function uploadMultipart(url: string, token: string | null, file: File): Promise<Upload> {
  const boundary = `----jc-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Pick<Upload, 'status' | 'body' | 'error'>) => {
      if (!settled) resolve({ ...result, startedAt, doneAt: performance.now() });
      settled = true;
    };
    const headers: Record<string, string> = {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + file.size + tail.length),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(url, { method: 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      const parsed = () => {
        try {
          return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Upload['body'];
        } catch {
          return null; // not JSON, or cut short
        }
      };
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ status: response.statusCode ?? null, body: parsed(), error: null }));
      // The server may answer (413) before it has read the whole body, and then close the connection.
      response.on('error', () => undefined);
      response.on('close', () => {
        if (!response.complete) done({ status: response.statusCode ?? null, body: parsed(), error: 'the answer was cut short' });
      });
    });
    req.setTimeout(120_000, () => req.destroy(new Error('timeout after 120 s')));
    // Writing fails once the server has answered and closed: give that answer a moment to be read.
    req.on('error', (error) => setTimeout(() => done({ status: null, body: null, error: error.message }), 1000));
    void (async () => {
      for (const piece of [head, ...views(file, SLICE), tail]) {
        if (req.destroyed) return;
        if (!req.write(piece)) await drainOrClose(req);
      }
      req.end();
    })();
  });
}

/** Writes one file as the store does, with bare SQL, in one transaction. */
async function sqlUpload(client: Client, proposalId: string, uploaderId: string, file: File): Promise<Upload> {
  const startedAt = performance.now();
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO attachment (proposal_id, kind, filename, content_type, size, sha256, uploaded_by_id)
       VALUES ($1, $2, $3, 'application/pdf', 0, $4, $5) RETURNING id`,
      [proposalId, KIND, file.filename, '0'.repeat(64), uploaderId],
    );
    const hash = createHash('sha256');
    let [size, seq] = [0, 0];
    for (const chunk of exactSlices(file, CHUNK_BYTES)) {
      hash.update(chunk);
      size += chunk.length;
      await client.query('INSERT INTO attachment_chunk (attachment_id, seq, data) VALUES ($1, $2, $3)', [rows[0].id, seq++, chunk]);
    }
    await client.query('UPDATE attachment SET size = $2, sha256 = $3 WHERE id = $1', [rows[0].id, size, hash.digest('hex')]);
    await client.query('COMMIT');
    return { status: 200, body: null, error: null, startedAt, doneAt: performance.now() };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { status: null, body: null, error: String(error), startedAt, doneAt: performance.now() };
  }
}

/** Each proposal's stored attachment against the file sent to it; the SHA-256 of the chunks is recomputed by PostgreSQL. */
async function verifyStored(db: Client, label: string, proposalIds: string[], files: File[]) {
  const { rows } = await db.query<{
    proposal_id: string;
    size: number;
    sha256: string;
    content_type: string;
    chunks: number;
    bytes: string;
    largest: number;
    last_seq: number;
    digest: string;
  }>(
    `SELECT a.proposal_id, a.size, a.sha256, a.content_type, count(c.seq)::int AS chunks, coalesce(sum(octet_length(c.data)), 0)::bigint AS bytes,
            coalesce(max(octet_length(c.data)), 0)::int AS largest, coalesce(max(c.seq), -1)::int AS last_seq,
            encode(sha256(coalesce(string_agg(c.data, ''::bytea ORDER BY c.seq), ''::bytea)), 'hex') AS digest
       FROM attachment a LEFT JOIN attachment_chunk c ON c.attachment_id = a.id
      WHERE a.proposal_id = ANY($1::uuid[]) AND a.kind = $2 GROUP BY a.id`,
    [proposalIds, KIND],
  );
  const byProposal = new Map(rows.map((row) => [row.proposal_id, row]));
  const problems: string[] = [];
  proposalIds.forEach((proposalId, i) => {
    const [row, file] = [byProposal.get(proposalId), files[i]];
    const say = (message: string) => problems.push(`${label}: ${file.filename} ${message}`);
    if (!row) return say('has no stored attachment');
    if (row.size !== file.size || Number(row.bytes) !== file.size)
      say(`stored size ${row.size} in chunks of ${row.bytes} bytes, sent ${file.size}`);
    if (row.sha256 !== file.sha256 || row.digest !== file.sha256)
      say(`stored sha256 ${row.sha256}, chunks concatenate to ${row.digest}, sent ${file.sha256}`);
    if (row.last_seq !== row.chunks - 1) say(`chunk numbers are not 0..${row.chunks - 1}`);
    if (row.content_type !== 'application/pdf') say(`stored as ${row.content_type}`);
  });
  return {
    problems,
    attachments: rows.length,
    chunks: rows.reduce((sum, row) => sum + row.chunks, 0),
    largestChunk: Math.max(0, ...rows.map((row) => row.largest)),
  };
}

function throughput(results: Upload[], bytes: number, cpu: CpuUse) {
  const seconds = (Math.max(...results.map((r) => r.doneAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
  return { seconds, mibPerSecond: bytes / MiB / seconds, latencyS: distribution(results.map((r) => (r.doneAt - r.startedAt) / 1000)), cpu };
}

async function main(bench: Bench): Promise<number> {
  const n = config.uploads;
  const totalBytes = n * config.fileBytes;
  await prepareDatabase(bench, { seed: 'demo' });
  const { child: api, base } = await startApi(bench, config.port);
  const db = await connect(bench);
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const users = await insertResearchers(
    db,
    people(n + 1, 'uploader', 'National Taiwan University', 'TW'),
    await lightPasswordHash(password),
  );
  const [researchers, partnerPi] = [users.slice(0, n), users[n]];
  const officers = await logInOfficers(base);
  const tokens = await mapLimit(researchers, 8, async (user) => (await logIn(base, user.email, password)).token);
  const call = await publishedCall(
    base,
    officers.nstc,
    officers.gacr,
    callInput(await agenciesByCode(db), { title: 'Bench upload call', requiredAttachmentKinds: [KIND] }),
  );
  const drafts = (tag: string, homes: typeof researchers) =>
    insertDrafts(db, { callId: call.id, home: homes, partner: homes.map(() => partnerPi), kinds: [], tag });
  const apiProposals = await drafts('U', researchers);
  const sqlProposals = await drafts('S', researchers);
  const [warmProposal, limitProposal] = await drafts('X', [researchers[0], researchers[0]]);
  const nonce = randomBytes(6).toString('hex');
  const filler = randomBytes(MAX_ATTACHMENT_BYTES + 1);
  const files = Array.from({ length: n }, (_, i) => makeFile(filler, i + 1, config.fileBytes, nonce));
  const uploadUrl = (proposalId: string) => `${base}/api/v1/proposals/${proposalId}/attachments?kind=${KIND}`;
  // Warm-up: one small upload loads and JITs the path; the measured run then starts from an idle API.
  const warm = await uploadMultipart(uploadUrl(warmProposal), tokens[0], makeFile(filler, 0, 4096, nonce));
  if (warm.status !== 201) throw new Error(`warm-up upload: expected 201, got ${warm.status} ${JSON.stringify(warm.body ?? warm.error)}`);
  const problems: string[] = [];
  const roles = { api: [api.pid] };
  // Both runs that write to PostgreSQL start after a CHECKPOINT, so neither pays for the other's dirty buffers.
  const checkpoint = () =>
    db.query('CHECKPOINT').then(
      () => true,
      () => false,
    );

  // -- the API --
  const checkpointed = await checkpoint();
  const rssBefore = await idleRss(api.pid);
  log(`API: ${n} parallel uploads of ${mib(config.fileBytes)} MiB (RSS before: ${mib(rssBefore)} MiB)`);
  const stopWatch = watchRss(api.pid, 20);
  let cpu = cpuWindow(bench, roles);
  const apiResults = await Promise.all(apiProposals.map((id, i) => uploadMultipart(uploadUrl(id), tokens[i], files[i])));
  const apiRun = throughput(apiResults, totalBytes, cpu());
  const watched = stopWatch();
  const rssAfter = memoryOf(api.pid)?.rss ?? null;
  const growth = watched.peak - rssBefore;
  apiResults.forEach((result, i) => {
    if (result.status !== 201)
      problems.push(`API: ${files[i].filename} answered ${result.status} ${JSON.stringify(result.body ?? result.error)}`);
    else if (result.body?.size !== files[i].size || result.body?.sha256 !== files[i].sha256)
      problems.push(`API: ${files[i].filename} answered size ${result.body?.size} sha256 ${result.body?.sha256}`);
  });
  const apiStored = await verifyStored(db, 'API', apiProposals, files);
  problems.push(...apiStored.problems);
  if (growth >= config.rssLimitMiB * MiB)
    problems.push(`API: RSS grew by ${mib(growth)} MiB, at or above the limit of ${config.rssLimitMiB} MiB`);

  // -- baseline: bare pg --
  const clients = await Promise.all(Array.from({ length: n }, () => connect(bench)));
  await checkpoint();
  log(`baseline (pg): ${n} connections writing ${CHUNK_BYTES / 1024} KiB chunks`);
  cpu = cpuWindow(bench, roles);
  const sqlResults = await Promise.all(sqlProposals.map((id, i) => sqlUpload(clients[i], id, researchers[i].id, files[i])));
  const sqlRun = throughput(sqlResults, totalBytes, cpu());
  sqlResults.forEach((result, i) => {
    if (result.status !== 200) problems.push(`pg baseline: ${files[i].filename}: ${result.error}`);
  });
  problems.push(...(await verifyStored(db, 'pg baseline', sqlProposals, files)).problems);

  // -- baseline: a bare HTTP server that discards --
  const receiver = await startReceiverChild(bench, config.sinkPort);
  const sinkBefore = await idleRss(receiver.child.pid, 300);
  log(`baseline (http): ${n} parallel uploads to a bare node:http server that discards them`);
  const stopSinkWatch = watchRss(receiver.child.pid, 20);
  cpu = cpuWindow(bench, { ...roles, sink: [receiver.child.pid] });
  const sinkResults = await Promise.all(files.map((file) => uploadMultipart(`${receiver.url}/upload`, null, file)));
  const sinkRun = throughput(sinkResults, totalBytes, cpu());
  const sinkWatched = stopSinkWatch();
  sinkResults.forEach((result, i) => {
    if (result.status !== 200 || !((result.body?.bytes ?? 0) > files[i].size))
      problems.push(`http baseline: ${files[i].filename}: ${result.status} ${JSON.stringify(result.body ?? result.error)}`);
  });

  // -- the size limit --
  const oversize = makeFile(filler, 9999, MAX_ATTACHMENT_BYTES + 1, nonce);
  const refused = await uploadMultipart(uploadUrl(limitProposal), tokens[0], oversize);
  const { rows: left } = await db.query<{ attachments: number; chunks: number }>(
    `SELECT count(DISTINCT a.id)::int AS attachments, count(c.seq)::int AS chunks FROM attachment a LEFT JOIN attachment_chunk c ON c.attachment_id = a.id WHERE a.proposal_id = $1`,
    [limitProposal],
  );
  const limit = { status: refused.status, code: refused.body?.code ?? null, error: refused.error, ...left[0] };
  if (refused.status !== 413)
    problems.push(`limit: a file of ${oversize.size} bytes answered ${refused.status} ${JSON.stringify(refused.body ?? refused.error)}`);
  if (left[0].attachments !== 0 || left[0].chunks !== 0)
    problems.push(`limit: the refused upload left ${left[0].attachments} attachment(s) and ${left[0].chunks} chunk(s)`);
  if (api.hasExited) problems.push(api.exitReason());
  else if ((await fetch(`${base}/health/ready`).then((r) => r.status, String)) !== 200)
    problems.push('the API is not ready after the runs');

  const line = (label: string, run: ReturnType<typeof throughput>, rss?: [number, number]): Cell[] => [
    label,
    n,
    mib(totalBytes),
    fixed(run.seconds, 2),
    fixed(run.mibPerSecond),
    fixed(run.latencyS.p50, 2),
    fixed(run.latencyS.max, 2),
    ...(rss ? [mib(rss[0]), mib(rss[1]), mib(rss[1] - rss[0])] : ['', '', '']),
  ];
  const ratios = {
    apiOverPg: ratio(apiRun.mibPerSecond, sqlRun.mibPerSecond),
    apiOverHttp: ratio(apiRun.mibPerSecond, sinkRun.mibPerSecond),
  };
  const rows: Cell[][] = [
    ['target', 'files', 'MiB', 'wall s', 'MiB/s', 'p50 s', 'max s', 'RSS before MiB', 'peak MiB', 'growth MiB'],
    line(`API: multipart -> ${CHUNK_BYTES / 1024} KiB chunks in PG`, apiRun, [rssBefore, watched.peak]),
    line(`baseline: bare pg, ${n} conns, ${CHUNK_BYTES / 1024} KiB INSERTs`, sqlRun),
    line('baseline: bare node:http, discard', sinkRun, [sinkBefore, sinkWatched.peak]),
    ['ratio API / bare pg', '', '', '', times(ratios.apiOverPg, 3)],
    ['ratio API / bare http', '', '', '', times(ratios.apiOverHttp, 3)],
  ];
  const cpuCores = cpuTable(
    [
      ['API', apiRun.cpu],
      ['baseline: bare pg', sqlRun.cpu],
      ['baseline: bare http', sinkRun.cpu],
    ],
    { api: 'API', pgBench: 'pg (bench db)', bench: 'bench', sink: 'sink', other: 'other' },
  );
  const verdict =
    `API peak RSS growth ${mib(growth)} MiB = ${fixed((100 * growth) / totalBytes)}% of ${n} x ${mib(config.fileBytes)} MiB = ${mib(totalBytes)} MiB ` +
    `(the files held whole); it must stay far below that: limit of this check ${config.rssLimitMiB} MiB -> ${growth < config.rssLimitMiB * MiB ? 'OK' : 'FAIL'}`;
  return finishReport(
    'upload',
    {
      title: `Uploads: ${n} parallel POST /api/v1/proposals/:id/attachments?kind=${KIND} of ${config.fileBytes} bytes (${mib(config.fileBytes)} MiB) PDFs, each to its own draft`,
      blocks: [table(rows), verdict, cpuCores],
      checked: `${n} uploads answered 201 with the size and sha256 sent, stored intact in SQL; pg baseline stored intact; a file 1 byte over the limit refused with 413, leaving nothing`,
      problems,
      notes: [
        `RSS = VmRSS of the API process (node dist/src/main.js): polled every 20 ms (${watched.samples.length} samples; sampled peak ${mib(watched.peakSampled)} MiB) and VmHWM ` +
          `${watched.canResetPeak ? `reset before and read after (${mib(watched.hwm)} MiB)` : 'not resettable here'}; before = median over 600 ms idle after a 4 KiB warm-up upload; after the run: ${mib(rssAfter)} MiB.`,
        `Stored: ${apiStored.attachments} attachments in ${apiStored.chunks} chunks, the largest ${fixed(apiStored.largestChunk / 1024, 0)} KiB (the store flushes once ${fixed(CHUNK_BYTES / 1024, 0)} KiB are pending); ` +
          "sizes, sha256 and PostgreSQL's sha256 of the concatenated chunks match what was sent.",
        `Size limit: a ${oversize.size}-byte file answered ${limit.status} ${limit.code ?? limit.error ?? ''}; ${limit.attachments} attachment(s), ${limit.chunks} chunk(s) left for it.`,
        `MiB/s = ${n} x file size / (last answer - first request). The API and the pg baseline write the same bytes to PostgreSQL ` +
          `(${checkpointed ? 'a CHECKPOINT before each' : 'no CHECKPOINT between them: not permitted'}); the API also parses multipart, detects the type, hashes, authenticates and audits.`,
        "This process, the API, PostgreSQL and Redis share the machine's cores and disk: absolute figures are pessimistic; compare the ratios.",
      ],
    },
    {
      config,
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
        stored: apiStored,
      },
      baselinePg: sqlRun,
      baselineHttp: {
        ...sinkRun,
        rss: { beforeBytes: sinkBefore, peakBytes: sinkWatched.peak, growthBytes: sinkWatched.peak - sinkBefore },
      },
      ratios,
      limit,
    },
  );
}

new Bench('upload', { timeoutS: config.timeoutS }).run(main);
