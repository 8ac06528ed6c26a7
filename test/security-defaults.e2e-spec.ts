import { AddressInfo } from 'node:net';
import request from 'supertest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../src/auth/access-token.service';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, PASSWORD, signedIn } from './support/actors';
import { launchChromium, newTab } from './support/browser';
import { forgedTokens } from './support/forged-tokens';
import { clearRedisPrefix } from './support/redis';
import { startTestApp, TestApp } from './support/test-app';

const ALLOWED_ORIGIN = 'https://portal.joint-calls.example.org';
const JWT_SECRET = 'the-security-defaults-suite-secret-0123456789';

/**
 * The defaults an attacker meets first: the headers of every answer, CORS as configured, the rate limits of the
 * account routes (which no X-Forwarded-For walks past), answers that do not tell whether an account exists, and
 * access tokens that only this API's own key, algorithm, audience and clock make valid.
 */
describe('Security defaults', () => {
  let testApp: TestApp;
  let user: Actor;
  const api = () => request(testApp.http);
  /** Forgets the counts of the rate limits (this file's registrations from 127.0.0.1 used them all up). */
  const forgetCounts = () => clearRedisPrefix(`${testApp.env.REDIS_PREFIX}:throttle:`);

  beforeAll(async () => {
    testApp = await startTestApp({
      JWT_SECRET,
      CORS_ORIGINS: ALLOWED_ORIGIN,
      ACCOUNT_RATE_LIMIT: '8',
      RESET_RATE_LIMIT: '2',
      // The test's requests come from 127.0.0.1: with loopback not trusted, their X-Forwarded-For is a client's claim.
      TRUST_PROXY: '10.0.0.0/8',
    });
    user = await signedIn(testApp, [Role.Researcher]);
  }, 120_000);
  afterAll(() => testApp.close());

  describe('headers', () => {
    const API_HEADERS = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    };

    it.each([
      ['an answer with data', '/api/v1/me', 200],
      ['a problem', '/api/v1/calls/7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11', 404],
      ['an unknown route', '/api/v1/nothing-here', 404],
      ['a validation failure', '/api/v1/calls?limit=1000', 400],
    ])('puts them on %s, and keeps it out of every cache', async (_what, url, status) => {
      const response = await api().get(url).set(user.auth);
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject({ ...API_HEADERS, 'cache-control': 'no-store' });
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    });

    it('puts them on the probes, the OpenAPI document and Swagger UI', async () => {
      for (const url of ['/health', '/docs-json']) expect((await api().get(url)).headers).toMatchObject(API_HEADERS);
      const ui = await api().get('/docs').redirects(1);
      expect(ui.headers).toMatchObject({ ...API_HEADERS, 'content-security-policy': expect.stringContaining("script-src 'self'") });
    });

    it("keeps the e-mail link pages' own stricter policy", async () => {
      const page = await api().get('/sign-in');
      expect(page.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': expect.stringContaining("require-trusted-types-for 'script'"),
      });
    });

    it('lets Swagger UI run under its policy in a real browser', async () => {
      await testApp.app.listen(0, '127.0.0.1');
      const { port } = testApp.app.getHttpServer().address() as AddressInfo;
      const browser = await launchChromium();
      const tab = await newTab(browser);
      try {
        await tab.page.goto(`http://127.0.0.1:${port}/docs`);
        await tab.page.waitForSelector('.opblock', { timeout: 20_000 });
        expect(await tab.page.locator('.opblock').count()).toBeGreaterThan(40);
        expect(tab.problems).toEqual([]);
      } finally {
        await tab.close();
        await browser.close();
      }
    }, 60_000);
  });

  describe('CORS', () => {
    it('answers the configured origin, without credentials, and nobody else', async () => {
      const allowed = await api().get('/api/v1/me').set(user.auth).set('Origin', ALLOWED_ORIGIN);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      const other = await api().get('/api/v1/me').set(user.auth).set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows a preflight from the configured origin only', async () => {
      const preflight = (origin: string) =>
        api()
          .options('/api/v1/calls')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
      const allowed = await preflight(ALLOWED_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('rate limits of the account routes', () => {
    it('limits registrations per client address, whatever X-Forwarded-For claims', async () => {
      const register = (n: number) =>
        api()
          .post('/api/v1/auth/register')
          .set('X-Forwarded-For', `203.0.113.${n}`)
          .send({ email: `burst-${n}@example.org`, password: PASSWORD, name: 'Burst' });
      for (let n = 1; n <= 8; n++) expect((await register(n)).status).toBe(202);
      const limited = await register(9);
      expect(expectProblem(limited, 429, 'TOO_MANY_REQUESTS').detail).toMatch(
        /^Too many requests from your address; try again in \d+ seconds$/,
      );
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const [{ accounts }] = await testApp.dataSource.query<{ accounts: number }[]>(
        `SELECT count(*)::int AS accounts FROM "user" WHERE email LIKE 'burst-%'`,
      );
      expect(accounts).toBe(8);
    });

    it('limits registrations per address too: each one e-mails the address, and nobody may flood its mailbox', async () => {
      const again = (n: number) =>
        api()
          .post('/api/v1/auth/register')
          .set('X-Forwarded-For', `198.51.100.${n}`)
          .send({ email: user.email, password: PASSWORD, name: 'Again' });
      await forgetCounts();
      // Two registration attempts per address and hour in this file, from any client address.
      for (let n = 1; n <= 2; n++) expect((await again(n)).status).toBe(202);
      expect(expectProblem(await again(3), 429, 'TOO_MANY_REQUESTS').detail).toMatch(
        /^Too many requests for this account; try again in \d+ seconds$/,
      );
      const [{ mails }] = await testApp.dataSource.query<{ mails: number }[]>(
        `SELECT count(*)::int AS mails FROM outbound_email WHERE type = 'account-exists' AND recipient_email = $1`,
        [user.email],
      );
      expect(mails).toBe(2);
    });

    it("limits reset e-mails per account, so nobody can flood a person's mailbox", async () => {
      const reset = () => api().post('/api/v1/auth/password-reset').send({ email: user.email });
      for (let n = 1; n <= 2; n++) expect((await reset()).status).toBe(202);
      expect(expectProblem(await reset(), 429, 'TOO_MANY_REQUESTS').detail).toMatch(
        /^Too many requests for this account; try again in \d+ seconds$/,
      );
      const [{ mails }] = await testApp.dataSource.query<{ mails: number }[]>(
        `SELECT count(*)::int AS mails FROM outbound_email WHERE type = 'password-reset' AND recipient_email = $1`,
        [user.email],
      );
      expect(mails).toBe(2);
    });
  });

  describe('account enumeration', () => {
    it('answers a registration the same for a taken address and a new one', async () => {
      const owner = await signedIn(testApp, [Role.Researcher]);
      await forgetCounts();
      const taken = await api().post('/api/v1/auth/register').send({ email: owner.email, password: PASSWORD, name: 'Taken' });
      const fresh = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'fresh-enumeration@example.org', password: PASSWORD, name: 'New' });
      expect({ status: taken.status, keys: Object.keys(taken.body as object), state: taken.body.status }).toEqual({
        status: fresh.status,
        keys: Object.keys(fresh.body as object),
        state: fresh.body.status,
      });
    });

    it('answers a reset request the same for an account and for nobody', async () => {
      const known = await api()
        .post('/api/v1/auth/password-reset')
        .send({ email: (await signedIn(testApp, [Role.Researcher])).email });
      const unknown = await api().post('/api/v1/auth/password-reset').send({ email: 'nobody-at-all@example.org' });
      expect({ status: unknown.status, body: unknown.text }).toEqual({ status: known.status, body: known.text });
    });

    it('answers a wrong password and an unknown account alike', async () => {
      const wrong = await api().post('/api/v1/auth/login').send({ email: user.email, password: 'not the password at all' });
      const unknown = await api().post('/api/v1/auth/login').send({ email: 'nobody-at-all@example.org', password: PASSWORD });
      expect({ status: unknown.status, body: unknown.body as object }).toEqual({ status: wrong.status, body: wrong.body as object });
    });
  });

  describe('access tokens', () => {
    it('are short-lived HS256 tokens for this API only', () => {
      const [header, payload] = user.token
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as object);
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      const claims = payload as { aud: string; iss: string; iat: number; exp: number };
      expect(claims).toMatchObject({ aud: ACCESS_TOKEN_AUDIENCE, iss: ACCESS_TOKEN_ISSUER });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
    });

    it('refuses every forgery: another key, alg none, another algorithm, expired, from the future, another audience or issuer', async () => {
      const claims = { sub: user.id, roles: ['ADMIN'], agencyId: null, lang: 'en' };
      const answers: Record<string, string> = {};
      for (const [name, token] of Object.entries(
        forgedTokens(JWT_SECRET, claims, { aud: ACCESS_TOKEN_AUDIENCE, iss: ACCESS_TOKEN_ISSUER }),
      )) {
        const response = await api().get('/api/v1/users').set('Authorization', `Bearer ${token}`);
        answers[name] = `${response.status} ${(response.body as { code: string }).code}`;
      }
      expect(answers).toEqual({
        'signed with another key': '401 TOKEN_INVALID',
        'alg none': '401 TOKEN_INVALID',
        'alg None, signature kept': '401 TOKEN_INVALID',
        'HS512 with the right key': '401 TOKEN_INVALID',
        expired: '401 TOKEN_EXPIRED',
        'issued in the future': '401 TOKEN_INVALID',
        'not valid before tomorrow': '401 TOKEN_INVALID',
        'no expiry': '401 TOKEN_INVALID',
        'another audience': '401 TOKEN_INVALID',
        'no audience': '401 TOKEN_INVALID',
        'another issuer': '401 TOKEN_INVALID',
        'payload swapped under a valid signature': '401 TOKEN_INVALID',
      });
    });
  });
});
