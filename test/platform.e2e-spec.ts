import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { PASSWORD, signedIn } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

describe('Platform: health, documentation, request ids', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  }, 120_000);
  afterAll(() => testApp.close());

  it('answers liveness without touching a dependency', async () => {
    await request(testApp.http).get('/health').expect(200, { status: 'ok' });
  });

  it('reports PostgreSQL and Redis in readiness', async () => {
    const { body } = await request(testApp.http).get('/health/ready').expect(200);
    expect(body.details).toMatchObject({ database: { status: 'up' }, redis: { status: expect.stringMatching(/up|degraded/) } });
  });

  it("is not ready while this replica's clock is more than a second off the database's", async () => {
    try {
      const { body } = await request(testApp.http).get('/health/ready').expect(200);
      expect(body.details.clock).toMatchObject({ status: 'up', maxSkewMs: 1000 });
      testApp.clock.advance(2500);
      const ahead = await request(testApp.http).get('/health/ready').expect(503);
      expect(ahead.body.errors).toEqual([
        { field: 'clock', message: expect.stringMatching(/^this replica's clock is 2\d{3} ms ahead of the database's$/) },
      ]);
      testApp.clock.advance(-5000);
      const behind = await request(testApp.http).get('/health/ready').expect(503);
      expect(behind.body.errors[0].message).toMatch(/^this replica's clock is 2\d{3} ms behind the database's$/);
    } finally {
      testApp.clock.reset();
    }
    await request(testApp.http).get('/health/ready').expect(200);
  });

  it('serves the OpenAPI document generated from the code, and Swagger UI', async () => {
    const { body } = await request(testApp.http).get('/docs-json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/agencies/{id}', '/api/v1/me']));
    expect(body.components.securitySchemes).toHaveProperty('bearer');
    const ui = await request(testApp.http).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await request(testApp.http).get('/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const madeUp = await request(testApp.http).get('/health').set('X-Request-Id', 'bad id with spaces\t');
    expect(madeUp.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('queue dashboard', () => {
    const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

    it('asks for admin credentials, and refuses a researcher', async () => {
      const anonymous = await request(testApp.http).get('/queues');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      const researcher = await signedIn(testApp, [Role.Researcher]);
      await request(testApp.http).get('/queues').set('Authorization', basic(researcher.email, PASSWORD)).expect(401);
    });

    it('shows Bull Board and the queues to an admin', async () => {
      const admin = await signedIn(testApp, [Role.Admin]);
      const page = await request(testApp.http).get('/queues').set('Authorization', basic(admin.email, PASSWORD));
      expect(page.status).toBe(200);
      const queues = await request(testApp.http).get('/queues/api/queues').set('Authorization', basic(admin.email, PASSWORD)).expect(200);
      expect(queues.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['email', 'maintenance']);
    });
  });
});
