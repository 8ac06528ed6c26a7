import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PASSWORD } from './actors';
import { createDatabase, databaseUrl, dropDatabase, uniqueName } from './databases';
import { AppProcess, freePort, waitForOk } from './processes';
import { clearRedisPrefix, REDIS_URL, testRedisPrefix } from './redis';

export interface Account {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

/**
 * A whole deployment for the fault suites: its own database (cloned from the migrated template and seeded), its own
 * Redis prefix, and any number of built API and worker processes on them. The secrets are random per run, so a
 * test can look for them in the processes' logs. `close()` stops everything and leaves nothing behind.
 */
export class Deployment {
  readonly database = uniqueName('jc_rel');
  readonly redisPrefix = testRedisPrefix();
  readonly secrets = {
    JWT_SECRET: `jwt-${randomBytes(24).toString('hex')}`,
    WEBHOOK_SECRETS_KEY: `whk-${randomBytes(24).toString('hex')}`,
    ADMIN_PASSWORD: `admin-${randomBytes(12).toString('hex')}`,
  };
  readonly adminEmail = `admin-${randomBytes(4).toString('hex')}@joint-calls.localhost`;
  readonly processes = new Set<AppProcess>();
  readonly pool: Pool;
  private readonly closers: (() => Promise<unknown>)[] = [];

  private constructor(private readonly baseEnv: Record<string, string>) {
    this.pool = new Pool({ connectionString: databaseUrl(this.database), max: 4 });
    this.pool.on('error', () => undefined);
  }

  /** Creates the database and seeds it (reference data and the first admin, no demo data). */
  static async create(env: Record<string, string> = {}): Promise<Deployment> {
    const deployment = new Deployment(env);
    await createDatabase(deployment.database, { template: process.env.TEST_TEMPLATE_DATABASE });
    await AppProcess.run('seed', 'seed/seed.main.js', { ...deployment.env(), SEED_DEMO: 'false' });
    return deployment;
  }

  /** The environment of every process of this deployment, `extra` on top. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl(this.database),
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      ADMIN_EMAIL: this.adminEmail,
      LOGIN_RATE_LIMIT: '100000',
      ACCOUNT_RATE_LIMIT: '100000',
      RESET_RATE_LIMIT: '100000',
      SWEEP_INTERVAL_MS: '1000',
      ...this.secrets,
      ...this.baseEnv,
      ...extra,
    };
  }

  /** Starts an API on a free port and waits until it is ready; returns it with its base URL. */
  async api(name = 'api', extra: Record<string, string> = {}): Promise<{ process: AppProcess; url: string }> {
    const port = await freePort();
    const process = this.track(AppProcess.api(name, this.env({ PORT: String(port), ...extra })));
    const url = `http://127.0.0.1:${port}`;
    await waitForOk(`${url}/health/ready`, process);
    return { process, url };
  }

  /** Starts a worker; it is working once it logged that it started. */
  worker(name = 'worker', extra: Record<string, string> = {}): AppProcess {
    return this.track(AppProcess.worker(name, this.env(extra)));
  }

  /** Every line every process of the deployment wrote. */
  logs(): string {
    return [...this.processes].map((process) => `--- ${process.name}\n${process.output()}`).join('\n');
  }

  /**
   * The secrets found in the logs of every process of the deployment: its own keys and the admin's password, the
   * `extra` ones a test handled (tokens, passwords, webhook secrets), any password hash or bearer token.
   */
  leakedSecrets(extra: string[] = []): string[] {
    const logs = this.logs();
    const named = [...Object.values(this.secrets), PASSWORD, ...extra].filter((secret) => secret.length >= 8 && logs.includes(secret));
    const patterns = [/\$argon2id?\$/, /Bearer [A-Za-z0-9_-]{10,}\./, /whsec_[A-Za-z0-9+/=]{10,}/].filter((pattern) => pattern.test(logs));
    return [...named.map((secret) => `${secret.slice(0, 6)}…`), ...patterns.map(String)];
  }

  onClose(closer: () => Promise<unknown>): void {
    this.closers.push(closer);
  }

  /** Signs the admin in; creates users through the API as the admin and signs them in. */
  async admin(url: string): Promise<Account> {
    return this.signIn(url, this.adminEmail, this.secrets.ADMIN_PASSWORD);
  }

  async user(url: string, admin: Account, roles: string[], agencyId: string | null = null, email?: string): Promise<Account> {
    const address = email ?? `${roles.join('-').toLowerCase()}-${randomBytes(4).toString('hex')}@example.org`;
    const response = await fetch(`${url}/api/v1/users`, {
      method: 'POST',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, name: `Person ${address}`, password: PASSWORD, roles, agencyId }),
    });
    if (response.status !== 201) throw new Error(`creating ${address}: ${response.status} ${await response.text()}`);
    return this.signIn(url, address, PASSWORD);
  }

  async signIn(url: string, email: string, password: string): Promise<Account> {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`signing ${email} in: ${response.status} ${await response.text()}`);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const [{ id }] = (await this.pool.query<{ id: string }>('SELECT id FROM "user" WHERE email = $1', [email])).rows;
    return { id, email, token: accessToken, auth: { Authorization: `Bearer ${accessToken}` } };
  }

  async agencyId(code: string): Promise<string> {
    return (await this.pool.query<{ id: string }>('SELECT id FROM agency WHERE code = $1', [code])).rows[0].id;
  }

  async close(): Promise<void> {
    await Promise.all([...this.processes].map((process) => process.stop()));
    for (const closer of this.closers.reverse()) await closer().catch(() => undefined);
    await this.pool.end();
    await dropDatabase(this.database);
    await clearRedisPrefix(`${this.redisPrefix}:`);
  }

  private track(process: AppProcess): AppProcess {
    this.processes.add(process);
    return process;
  }
}

/** JSON over fetch, for the fault suites (the API runs in another process). */
export async function call(
  url: string,
  method: string,
  path: string,
  { auth, body }: { auth?: { Authorization: string }; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { ...(auth ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}
