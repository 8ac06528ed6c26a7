import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('Platform: health, documentation, request ids', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('answers liveness without touching a dependency', async () => {
    await request(testApp.http).get('/health').expect(200, { status: 'ok' });
  });

  it('reports PostgreSQL and Redis in readiness', async () => {
    const { body } = await request(testApp.http).get('/health/ready').expect(200);
    expect(body.details).toMatchObject({ database: { status: 'up' }, redis: { status: expect.stringMatching(/up|degraded/) } });
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
});
