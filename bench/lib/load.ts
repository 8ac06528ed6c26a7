import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Bench, sleep } from './run';
import { Distribution, distribution, ratio, rounds, Rounds } from './stats';

// -- HTTP ---------------------------------------------------------------------------------------------------------------

export interface HttpAnswer {
  /** null when there was no answer (connection error, timeout). */
  status: number | null;
  body: unknown;
  error: string | null;
}

/** A keep-alive agent closed at cleanup; LIFO reuses the warmest connection. */
export function keepAliveAgent(bench: Bench, maxSockets = Infinity): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' });
  bench.onCleanup(() => agent.destroy());
  return agent;
}

/** One HTTP request over `agent`; resolves the status and the JSON body (or text), never rejects. */
export function send(
  agent: Agent | false,
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    timeoutMs = 30_000,
  }: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const request = httpRequest(
      url,
      {
        agent,
        method,
        headers: method === 'GET' ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body ?? '')) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => resolve({ status: null, body: null, error: error.message }));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? null, body: parsed, error: null });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: null, body: null, error: error.message }));
    request.end(body);
  });
}

/** Opens `count` keep-alive connections on `agent` (concurrent GET /health), so measured requests pay no TCP set-up. */
export async function preconnect(agent: Agent, base: string, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => send(agent, `${base}/health`)));
}

/** A task for latencyOf/compareLatency: GET `url`, failing unless it answers 200. */
export const httpGet =
  (agent: Agent, url: string, headers: Record<string, string> = {}) =>
  async (): Promise<void> => {
    const answer = await send(agent, url, { headers });
    if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status ?? answer.error} ${JSON.stringify(answer.body).slice(0, 300)}`);
  };

// -- autocannon: throughput under N connections ----------------------------------------------------------------------------

export interface CannonFigures {
  requestsPerSecond: number;
  requestsTotal: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** `connections` keep-alive connections sending GETs to `url` for `seconds` (autocannon, in this process). */
export function cannon(
  bench: Bench,
  url: string,
  { headers = {}, connections, seconds }: { headers?: Record<string, string>; connections: number; seconds: number },
): Promise<CannonFigures> {
  return new Promise((resolve, reject) => {
    if (bench.aborted) return reject(new Error('aborted'));
    const instance = autocannon({ url, headers, connections, duration: seconds, pipelining: 1 }, (error, result) => {
      if (bench.aborted) return reject(new Error('aborted'));
      if (error) return reject(error);
      resolve({
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
    });
    bench.onCleanup(() => instance.stop());
  });
}

// -- schedules --------------------------------------------------------------------------------------------------------------

/** Runs `task(item, index)` over `items` with at most `limit` at a time; resolves the results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await task(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export type Timed<R> = R & { scheduledAt: number; sentAt: number; doneAt: number };

/**
 * Open loop: job i is sent at `startAt + offsets[i]` (performance.now() time), without waiting for earlier answers.
 * Latency = doneAt - scheduledAt, which includes any wait for a connection.
 */
export function openLoop<J, R extends object>(
  jobs: readonly J[],
  startAt: number,
  offsets: number[],
  run: (job: J) => Promise<R>,
): Promise<Timed<R>[]> {
  return Promise.all(
    jobs.map(async (job, i) => {
      const scheduledAt = startAt + offsets[i];
      const wait = scheduledAt - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      const result = await run(job);
      return { ...result, scheduledAt, sentAt, doneAt: performance.now() };
    }),
  );
}

/** Closed loop: `lanes` concurrent loops, each sending its next job as soon as the previous one answered. */
export function closedLoop<J, R extends object>(jobs: readonly J[], lanes: number, run: (job: J) => Promise<R>): Promise<Timed<R>[]> {
  return mapLimit(jobs, lanes, async (job) => {
    const sentAt = performance.now();
    const result = await run(job);
    return { ...result, scheduledAt: sentAt, sentAt, doneAt: performance.now() };
  });
}

// -- latency of one operation, the system's against a bare equivalent ---------------------------------------------------------

export interface Latency {
  /** Milliseconds per run. */
  ms: Distribution;
  perSecond: number;
}

/** Runs `task` `runs` times, `concurrency` at a time, after `warmup` unmeasured runs; a failing run fails it all. */
export async function latencyOf(
  task: () => Promise<unknown>,
  { runs, concurrency = 1, warmup = 0 }: { runs: number; concurrency?: number; warmup?: number },
): Promise<Latency> {
  const ignore = async () => void (await task());
  await mapLimit(Array.from({ length: warmup }), concurrency, ignore);
  const started = performance.now();
  const ms = await mapLimit(Array.from({ length: runs }), concurrency, async () => {
    const at = performance.now();
    await task();
    return performance.now() - at;
  });
  return { ms: distribution(ms), perSecond: runs / ((performance.now() - started) / 1000) };
}

export interface LatencyComparison {
  system: { rounds: Latency[]; p50: Rounds; p99: Rounds; perSecond: Rounds };
  baseline: { rounds: Latency[]; p50: Rounds; p99: Rounds; perSecond: Rounds };
  /** system / baseline of the best rounds. */
  ratios: { p50: number; p99: number; perSecond: number };
}

/**
 * The latency of an operation through the system (e.g. httpGet of a route) against a bare equivalent (e.g. the
 * same SQL through a pg Pool), measured alternately for `rounds` rounds (the order swapping each round, so that
 * neither always runs on a warmer machine); each figure is the best round, with the spread of the rounds.
 */
export async function compareLatency(
  targets: { system: () => Promise<unknown>; baseline: () => Promise<unknown> },
  options: { runs: number; rounds: number; concurrency?: number; warmup?: number },
): Promise<LatencyComparison> {
  const measured = { system: [] as Latency[], baseline: [] as Latency[] };
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? (['system', 'baseline'] as const) : (['baseline', 'system'] as const);
    for (const name of order) measured[name].push(await latencyOf(targets[name], options));
  }
  const summary = (list: Latency[]) => ({
    rounds: list,
    p50: rounds(
      list.map((l) => l.ms.p50),
      'lower',
    ),
    p99: rounds(
      list.map((l) => l.ms.p99),
      'lower',
    ),
    perSecond: rounds(
      list.map((l) => l.perSecond),
      'higher',
    ),
  });
  const system = summary(measured.system);
  const baseline = summary(measured.baseline);
  return {
    system,
    baseline,
    ratios: {
      p50: ratio(system.p50.best, baseline.p50.best),
      p99: ratio(system.p99.best, baseline.p99.best),
      perSecond: ratio(system.perSecond.best, baseline.perSecond.best),
    },
  };
}
