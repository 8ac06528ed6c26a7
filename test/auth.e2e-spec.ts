import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/environment';
import { Role } from '../src/common/identity/role';
import { expectProblem, PASSWORD, signedIn } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

describe('Accounts and tokens', () => {
  let testApp: TestApp;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  describe('registration', () => {
    // The e-mails of registration (the link to confirm, the owner's notice) are in registration.e2e-spec.ts.
    it('registers an unconfirmed researcher with a preferred language, and answers the same for a second one at the address', async () => {
      const first = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'Wang.Ming@NTU.edu.tw', password: PASSWORD, name: 'Wang Ming', language: 'zh-TW' })
        .expect(202);
      expect(first.body).toEqual({ status: 'VERIFICATION_SENT', email: 'wang.ming@ntu.edu.tw' });
      const [account] = await testApp.dataSource.query<object[]>(
        `SELECT email, roles::text[] AS roles, language, email_verified_at FROM "user" WHERE email = 'wang.ming@ntu.edu.tw'`,
      );
      expect(account).toEqual({ email: 'wang.ming@ntu.edu.tw', roles: ['RESEARCHER'], language: 'zh-TW', email_verified_at: null });
      expectProblem(
        await api().post('/api/v1/auth/login').send({ email: 'wang.ming@ntu.edu.tw', password: PASSWORD }),
        403,
        'EMAIL_NOT_VERIFIED',
      );

      const second = await api().post('/api/v1/auth/register').send({ email: 'WANG.MING@ntu.edu.tw', password: PASSWORD, name: 'B' });
      expect({ status: second.status, body: second.body as object }).toEqual({ status: first.status, body: first.body as object });
    });

    it('lists every invalid field at once: malformed e-mail, short password, over-long name, unknown field', async () => {
      const response = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'not-an-email', password: 'short', name: 'x'.repeat(201), language: 'fr', isAdmin: true });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field).sort()).toEqual(['email', 'isAdmin', 'language', 'name', 'password']);
    });
  });

  describe('login', () => {
    it('refuses a wrong password and an unknown account alike', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      const wrong = await api().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password!' });
      const unknown = await api().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: PASSWORD });
      expect(expectProblem(wrong, 401, 'INVALID_CREDENTIALS').detail).toEqual(expectProblem(unknown, 401, 'INVALID_CREDENTIALS').detail);
    });

    it('refuses a deactivated account', async () => {
      const admin = await signedIn(testApp, [Role.Admin]);
      const user = await signedIn(testApp, [Role.Researcher]);
      await api().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ active: false, version: 1 }).expect(200);
      expectProblem(await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }), 401, 'INVALID_CREDENTIALS');
      expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401, 'REFRESH_TOKEN_INVALID');
    });

    it('answers malformed JSON with a problem, not a crash', async () => {
      const response = await api().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": ');
      expectProblem(response, 400, 'BAD_REQUEST');
    });
  });

  describe('access tokens', () => {
    it('refuses a request without a token, with a malformed one, and with a forged one', async () => {
      expectProblem(await api().get('/api/v1/me'), 401, 'TOKEN_MISSING');
      expectProblem(await api().get('/api/v1/me').set('Authorization', 'Bearer not-a-jwt'), 401, 'TOKEN_INVALID');
      const forged = new JwtService({ secret: 'another secret of at least thirty-two chars' }).sign({ sub: 'x', roles: ['ADMIN'] });
      expectProblem(await api().get('/api/v1/users').set('Authorization', `Bearer ${forged}`), 401, 'TOKEN_INVALID');
    });

    it('refuses an expired token with its own code, so clients know to refresh', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      const expired = new JwtService({ secret: testApp.env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET }).sign({
        sub: user.id,
        roles: ['RESEARCHER'],
        agencyId: null,
        lang: 'en',
        exp: Math.floor(Date.now() / 1000) - 5,
      });
      expectProblem(await api().get('/api/v1/me').set('Authorization', `Bearer ${expired}`), 401, 'TOKEN_EXPIRED');
    });

    it('keeps researchers out of admin routes', async () => {
      const researcher = await signedIn(testApp, [Role.Researcher]);
      expectProblem(await api().get('/api/v1/users').set(researcher.auth), 403, 'ROLE_REQUIRED');
      expectProblem(await api().post('/api/v1/agencies').set(researcher.auth).send({}), 403, 'ROLE_REQUIRED');
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every use', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      const first = await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toEqual(user.refreshToken);
      const second = await api().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      await api().get('/api/v1/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
    });

    it('revokes the whole family when a used token comes back', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      const rotated = await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);

      const replay = await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expectProblem(replay, 401, 'REFRESH_TOKEN_REUSED');
      // The legitimate holder's newer token is revoked too: the thief and the owner both have to sign in again.
      expectProblem(
        await api().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
      const audit = await testApp.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1 AND action = 'REFRESH_TOKEN_REUSED'`,
        [user.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('lets exactly one of two concurrent refreshes with one token win', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      const answers = await Promise.all([1, 2].map(() => api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    });

    it('logs out by revoking the family', async () => {
      const user = await signedIn(testApp, [Role.Researcher]);
      await api().post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401, 'REFRESH_TOKEN_INVALID');
    });
  });
});
