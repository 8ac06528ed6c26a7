import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createQueue, EMAIL_QUEUE } from '../../src/notifications/queues';
import { Bench, DIST, log, RESULTS, ROOT, sleep, withTimeout } from './run';

/** What a child is, for BENCH_CPU_PROF and BENCH_NODE_ARGS; a step (the seed) runs to its end and is never profiled. */
export type ChildKind = 'api' | 'worker' | 'baseline' | 'step';

/** BENCH_CPU_PROF: 1 (or all) profiles every api, worker and baseline child; or a list of kinds, e.g. "api,worker". */
function profiled(kind: ChildKind): boolean {
  const setting = (process.env.BENCH_CPU_PROF ?? '').trim();
  if (kind === 'step' || setting === '' || setting === '0') return false;
  return setting === '1' || setting === 'all' || setting.split(',').some((entry) => entry.trim() === kind);
}

/** BENCH_NODE_ARGS: extra node arguments for the API and worker children, e.g. "--max-old-space-size=256". */
const appNodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * A node child process of the benchmark. Its last lines of output are kept for error messages; the benchmark stops
 * it at cleanup with SIGTERM. When profiled it runs with --cpu-prof, and node writes the profile as it exits (also
 * when Nest's shutdown hook re-raises the signal; not when a child that ignored it is killed).
 */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly profileDir: string | null;
  private readonly lines: string[] = [];
  private stopping = false;

  constructor(
    bench: Bench,
    readonly name: string,
    readonly kind: ChildKind,
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    ipc = false,
  ) {
    this.profileDir = profiled(kind) ? join(RESULTS, 'profiles', bench.name, name.replace(/[^A-Za-z0-9.-]+/g, '-')) : null;
    const nodeArgs = kind === 'api' || kind === 'worker' ? [...appNodeArgs] : [];
    if (this.profileDir) {
      rmSync(this.profileDir, { recursive: true, force: true }); // a previous run's profiles
      mkdirSync(this.profileDir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${this.profileDir}`);
      log(`${name}: CPU profile into ${relative(ROOT, this.profileDir)}/`);
    }
    this.process = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(line);
      this.lines.splice(0, Math.max(0, this.lines.length - 40));
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    bench.children.add(this);
    void this.exited.then(() => {
      bench.children.delete(this);
      if (!this.stopping && !bench.aborted && kind !== 'step') log(`unexpectedly: ${this.exitReason()}`);
    });
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  /** Why it is gone: exit code or signal, a missing dist (rebuilt during the run?), its last output. */
  exitReason(): string {
    return (
      `${this.name} exited (${this.process.exitCode ?? this.process.signalCode})` +
      (existsSync(join(DIST, 'src', 'main.js')) ? '' : '; dist/src/main.js is gone: was dist rebuilt during the run?') +
      (this.lines.length ? `:\n${this.output()}` : '')
    );
  }

  /** The next IPC message { type, ... } of that type the child sends (a baseline's 'ready', 'done'); rejects if it exits. */
  message<T extends { type: string }>(type: string, timeoutMs: number): Promise<T> {
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        const receive = (message: T) => {
          if (message?.type !== type) return;
          this.process.off('message', receive);
          resolve(message);
        };
        this.process.on('message', receive);
        void this.exited.then(() => reject(new Error(this.exitReason())));
      }),
      timeoutMs,
      `${this.name} ${type}`,
    );
  }

  /** Throws when the child has exited: for long runs that must notice a crash. */
  assertAlive(when: string): void {
    if (this.hasExited) throw new Error(`${when}: ${this.exitReason()}`);
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.hasExited) return;
    this.process.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) {
      log(`${this.name} ignored SIGTERM; killing`);
      this.process.kill('SIGKILL');
      await Promise.race([this.exited, sleep(2000)]);
    }
    if (this.profileDir) {
      const profiles = readdirSync(this.profileDir).filter((file) => file.endsWith('.cpuprofile'));
      log(
        `${this.name}: ${profiles.length ? profiles.map((file) => relative(ROOT, join(this.profileDir!, file))).join(', ') : 'no CPU profile written'}`,
      );
    }
  }
}

/** Starts `script` (relative to the project root, e.g. dist/src/main.js) with node. */
export function startChild(
  bench: Bench,
  options: { name: string; kind: ChildKind; script: string; args?: string[]; env?: NodeJS.ProcessEnv; ipc?: boolean },
): Child {
  return new Child(bench, options.name, options.kind, options.script, options.args ?? [], options.env ?? process.env, options.ipc);
}

/** Runs a one-shot script of the application (the seed) to its end; rejects with its output on failure. */
export async function runStep(bench: Bench, name: string, script: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<void> {
  log(`${name}...`);
  const child = startChild(bench, { name, kind: 'step', script, env });
  const { code, signal } = await withTimeout(child.exited, timeoutMs, name).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  if (code !== 0) throw new Error(`${name} failed (exit ${code ?? signal}):\n${child.output()}`);
}

/** Polls `url` until it answers 200; fails early if the child exits. */
export async function waitHttpReady(bench: Bench, child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (bench.aborted) throw new Error('aborted');
    if (child.hasExited) throw new Error(`before it was ready: ${child.exitReason()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (response.status === 200) return;
      last = `${response.status} ${body.slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms (last: ${last}):\n${child.output()}`);
}

/** Fails clearly when something already listens on the port (the readiness poll would otherwise ask it). */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`port ${port} is not free (${error.code}); choose another with the BENCH_*_PORT variables`)),
    );
    server.listen(port, '0.0.0.0', () => server.close(() => resolve()));
  });
}

/** `node dist/src/main.js` as production runs it, silent; resolves once /health/ready answers 200. */
export async function startApi(bench: Bench, port: number, extra: Record<string, string> = {}): Promise<{ child: Child; base: string }> {
  await assertPortFree(port);
  log(`starting the API on port ${port}`);
  const child = startChild(bench, {
    name: 'api',
    kind: 'api',
    script: 'dist/src/main.js',
    env: bench.appEnv({ PORT: String(port), LOG_LEVEL: 'silent', ...extra }),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHttpReady(bench, child, `${base}/health/ready`);
  return { child, base };
}

/** bench/lib/receiver.ts in a child process of its own (kind 'baseline'), listening on `port`, recording nothing. */
export async function startReceiverChild(bench: Bench, port: number, status = 200): Promise<{ child: Child; url: string }> {
  await assertPortFree(port);
  const env = { ...process.env, RECEIVER_PORT: String(port), RECEIVER_STATUS: String(status) };
  const child = startChild(bench, { name: 'receiver', kind: 'baseline', script: join(__dirname, 'receiver.js'), env, ipc: true });
  const url = `http://127.0.0.1:${port}`;
  await waitHttpReady(bench, child, `${url}/health`, 15_000);
  return { child, url };
}

/** `count` processes `node dist/src/worker.js`; resolves once all of them consume the e-mail queue. */
export async function startWorkers(bench: Bench, count: number, extra: Record<string, string> = {}): Promise<Child[]> {
  const env = bench.appEnv(extra);
  const workers = Array.from({ length: count }, (_, i) =>
    startChild(bench, { name: `worker-${i + 1}`, kind: 'worker', script: 'dist/src/worker.js', env }),
  );
  const { queue, close } = createQueue(EMAIL_QUEUE, bench.config());
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      for (const worker of workers) worker.assertAlive('during start-up');
      const registered = await queue.getWorkersCount().catch(() => 0);
      if (registered >= count) return workers;
      if (Date.now() > deadline) throw new Error(`only ${registered} of ${count} e-mail queue workers registered after 60 s`);
      await sleep(200);
    }
  } finally {
    await close();
  }
}

// -- CPU (Linux /proc; figures are NaN elsewhere) ---------------------------------------------------------------------

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of every process, with its command name and, for PostgreSQL, its title. */
function processTable(): Map<number, { comm: string; seconds: number; title: string }> {
  const out = new Map<number, { comm: string; seconds: number; title: string }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const title = comm === 'postgres' ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      out.set(Number(pid), { comm, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, title });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const values = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - values[3] - (values[4] || 0), total };
  } catch {
    return null;
  }
}

export interface CpuUse {
  wallSeconds: number;
  /** Cores the whole machine kept busy, on average, and that as a share of all its cores. */
  machineBusyCores: number;
  machineBusyPercent: number;
  /**
   * Average cores used per group: `bench` (this process), each role given, `pgBench` (PostgreSQL backends of the
   * bench database), `pgOther` (the rest of PostgreSQL), `redis`, and `other`: the rest of the machine's busy time,
   * processes that are not part of the benchmark. A large `other` means the figures are disturbed.
   */
  cores: Record<string, number>;
}

/** Starts a CPU accounting window; the returned function ends it. `roles` names the pids of the children, e.g. { api: [pid] }. */
export function cpuWindow(bench: Bench, roles: Record<string, number[]> = {}): () => CpuUse {
  const start = { table: processTable(), machine: machineTicks(), at: performance.now() };
  return () => {
    const now = processTable();
    const machineNow = machineTicks();
    const wall = (performance.now() - start.at) / 1000;
    const rolePids = new Map<number, string>();
    for (const [role, pids] of Object.entries({ bench: [process.pid], ...roles })) for (const pid of pids) rolePids.set(pid, role);
    const cores: Record<string, number> = {};
    for (const [pid, entry] of now) {
      const before = start.table.get(pid);
      const used = entry.seconds - (before && before.comm === entry.comm ? before.seconds : 0);
      let group = rolePids.get(pid);
      if (!group && entry.comm === 'postgres') group = entry.title.includes(` ${bench.database} `) ? 'pgBench' : 'pgOther';
      if (!group && entry.comm === 'redis-server') group = 'redis';
      if (group && used > 0) cores[group] = (cores[group] ?? 0) + used / wall;
    }
    let machineBusyCores = NaN;
    let machineBusyPercent = NaN;
    if (machineNow && start.machine) {
      machineBusyCores = (machineNow.busy - start.machine.busy) / CLOCK_TICKS / wall;
      machineBusyPercent = (100 * (machineNow.busy - start.machine.busy)) / Math.max(1, machineNow.total - start.machine.total);
      cores.other = Math.max(0, machineBusyCores - Object.values(cores).reduce((sum, value) => sum + value, 0));
    }
    return { wallSeconds: wall, machineBusyCores, machineBusyPercent, cores };
  };
}

// -- memory (Linux /proc) -------------------------------------------------------------------------------------------

/** Resident set size now and its high-water mark, in bytes; null where /proc is not available. */
export function memoryOf(pid: number): { rss: number | null; hwm: number | null } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : null;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets the process's VmHWM to its current RSS (Linux >= 4.0, own processes); false when not possible. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface RssWatch {
  samples: { at: number; rss: number }[];
  /** VmHWM since the watch started, when it could be reset; catches a peak between two samples. */
  hwm: number | null;
  peakSampled: number;
  /** The larger of the two: the peak RSS of the process while watched, in bytes. */
  peak: number;
  canResetPeak: boolean;
}

/** Samples a process's VmRSS every `everyMs`; the returned function stops and gives the peak. */
export function watchRss(pid: number, everyMs = 20): () => RssWatch {
  const samples: { at: number; rss: number }[] = [];
  const canResetPeak = resetPeakRss(pid);
  const sample = () => {
    const rss = memoryOf(pid)?.rss;
    if (rss) samples.push({ at: performance.now(), rss });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    const hwm = canResetPeak ? (memoryOf(pid)?.hwm ?? null) : null;
    const peakSampled = Math.max(...samples.map((s) => s.rss));
    return { samples, hwm, peakSampled, peak: Math.max(peakSampled, hwm ?? 0), canResetPeak };
  };
}

/** Median VmRSS over `ms` of idleness, in bytes. */
export async function idleRss(pid: number, ms = 600): Promise<number> {
  const values: number[] = [];
  for (const end = performance.now() + ms; performance.now() < end; await sleep(20)) {
    const rss = memoryOf(pid)?.rss;
    if (rss) values.push(rss);
  }
  values.sort((a, b) => a - b);
  return values.length ? values[Math.floor(values.length / 2)] : NaN;
}
