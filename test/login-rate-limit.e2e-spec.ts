import Redis from 'ioredis';
import request from 'supertest';
import { REDIS } from '../src/redis/redis.module';
import { expectProblem } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

describe('Login rate limit', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => testApp.close());

  const attempt = (email: string) => request(testApp.http).post('/api/v1/auth/login').send({ email, password: 'guess guess guess' });

  it('answers 429 problem+json with Retry-After once an address and account pass the limit', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await attempt('target@example.org'), 401, 'INVALID_CREDENTIALS');
    const limited = await attempt('target@example.org');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(expectProblem(limited, 429, 'TOO_MANY_REQUESTS').detail).toBe(
      `Too many attempts for this account from your address; try again in ${retryAfter} seconds`,
    );
  });

  it('counts each account separately, so one attacked account does not lock out the others', async () => {
    expectProblem(await attempt('someone-else@example.org'), 401, 'INVALID_CREDENTIALS');
  });

  it('keeps the count in Redis, shared by every API replica', async () => {
    const keys = await testApp.app.get<Redis>(REDIS).keys(`${testApp.env.REDIS_PREFIX}:throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
  });
});
