import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { Environment, validateEnvironment } from '../../src/config/environment';
import { databaseUrl, dropDatabase } from '../../test/support/databases';
import { clearRedisPrefix } from '../../test/support/redis';

/** The project's root: the benchmarks run compiled, from dist/bench, and read dist/src. */
export const ROOT = (function projectRoot(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir;
  if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  return projectRoot(dirname(dir));
})(__dirname);
export const DIST = join(ROOT, 'dist');
/** Gitignored: bench/results/<name>.json and bench/results/profiles/. */
export const RESULTS = join(ROOT, 'bench', 'results');

export const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A number from the environment within [min, max], or the fallback when unset; `integer` refuses fractions. */
export function numberEnv(name: string, fallback: number, { min = 1, max = Infinity, integer = true } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

/**
 * One benchmark run: `name` names its database (jc_bench_<name>), its Redis prefix (jcb-<name>) and its results
 * file. Children, clients and servers registered with it are stopped on every way out (success, failure, signal,
 * time budget), then the database is dropped and the Redis keys deleted. Exit code: 0 when every check passed, 2
 * when a check failed, 1 when the run itself failed.
 */
export class Bench {
  readonly database: string;
  readonly redisPrefix: string;
  /** BENCH_DATABASE_URL: the server the bench database is created on. */
  readonly serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  /** BENCH_REDIS_URL: the Redis of the API and the workers. */
  readonly redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  readonly databaseUrl: string;
  /** Production settings: the application refuses the development secrets and admin password there. */
  readonly secrets = {
    JWT_SECRET: randomBytes(48).toString('base64'),
    WEBHOOK_SECRETS_KEY: randomBytes(48).toString('base64'),
    ADMIN_EMAIL: 'admin@joint-calls.localhost',
    ADMIN_PASSWORD: `bench-${randomBytes(12).toString('hex')}`,
  };
  /** Child processes, stopped together at cleanup (see processes.ts). */
  readonly children = new Set<{ stop(): Promise<void> }>();
  private readonly closers: (() => unknown)[] = [];
  private cleaning: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly options: { timeoutS: number; cleanupTimeoutMs?: number },
  ) {
    // BENCH_INSTANCE keeps runs of one benchmark from several checkouts on one server apart.
    const instance = (process.env.BENCH_INSTANCE ?? '').replace(/[^a-z0-9_]/gi, '').toLowerCase();
    this.database = `jc_bench_${name}${instance ? `_${instance}` : ''}`;
    this.redisPrefix = `jcb-${name}${instance ? `-${instance}` : ''}`;
    this.databaseUrl = databaseUrl(this.database, this.serverUrl);
  }

  /** The environment of the application's processes (API, worker, seed) on this run's database and Redis prefix. */
  appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '100000',
      ACCOUNT_RATE_LIMIT: '100000',
      ...this.secrets,
      ...extra,
    };
  }

  /** The configuration those processes read, for src helpers that take one (e.g. createQueue). */
  config(): ConfigService<Environment, true> {
    return new ConfigService<Environment, true>(validateEnvironment(this.appEnv()));
  }

  /** Runs `close` at cleanup, before the children are stopped (the last registered first). */
  onCleanup(close: () => unknown): void {
    this.closers.push(close);
  }

  /** A client, pool or agent closed at cleanup. */
  closeLater<T extends { end(): unknown }>(closable: T): T {
    this.onCleanup(() => closable.end());
    return closable;
  }

  get aborted(): boolean {
    return this.cleaning !== null;
  }

  /** Runs main within the time budget, then cleans up and exits with main's code. */
  run(main: (bench: this) => Promise<number>): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        log(`${signal}: cleaning up`);
        void this.finish(130);
      });
    }
    setTimeout(() => {
      log(`overall time budget of ${this.options.timeoutS} s exceeded; aborting`);
      void this.finish(1);
    }, this.options.timeoutS * 1000).unref();
    main(this).then(
      (code) => this.finish(code),
      (error: unknown) => {
        if (this.cleaning) return; // interrupted: finish() is already under way
        log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return this.finish(1);
      },
    );
  }

  private async finish(code: number): Promise<never> {
    await withTimeout(this.cleanup(), this.options.cleanupTimeoutMs ?? 45_000, 'cleanup').catch((error) => log(errorMessage(error)));
    process.exit(code);
  }

  private cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      for (const close of this.closers.splice(0).reverse())
        await Promise.resolve()
          .then(close)
          .catch(() => undefined);
      await Promise.all([...this.children].map((child) => child.stop().catch(() => undefined)));
      await withTimeout(dropDatabase(this.database, this.serverUrl), 20_000, 'dropping the bench database').then(
        () => log(`dropped database ${this.database}`),
        (error) => log(`could not drop database ${this.database}: ${errorMessage(error)}`),
      );
      await withTimeout(clearRedisPrefix(`${this.redisPrefix}:`, this.redisUrl), 10_000, 'deleting Redis keys').then(
        (count) => log(`deleted ${count} Redis keys with prefix ${this.redisPrefix}`),
        (error) => log(`could not delete Redis keys ${this.redisPrefix}:*: ${errorMessage(error)}`),
      );
    })();
    return this.cleaning;
  }
}
