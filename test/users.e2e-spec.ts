import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, PASSWORD, signedIn } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

describe('Users, roles and profiles', () => {
  let testApp: TestApp;
  let admin: Actor;
  let agencies: Map<string, Agency>;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    admin = await signedIn(testApp, [Role.Admin]);
  });
  afterAll(() => testApp.close());

  it('lets an admin create an officer of an agency, who then signs in with that role', async () => {
    const created = await api()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'officer@gacr.cz', name: 'Jana', password: PASSWORD, roles: ['OFFICER'], agencyId: agencies.get('GACR')!.id })
      .expect(201);
    expect(created.body).toMatchObject({ roles: ['OFFICER'], agencyId: agencies.get('GACR')!.id });
    const login = await api().post('/api/v1/auth/login').send({ email: 'officer@gacr.cz', password: PASSWORD }).expect(200);
    const me = await api().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.roles).toEqual(['OFFICER']);
  });

  it('refuses an officer without an agency and an unknown agency, naming the field', async () => {
    const missing = await api()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'o1@x.org', name: 'O', password: PASSWORD, roles: ['OFFICER'] });
    expect(expectProblem(missing, 422, 'INVALID_ROLE_ASSIGNMENT').errors).toEqual([
      { field: 'agencyId', message: 'an officer must belong to an agency' },
    ]);
    const unknown = await api()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'o2@x.org', name: 'O', password: PASSWORD, roles: ['OFFICER'], agencyId: '00000000-0000-4000-8000-000000000000' });
    expectProblem(unknown, 422, 'AGENCY_UNKNOWN');
  });

  it('lists users a page at a time, filtered by role', async () => {
    const { body } = await api().get('/api/v1/users?role=ADMIN&limit=1&offset=0').set(admin.auth).expect(200);
    expect(body).toMatchObject({ limit: 1, offset: 0, total: 1, items: [{ id: admin.id }] });
    expectProblem(await api().get('/api/v1/users?limit=101').set(admin.auth), 400, 'VALIDATION_FAILED');
    expectProblem(await api().get('/api/v1/users?offset=-1').set(admin.auth), 400, 'VALIDATION_FAILED');
  });

  it('grants a role with the version read, refuses a stale version, and audits the change', async () => {
    const user = await signedIn(testApp, [Role.Researcher]);
    const granted = await api()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.auth)
      .send({ roles: ['RESEARCHER', 'REVIEWER'], version: 1 })
      .expect(200);
    expect(granted.body).toMatchObject({ roles: ['RESEARCHER', 'REVIEWER'], version: 2 });

    const stale = await api()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.auth)
      .send({ roles: ['RESEARCHER'], version: 1 });
    expectProblem(stale, 409, 'STALE_VERSION');

    const audit = await api().get(`/api/v1/audit?entityType=USER&entityId=${user.id}`).set(admin.auth).expect(200);
    expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual(['UPDATED']);
    expect(audit.body.items[0]).toMatchObject({ actorId: admin.id, data: { roles: ['RESEARCHER', 'REVIEWER'] } });
  });

  it('answers 404 for a user that does not exist', async () => {
    const response = await api().patch('/api/v1/users/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ version: 1 });
    expectProblem(response, 404, 'USER_NOT_FOUND');
  });

  describe('/me', () => {
    it('edits the own profile with optimistic concurrency', async () => {
      const me = await signedIn(testApp, [Role.Researcher]);
      const updated = await api()
        .patch('/api/v1/me')
        .set(me.auth)
        .send({ name: '陳偉廷', language: 'zh-TW', institution: 'National Taiwan University', country: 'TW', version: 1 })
        .expect(200);
      expect(updated.body).toMatchObject({ name: '陳偉廷', language: 'zh-TW', country: 'TW', version: 2 });
      expectProblem(await api().patch('/api/v1/me').set(me.auth).send({ name: 'Other', version: 1 }), 409, 'STALE_VERSION');
    });

    it('takes the version read from If-Match as well as from the body', async () => {
      const me = await signedIn(testApp, [Role.Researcher]);
      const updated = await api().patch('/api/v1/me').set(me.auth).set('If-Match', '"1"').send({ name: 'Via If-Match' }).expect(200);
      expect(updated.body).toMatchObject({ name: 'Via If-Match', version: 2 });
      expectProblem(await api().patch('/api/v1/me').set(me.auth).set('If-Match', 'W/"1"').send({ name: 'Stale' }), 409, 'STALE_VERSION');
      const missing = await api().patch('/api/v1/me').set(me.auth).send({ name: 'No version' });
      expect(new Set(expectProblem(missing, 400, 'VALIDATION_FAILED').errors?.map((error) => error.field))).toEqual(new Set(['version']));
    });

    it('does not let a user grant themselves a role', async () => {
      const me = await signedIn(testApp, [Role.Researcher]);
      const response = await api()
        .patch('/api/v1/me')
        .set(me.auth)
        .send({ roles: ['ADMIN'], version: 1 });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'roles', message: 'roles is not a known field' }]);
    });
  });
});
