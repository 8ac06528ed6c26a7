import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { PasswordService } from '../src/auth/password.service';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, PASSWORD, signedIn } from './support/actors';
import { callInput, publishedCall } from './support/calls';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/** The token of a link to a page, e.g. `/verify-email?lang=en#token=…`, as the e-mail's reader would follow it. */
const tokenIn = (page: string, mail: ReceivedMail) =>
  new RegExp(`/${page}(?:\\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1] ?? '';
const isVerification = (mail: ReceivedMail) => mail.text.includes('/verify-email');

describe('Registration without account enumeration, through the worker and a real SMTP server', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let counter = 0;
  const api = () => request(testApp.http);
  const fresh = (name: string) => `${name}-${++counter}-${process.pid}@example.org`;
  const register = (body: object) =>
    api()
      .post('/api/v1/auth/register')
      .send({ password: PASSWORD, name: 'Wang Ming', ...body });
  const login = (email: string, password = PASSWORD) => api().post('/api/v1/auth/login').send({ email, password });
  const outbox = (email: string) =>
    testApp.dataSource.query<{ type: string; variables: unknown }[]>(
      `SELECT type, variables FROM outbound_email WHERE recipient_email = $1 ORDER BY created_at`,
      [email],
    );

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

  describe('the answer', () => {
    it('is the same for a new and a taken address: 202, the same body, the password hashed either way', async () => {
      const owner = await signedIn(testApp, [Role.Researcher]);
      const newcomer = fresh('newcomer');
      const hashing = jest.spyOn(testApp.app.get(PasswordService), 'hash');
      const forNew = await register({ email: newcomer.toUpperCase() });
      const forTaken = await register({ email: owner.email.toUpperCase(), name: 'Someone Else', password: 'an attacker passphrase' });
      expect(hashing).toHaveBeenCalledTimes(2);
      hashing.mockRestore();

      expect({ status: forNew.status, body: forNew.body as object }).toEqual({
        status: 202,
        body: { status: 'VERIFICATION_SENT', email: newcomer },
      });
      expect({ status: forTaken.status, body: forTaken.body as object }).toEqual({
        status: 202,
        body: { status: 'VERIFICATION_SENT', email: owner.email },
      });
      expect(Object.keys(forTaken.headers).sort()).toEqual(Object.keys(forNew.headers).sort());

      // The taken account did not change: its name, its password.
      const me = await api().get('/api/v1/me').set(owner.auth).expect(200);
      expect(me.body).toMatchObject({ name: expect.stringMatching(/^Test researcher/i), version: 1 });
      await login(owner.email).expect(200);
      expectProblem(await login(owner.email, 'an attacker passphrase'), 401, 'INVALID_CREDENTIALS');
    });

    it('lists every invalid field at once, the invitation included', async () => {
      const response = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'nope', password: 'short', name: 'A', invitation: { proposalId: 'x', token: 'short', extra: 1 } });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field).sort()).toEqual([
        'email',
        'invitation.extra',
        'invitation.proposalId',
        'invitation.token',
        'password',
      ]);
    });
  });

  describe('a new address', () => {
    it('gets a link, in its language, that confirms the address once and signs the person in', async () => {
      const email = fresh('chen');
      await register({ email, name: '陳偉廷', language: 'zh-TW' }).expect(202);
      const [mail] = await smtp.waitFor(email);
      expect(mail.language).toBe('zh-TW');
      expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
      expect(mail.text).toContain('陳偉廷');
      expect(mail.text).toContain('Asia/Taipei');
      expect(mail.text).toMatch(/https:\/\/joint-calls\.example\.org\/verify-email\?lang=zh-TW#token=/);
      const token = tokenIn('verify-email', mail);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Only the digest is kept, and the link leaves the outbox once sent.
      const [row] = await outbox(email);
      expect(row).toEqual({ type: 'email-verification', variables: null });

      const verified = await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);
      expect(verified.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      const me = await api().get('/api/v1/me').set('Authorization', `Bearer ${verified.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ email, name: '陳偉廷', roles: ['RESEARCHER'], language: 'zh-TW' });
      await api().post('/api/v1/auth/refresh').send({ refreshToken: verified.body.refreshToken }).expect(200);
      await login(email).expect(200);

      // Welcomed once the account is ready, with the sign-in link.
      const [welcome] = await smtp.waitUntil(email, (received) => received.text.includes('/sign-in?lang=zh-TW'));
      expect(welcome.subject).toContain('歡迎');

      expectProblem(await api().post('/api/v1/auth/verify-email').send({ token }), 422, 'VERIFICATION_TOKEN_INVALID');
    });

    it('refuses to sign in before the address is confirmed, saying so only to whoever knows the password', async () => {
      const email = fresh('pending');
      await register({ email }).expect(202);
      const wrong = await login(email, 'not the password at all');
      const unknown = await login(fresh('nobody'), 'not the password at all');
      expect({ status: wrong.status, body: wrong.body as object }).toEqual({ status: unknown.status, body: unknown.body as object });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      expect(expectProblem(await login(email), 403, 'EMAIL_NOT_VERIFIED').detail).toMatch(/verify-email\/resend/);
    });

    it('refuses a made-up token, an expired one, and a token of another purpose', async () => {
      expectProblem(
        await api()
          .post('/api/v1/auth/verify-email')
          .send({ token: 'x'.repeat(43) }),
        422,
        'VERIFICATION_TOKEN_INVALID',
      );

      const email = fresh('late');
      await register({ email }).expect(202);
      const token = tokenIn('verify-email', (await smtp.waitFor(email))[0]);
      await testApp.dataSource.query(
        `UPDATE single_use_token SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM "user" WHERE email = $1)`,
        [email],
      );
      expectProblem(await api().post('/api/v1/auth/verify-email').send({ token }), 422, 'VERIFICATION_TOKEN_INVALID');

      // A reset link chooses a password and a verification link confirms an address, never the other way round.
      const other = fresh('crossed');
      await register({ email: other }).expect(202);
      const verification = tokenIn('verify-email', (await smtp.waitFor(other))[0]);
      const reset = await signedIn(testApp, [Role.Researcher]);
      await api().post('/api/v1/auth/password-reset').send({ email: reset.email }).expect(202);
      const resetToken = tokenIn('reset-password', (await smtp.waitFor(reset.email))[0]);
      expectProblem(await api().post('/api/v1/auth/verify-email').send({ token: resetToken }), 422, 'VERIFICATION_TOKEN_INVALID');
      expectProblem(
        await api().post('/api/v1/auth/password-reset/confirm').send({ token: verification, password: 'a brand new passphrase' }),
        422,
        'RESET_TOKEN_INVALID',
      );
    });

    it('sends a new link on request, answering the same whatever the address', async () => {
      const waiting = fresh('waiting');
      await register({ email: waiting }).expect(202);
      const ready = await signedIn(testApp, [Role.Researcher]);
      const answers = await Promise.all(
        [waiting, ready.email, fresh('nobody')].map((email) => api().post('/api/v1/auth/verify-email/resend').send({ email })),
      );
      expect(answers.map((answer) => ({ status: answer.status, body: answer.text }))).toEqual(
        Array.from({ length: 3 }, () => ({ status: 202, body: '' })),
      );
      const [first, second] = await smtp.waitFor(waiting, 2);
      expect(tokenIn('verify-email', second)).not.toBe(tokenIn('verify-email', first));
      // Either link works (the first one has not expired); a confirmed account gets none.
      await api()
        .post('/api/v1/auth/verify-email')
        .send({ token: tokenIn('verify-email', first) })
        .expect(200);
      expect((await outbox(ready.email)).map((row) => row.type)).toEqual([]);
    });

    it('is confirmed by a password reset too, which replaces a password someone else may have chosen', async () => {
      const email = fresh('squatted');
      await register({ email, password: 'chosen by a squatter' }).expect(202);
      await api().post('/api/v1/auth/password-reset').send({ email }).expect(202);
      const [reset] = await smtp.waitUntil(email, (mail) => mail.text.includes('/reset-password'));
      await api()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: tokenIn('reset-password', reset), password: 'the owner passphrase' })
        .expect(204);
      await login(email, 'the owner passphrase').expect(200);
      expectProblem(await login(email, 'chosen by a squatter'), 401, 'INVALID_CREDENTIALS');
    });
  });

  describe('a taken address', () => {
    it("tells the owner, in the owner's language, with links to sign in and to reset the password; the requester learns nothing", async () => {
      const owner = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
      await register({ email: owner.email, language: 'en', name: 'Curious' }).expect(202);
      const [mail] = await smtp.waitFor(owner.email);
      expect(mail.language).toBe('zh-TW');
      expect(mail.text).toMatch(/Test researcher/i);
      expect(mail.text).not.toContain('Curious');
      expect(mail.text).toContain('https://joint-calls.example.org/sign-in?lang=zh-TW');
      expect(mail.text).toContain('https://joint-calls.example.org/reset-password?lang=zh-TW');
      expect(mail.text).not.toContain('#token=');
      expect((await outbox(owner.email)).map((row) => row.type)).toEqual(['account-exists']);
      const [{ accounts }] = await testApp.dataSource.query<{ accounts: number }[]>(
        `SELECT count(*)::int AS accounts FROM "user" WHERE email = $1`,
        [owner.email],
      );
      expect(accounts).toBe(1);
    });

    it('tells the owner of an account still waiting for its link the same, and sends no link to confirm it', async () => {
      const email = fresh('twice');
      await register({ email }).expect(202);
      await register({ email, password: 'another passphrase entirely' }).expect(202);
      await smtp.waitFor(email, 2);
      expect((await outbox(email)).map((row) => row.type)).toEqual(['email-verification', 'account-exists']);
    });
  });

  describe('from an invitation to a proposal', () => {
    let homePi: Actor;
    let callId: string;

    beforeAll(async () => {
      const agencies = await loadAgencies(testApp.dataSource);
      const nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
      const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
      homePi = await signedIn(testApp, [Role.Researcher]);
      ({ id: callId } = await publishedCall(testApp, nstc, gacr, callInput(agencies)));
    });

    /** A draft whose partner PI is invited at `email`; the invitation as the register form sends it. */
    async function invitationTo(email: string): Promise<{ proposalId: string; token: string }> {
      const draft = await api()
        .post(`/api/v1/calls/${callId}/proposals`)
        .set(homePi.auth)
        .send({ title: 'Ocean acoustics', side: 'HOME', institution: 'National Taiwan University', country: 'TW' })
        .expect(201);
      const proposalId = draft.body.id as string;
      await api()
        .post(`/api/v1/proposals/${proposalId}/invitations`)
        .set(homePi.auth)
        .send({ name: 'Petr Svoboda', email, institution: 'Charles University', country: 'CZ' })
        .expect(201);
      const [mail] = await smtp.waitUntil(email, (received) => received.text.includes(`/proposals/${proposalId}/invitation`));
      return { proposalId, token: tokenIn(`proposals/${proposalId}/invitation`, mail) };
    }

    it('is ready at once when the invitation was sent to this address: 201 with tokens, then the confirmation', async () => {
      const email = fresh('invited');
      const invitation = await invitationTo(email);
      const registered = await register({ email, name: 'Petr Svoboda', invitation }).expect(201);
      expect(registered.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      const auth = { Authorization: `Bearer ${registered.body.accessToken}` };
      await api().post(`/api/v1/proposals/${invitation.proposalId}/confirm`).set(auth).send({ token: invitation.token }).expect(200);
      await login(email).expect(200);
      await smtp.waitUntil(email, (mail) => mail.text.includes('/sign-in?lang=en'));
      expect((await outbox(email)).map((row) => row.type)).toEqual(['proposal-invitation', 'welcome']);
    });

    it('proves nothing of another address, nor with a wrong token: 202 and a link to confirm', async () => {
      const invited = fresh('invited-elsewhere');
      const invitation = await invitationTo(invited);
      const other = fresh('other-address');
      expect((await register({ email: other, invitation })).body).toEqual({ status: 'VERIFICATION_SENT', email: other });
      const forged = fresh('forged');
      await register({ email: forged, invitation: { proposalId: invitation.proposalId, token: 'y'.repeat(43) } }).expect(202);
      await smtp.waitUntil(other, isVerification);
      expectProblem(await login(other), 403, 'EMAIL_NOT_VERIFIED');
    });

    it('says that an address invited and already registered is taken, to the holder of its invitation only', async () => {
      const owner = await signedIn(testApp, [Role.Researcher]);
      const invitation = await invitationTo(owner.email);
      expectProblem(await register({ email: owner.email, invitation }), 409, 'EMAIL_TAKEN');
      await login(owner.email).expect(200);
    });
  });
});
