import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The compiled processes, as `npm run start:prod` and `npm run start:worker` run them (`npm run build` first). */
export const DIST = join(__dirname, '..', '..', 'dist', 'src');

/**
 * A built API or worker in a child process: the real thing, which a test can SIGKILL, SIGTERM or restart. Every line
 * it writes is kept, so a test can read the whole log of a run (and grep it for secrets).
 */
export class AppProcess {
  readonly child: ChildProcess;
  /** The exit code, or the signal it died of. */
  readonly exited: Promise<number | string | null>;
  private log = '';

  private constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
  ) {
    if (!existsSync(join(DIST, script))) throw new Error(`${join(DIST, script)} is missing: run npm run build first`);
    this.child = spawn(process.execPath, [join(DIST, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (data: Buffer) => (this.log += data.toString()));
    this.child.stderr!.on('data', (data: Buffer) => (this.log += data.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(code ?? signal)));
  }

  static api(name: string, env: Record<string, string>): AppProcess {
    return new AppProcess(name, 'main.js', env);
  }

  static worker(name: string, env: Record<string, string>): AppProcess {
    return new AppProcess(name, 'worker.js', env);
  }

  /** One-shot scripts (the seed); resolves when it exits 0. */
  static async run(name: string, script: string, env: Record<string, string>): Promise<string> {
    const step = new AppProcess(name, script, env);
    const code = await step.exited;
    if (code !== 0) throw new Error(`${name} exited ${code}: ${step.output().slice(-2000)}`);
    return step.output();
  }

  output(): string {
    return this.log;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Dies at once, mid-work: no shutdown hook runs, nothing in hand is finished. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop; SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Polls `url` until it answers 2xx; fails with the process's last output when it exits or time runs out. */
export async function waitForOk(url: string, process: AppProcess, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return response;
    if (Date.now() > deadline || !process.alive) throw new Error(`${process.name} not ready at ${url}: ${process.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until the process has written a line matching `pattern`. */
export async function waitForLog(process: AppProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(process.output())) {
    if (Date.now() > deadline || !process.alive)
      throw new Error(`${process.name} never logged ${pattern}: ${process.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
