import { PASSWORD } from '../support/actors';
import { call, Deployment } from '../support/deployment';
import { databaseUrl } from '../support/databases';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * PostgreSQL becomes unreachable (the API and the worker reach it through a TCP proxy the test cuts; the shared server
 * itself keeps running for everyone else) and comes back. Meanwhile readiness says which dependency is down, every
 * request that needs the database gets a clean 503 problem with Retry-After (never a 500, a stack or a hang), and
 * liveness stays up so nothing restarts the processes. Afterwards both recover without a restart.
 */
describe('PostgreSQL unreachable for a while', () => {
  const smtp = new SmtpSink({ headersOnly: true });
  let deployment: Deployment;
  let proxy: TcpProxy;

  beforeAll(async () => {
    await smtp.start();
    proxy = await new TcpProxy('127.0.0.1', Number(new URL(databaseUrl('x')).port || 5432)).start();
    deployment = await Deployment.create({ SMTP_URL: smtp.url });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await proxy.cut().catch(() => undefined);
    await smtp.stop();
  });

  it('answers 503 while it is away, says so in readiness, and recovers without a restart', async () => {
    const throughProxy = new URL(databaseUrl(deployment.database));
    throughProxy.port = String(proxy.port);
    const env = { DATABASE_URL: throughProxy.toString() };
    const { url, process: api } = await deployment.api('api', env);
    const worker = deployment.worker('worker', env);
    await waitForLog(worker, /Worker started/);
    const admin = await deployment.admin(url);
    const user = await deployment.user(url, admin, ['RESEARCHER']);

    await proxy.cut();
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    // The database is named; the clock check, which asks the database for its time, cannot pass either.
    expect(await ready.json()).toMatchObject({
      code: 'NOT_READY',
      errors: expect.arrayContaining([expect.objectContaining({ field: 'database' })]),
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);

    const during = [
      ['sign in', () => call(url, 'POST', '/auth/login', { body: { email: user.email, password: PASSWORD } })],
      ['read own account', () => call(url, 'GET', '/me', { auth: user.auth })],
      ['list calls', () => call(url, 'GET', '/calls', { auth: user.auth })],
      [
        'register',
        () => call(url, 'POST', '/auth/register', { body: { email: 'during@example.org', password: PASSWORD, name: 'During' } }),
      ],
      ['reset password', () => call(url, 'POST', '/auth/password-reset', { body: { email: user.email } })],
    ] as const;
    for (const [what, request] of during) {
      const started = Date.now();
      const answer = await request();
      expect({ what, status: answer.status, code: answer.body.code, type: answer.body.type }).toEqual({
        what,
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        type: 'urn:joint-calls:problem:dependency-unavailable',
      });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(15_000);
    }
    // The worker keeps running through the outage: its sweeps fail, say so, and wait.
    await waitForLog(worker, /Outbox relay paused/, 30_000);
    expect({ api: api.alive, worker: worker.alive }).toEqual({ api: true, worker: true });

    await proxy.start();
    await eventually(
      async () => (await fetch(`${url}/health/ready`)).status,
      (status) => status === 200,
      { timeoutMs: 30_000, what: 'readiness back' },
    );
    expect((await call(url, 'POST', '/auth/login', { body: { email: user.email, password: PASSWORD } })).status).toBe(200);
    expect((await call(url, 'GET', '/me', { auth: user.auth })).status).toBe(200);
    // And the worker delivers again: someone who registers now gets the link to confirm their address.
    const registered = await call(url, 'POST', '/auth/register', {
      body: { email: 'after@example.org', password: PASSWORD, name: 'After' },
    });
    expect(registered.status).toBe(202);
    await smtp.waitFor('after@example.org', 1, 30_000);
    expect({ api: api.alive, worker: worker.alive }).toEqual({ api: true, worker: true });
    expect(deployment.logs()).not.toMatch(/"level":60|Unhandled error/);
    // Whatever happened, the logs of the run hold none of the deployment's secrets.
    expect(deployment.leakedSecrets()).toEqual([]);
  }, 300_000);
});
