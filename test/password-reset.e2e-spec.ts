import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { expectProblem, loadAgencies, PASSWORD, signedIn } from './support/actors';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const tokenIn = (text: string) => /reset-password(?:\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('Password reset and welcome e-mails, through the worker and a real SMTP server', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://joint-calls.example.org' });
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await testApp.close();
    await smtp.stop();
  });

  it('welcomes a new researcher in their language once the address is confirmed', async () => {
    await api()
      .post('/api/v1/auth/register')
      .send({ email: 'chen@ntu.edu.tw', password: PASSWORD, name: '陳偉廷', language: 'zh-TW' })
      .expect(202);
    const [link] = await smtp.waitFor('chen@ntu.edu.tw');
    const token = /verify-email\?lang=zh-TW#token=([A-Za-z0-9_-]+)/.exec(link.text)?.[1];
    await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);
    const [mail] = await smtp.waitUntil('chen@ntu.edu.tw', (candidate) => candidate.text.includes('/sign-in'));
    expect(mail.language).toBe('zh-TW');
    expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
    expect(mail.text).toContain('陳偉廷');
    expect(mail.text).toContain('https://joint-calls.example.org/sign-in?lang=zh-TW');
  });

  it('resets a password with the e-mailed single-use link and signs out every old session', async () => {
    const user = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    await api().post('/api/v1/auth/password-reset').send({ email: user.email.toUpperCase() }).expect(202);
    const [mail] = await smtp.waitFor(user.email);
    expect(mail.subject).toMatch(/password/i);
    expect(mail.text).toContain('UTC');
    const token = tokenIn(mail.text);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await api().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'a brand new passphrase' }).expect(204);
    expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401, 'REFRESH_TOKEN_INVALID');
    expectProblem(await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }), 401, 'INVALID_CREDENTIALS');
    await api().post('/api/v1/auth/login').send({ email: user.email, password: 'a brand new passphrase' }).expect(200);

    const reused = await api().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'yet another passphrase' });
    expectProblem(reused, 422, 'RESET_TOKEN_INVALID');
    const [row] = await testApp.dataSource.query<{ variables: unknown }[]>(
      `SELECT variables FROM outbound_email WHERE recipient_email = $1 AND type = 'password-reset'`,
      [user.email],
    );
    expect(row.variables).toBeNull();
  });

  it("gives the link's expiry in the zone of the agency of the person's country, Prague for a Czech researcher", async () => {
    await loadAgencies(testApp.dataSource);
    const user = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    const me = await api().get('/api/v1/me').set(user.auth).expect(200);
    await api().patch('/api/v1/me').set(user.auth).send({ country: 'CZ', version: me.body.version }).expect(200);
    await api().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
    const [mail] = await smtp.waitFor(user.email);
    expect(mail.text).toMatch(/\(Europe\/Prague, GMT\+[12]\)/);
    expect(mail.text).not.toContain('UTC');
  });

  it('answers the same for an unknown e-mail and sends nothing', async () => {
    const known = await signedIn(testApp, [Role.Researcher]);
    const forKnown = await api().post('/api/v1/auth/password-reset').send({ email: known.email });
    const forUnknown = await api().post('/api/v1/auth/password-reset').send({ email: 'nobody-here@example.org' });
    expect({ status: forUnknown.status, body: forUnknown.body }).toEqual({ status: forKnown.status, body: forKnown.body });
    await smtp.waitFor(known.email);
    // No e-mail was even requested for the unknown address, so none can ever be sent.
    const requested = await testApp.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbound_email WHERE recipient_email = 'nobody-here@example.org'`,
    );
    expect(requested).toEqual([{ n: 0 }]);
    expect(smtp.to('nobody-here@example.org')).toEqual([]);
  });

  it('refuses a made-up token and a weak new password', async () => {
    expectProblem(
      await api()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: 'x'.repeat(43), password: 'long enough password' }),
      422,
      'RESET_TOKEN_INVALID',
    );
    const weak = await api()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token: 'x'.repeat(43), password: 'short' });
    expect(expectProblem(weak, 400, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'password', message: 'password must be at least 12 characters' },
    ]);
  });
});
