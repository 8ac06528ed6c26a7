import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { startTestApp, TestApp } from './support/test-app';

describe('Reference data: agencies, offices, agreements', () => {
  let testApp: TestApp;
  let admin: Actor;
  let researcher: Actor;
  let agencies: Map<string, Agency>;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    admin = await signedIn(testApp, [Role.Admin]);
    researcher = await signedIn(testApp, [Role.Researcher]);
  });
  afterAll(() => testApp.close());

  it('shows agencies to any signed-in user, NSTC first, with currency and time zone', async () => {
    const { body } = await api().get('/api/v1/agencies').set(researcher.auth).expect(200);
    expect(body.total).toBe(agencies.size);
    expect(body.items[0]).toMatchObject({ code: 'NSTC', currency: 'TWD', timezone: 'Asia/Taipei', isHome: true });
    const gacr = await api()
      .get(`/api/v1/agencies/${agencies.get('GACR')!.id}`)
      .set(researcher.auth)
      .expect(200);
    expect(gacr.body).toMatchObject({ code: 'GACR', currency: 'CZK', timezone: 'Europe/Prague' });
  });

  it('lets an admin add an agency and refuses a duplicate code, a bad currency and a bad time zone', async () => {
    await api()
      .post('/api/v1/agencies')
      .set(admin.auth)
      .send({ code: 'nrf', name: 'National Research Foundation of Korea', country: 'KR', currency: 'KRW', timezone: 'Asia/Seoul' })
      .expect(201);
    const duplicate = await api()
      .post('/api/v1/agencies')
      .set(admin.auth)
      .send({ code: 'NRF', name: 'Again', country: 'KR', currency: 'KRW', timezone: 'Asia/Seoul' });
    expectProblem(duplicate, 409, 'AGENCY_EXISTS');
    const invalid = await api()
      .post('/api/v1/agencies')
      .set(admin.auth)
      .send({ code: 'X1', name: 'Bad', country: 'XX', currency: 'EURO', timezone: 'Mars/Olympus' });
    expect(
      expectProblem(invalid, 400, 'VALIDATION_FAILED')
        .errors?.map((error) => error.field)
        .sort(),
    ).toEqual(['country', 'currency', 'timezone']);
  });

  it('records an agreement between NSTC and a counterpart, and refuses one between two counterparts', async () => {
    const created = await api()
      .post('/api/v1/agreements')
      .set(admin.auth)
      .send({
        homeAgencyId: agencies.get('NSTC')!.id,
        partnerAgencyId: agencies.get('JST')!.id,
        title: 'Implementing Arrangement',
        kind: 'IMPLEMENTING_ARRANGEMENT',
        signedOn: '2017-09-05',
      })
      .expect(201);
    expect(created.body).toMatchObject({ signedOn: '2017-09-05', expiresOn: null });

    const invalid = await api()
      .post('/api/v1/agreements')
      .set(admin.auth)
      .send({
        homeAgencyId: agencies.get('DFG')!.id,
        partnerAgencyId: agencies.get('ANR')!.id,
        title: 'Not ours',
        kind: 'MOU',
        signedOn: '2020-01-01',
        expiresOn: '2019-01-01',
      });
    expect(expectProblem(invalid, 422, 'AGREEMENT_INVALID').errors?.map((error) => error.field)).toEqual(['homeAgencyId', 'expiresOn']);
  });

  it('adds an office and lists offices', async () => {
    await api()
      .post('/api/v1/offices')
      .set(admin.auth)
      .send({ name: 'Science and Technology Division, Vilnius', city: 'Vilnius', country: 'LT', timezone: 'Europe/Vilnius' })
      .expect(201);
    const { body } = await api().get('/api/v1/offices').set(researcher.auth).expect(200);
    expect(body.items).toEqual([expect.objectContaining({ city: 'Vilnius', country: 'LT' })]);
  });

  it('answers 404 for an unknown agency and 400 for an id that is not a UUID', async () => {
    expectProblem(await api().get('/api/v1/agencies/00000000-0000-4000-8000-000000000000').set(researcher.auth), 404, 'AGENCY_NOT_FOUND');
    expectProblem(await api().get('/api/v1/agencies/42').set(researcher.auth), 400, 'BAD_REQUEST');
  });
});
