import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

/** The API as production runs it: webhooks only to https endpoints on public addresses. */
describe('Webhook endpoints in production', () => {
  let testApp: TestApp;
  let officer: Actor;

  beforeAll(async () => {
    testApp = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-like-secret-for-the-webhook-safety-test',
      ADMIN_PASSWORD: 'a-production-like-admin-password',
      WEBHOOK_SECRETS_KEY: 'a-production-like-webhook-key-for-the-safety-test',
    });
    const agencies = await loadAgencies(testApp.dataSource);
    officer = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
  }, 120_000);
  afterAll(() => testApp.close());

  it.each([
    ['http://hooks.gacr.cz/joint-calls', 'url must be an https URL'],
    ['https://127.0.0.1/hook', 'url must not point at a private, loopback or reserved address'],
    ['https://10.20.30.40/hook', 'url must not point at a private, loopback or reserved address'],
    ['https://192.168.1.10:8443/hook', 'url must not point at a private, loopback or reserved address'],
    ['https://169.254.169.254/latest/meta-data/', 'url must not point at a private, loopback or reserved address'],
    ['https://[::1]/hook', 'url must not point at a private, loopback or reserved address'],
    ['https://[fd00::5]/hook', 'url must not point at a private, loopback or reserved address'],
    ['https://localhost/hook', 'url must resolve to public addresses only'],
    ['https://no-such-host.invalid/hook', 'url must resolve to public addresses only'],
  ])('refuses %s', async (url, message) => {
    const refused = await request(testApp.http)
      .post('/api/v1/webhook-endpoints')
      .set(officer.auth)
      .send({ url, eventTypes: ['call.published'] });
    expect(expectProblem(refused, 422, 'WEBHOOK_URL_REFUSED').errors).toEqual([{ field: 'url', message }]);
    const [{ n }] = await testApp.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_endpoint`);
    expect(n).toBe(0);
  });
});
