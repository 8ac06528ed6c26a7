import request from 'supertest';
import { expectProblem } from './support/actors';
import { routesOf, urlOfRoute } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

describe('Access is denied by default', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('finds the application routes', () => {
    expect(routesOf(testApp).length).toBeGreaterThan(15);
  });

  it('has an access declaration on every route', () => {
    const undeclared = routesOf(testApp)
      .filter((route) => !route.access)
      .map((route) => route.name);
    expect(undeclared).toEqual([]);
  });

  it('answers 401 problem+json to an anonymous call of every route that is not public', async () => {
    const guarded = routesOf(testApp).filter((route) => route.access?.kind !== 'public');
    for (const route of guarded) {
      const url = urlOfRoute(route.path).replace(/:[A-Za-z]+/g, '7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11');
      const response = await request(testApp.http)[route.method.toLowerCase() as 'get'](url).send({});
      expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 401 });
      expectProblem(response, 401, 'TOKEN_MISSING');
    }
  });

  it('keeps the public routes few and deliberate', () => {
    const open = routesOf(testApp)
      .filter((route) => route.access?.kind === 'public')
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(open).toEqual([
      'GET /calls/:id/calendar.ics',
      'GET /health',
      'GET /health/ready',
      'POST /auth/login',
      'POST /auth/logout',
      'POST /auth/password-reset',
      'POST /auth/password-reset/confirm',
      'POST /auth/refresh',
      'POST /auth/register',
      'POST /auth/verify-email',
      'POST /auth/verify-email/resend',
    ]);
  });

  it('answers an unknown route with a problem', async () => {
    const response = await request(testApp.http).get('/api/v1/nothing-here');
    expectProblem(response, 404, 'NOT_FOUND');
  });
});
