import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, publishedCall } from './support/calls';
import { startTestApp, TestApp } from './support/test-app';

describe('Calls: co-authored by both agencies, published, extended, closed', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let researcher: Actor;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    researcher = await signedIn(testApp, [Role.Researcher], { language: Language.English });
  });
  afterAll(() => testApp.close());
  afterEach(() => testApp.clock.reset());

  it('walks a call from DRAFT through both approvals to PUBLISHED; an edit withdraws the approvals', async () => {
    const created = await api().post('/api/v1/calls').set(gacr.auth).send(callInput(agencies)).expect(201);
    expect(created.body).toMatchObject({
      state: 'DRAFT',
      version: 1,
      budgets: {
        home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' } },
        partner: { total: { amount: '25000000.00', currency: 'CZK' } },
      },
    });
    const id = created.body.id as string;

    await api().post(`/api/v1/calls/${id}/approve`).set(nstc.auth).send({ version: 1 }).expect(200);
    const refused = await api().post(`/api/v1/calls/${id}/publish`).set(nstc.auth);
    expect(expectProblem(refused, 409, 'CALL_NOT_PUBLISHABLE').errors).toEqual([
      { field: 'approvals', message: 'an officer of the partner agency must approve the current text' },
    ]);

    const edited = await api()
      .patch(`/api/v1/calls/${id}`)
      .set(gacr.auth)
      .send({ title: 'NSTC–GAČR Joint Research 2027 (revised)', version: 1 })
      .expect(200);
    expect(edited.body).toMatchObject({ version: 2, approvals: [] });
    expectProblem(await api().post(`/api/v1/calls/${id}/approve`).set(gacr.auth).send({ version: 1 }), 409, 'STALE_VERSION');

    await api().post(`/api/v1/calls/${id}/approve`).set(nstc.auth).send({ version: 2 }).expect(200);
    await api().post(`/api/v1/calls/${id}/approve`).set(gacr.auth).send({ version: 2 }).expect(200);
    const published = await api().post(`/api/v1/calls/${id}/publish`).set(nstc.auth).expect(200);
    expect(published.body.state).toBe('PUBLISHED');

    const audit = await api().get(`/api/v1/audit?entityType=CALL&entityId=${id}`).set(nstc.auth).expect(200);
    expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual([
      'CREATED',
      'APPROVED',
      'EDITED',
      'APPROVED',
      'APPROVED',
      'PUBLISHED',
    ]);
  });

  it('hides a draft from researchers and third agencies, and keeps third agencies from acting on a published call', async () => {
    const draft = await api().post('/api/v1/calls').set(nstc.auth).send(callInput(agencies)).expect(201);
    expectProblem(await api().get(`/api/v1/calls/${draft.body.id}`).set(researcher.auth), 404, 'CALL_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/calls/${draft.body.id}`).set(dfg.auth), 404, 'CALL_NOT_FOUND');
    expectProblem(await api().post(`/api/v1/calls/${draft.body.id}/approve`).set(dfg.auth).send({ version: 1 }), 404, 'CALL_NOT_FOUND');

    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies));
    await api().get(`/api/v1/calls/${call.id}`).set(researcher.auth).expect(200);
    expectProblem(
      await api().post(`/api/v1/calls/${call.id}/cancel`).set(dfg.auth).send({ reason: 'not ours' }),
      403,
      'CALL_PARTY_OFFICER_REQUIRED',
    );
    expectProblem(await api().post('/api/v1/calls').set(dfg.auth).send(callInput(agencies)), 403, 'CALL_PARTY_OFFICER_REQUIRED');
    const listed = await api().get('/api/v1/calls').set(researcher.auth).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(draft.body.id);
  });

  it('refuses an inconsistent call, naming every field', async () => {
    const input = callInput(agencies, {
      closesAt: hoursFromNow(-2),
      budgets: {
        home: { maxPerProposal: { amount: '3000000', currency: 'EUR' }, total: { amount: '100', currency: 'TWD' } },
        partner: { maxPerProposal: { amount: '1', currency: 'CZK' }, total: { amount: '10', currency: 'CZK' } },
      },
      reviewCriteria: [
        { key: 'a', label: 'A', weight: 1, scaleMax: 5 },
        { key: 'a', label: 'B', weight: 1, scaleMax: 5 },
      ],
    });
    const response = await api().post('/api/v1/calls').set(nstc.auth).send(input);
    expect(
      expectProblem(response, 422, 'CALL_INVALID')
        .errors?.map((error) => error.field)
        .sort(),
    ).toEqual(['budgets.home.maxPerProposal.amount', 'budgets.home.maxPerProposal.currency', 'closesAt', 'reviewCriteria']);
    const malformed = await api()
      .post('/api/v1/calls')
      .set(nstc.auth)
      .send(
        callInput(agencies, { closesAt: '2027-03-31 17:00', budgets: { home: { maxPerProposal: { amount: 3000000, currency: 'TWD' } } } }),
      );
    const fields = expectProblem(malformed, 400, 'VALIDATION_FAILED').errors?.map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['closesAt', 'budgets.home.maxPerProposal.amount', 'budgets.home.total', 'budgets.partner']),
    );
  });

  it('extends a deadline only later, and shows a past-deadline call as CLOSED before the job runs', async () => {
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(0.5) }));
    const earlier = await api()
      .post(`/api/v1/calls/${call.id}/extend`)
      .set(nstc.auth)
      .send({ closesAt: hoursFromNow(-1), version: call.version });
    expect(expectProblem(earlier, 422, 'CALL_EXTENSION_INVALID').errors?.[0].message).toMatch(/later than the current/);

    testApp.clock.advance(3600_000);
    const seen = await api().get(`/api/v1/calls/${call.id}`).set(researcher.auth).expect(200);
    expect(seen.body.state).toBe('CLOSED');
    const [{ state }] = await testApp.dataSource.query<{ state: string }[]>('SELECT state FROM call WHERE id = $1', [call.id]);
    expect(state).toBe('PUBLISHED');

    const reopened = await api()
      .post(`/api/v1/calls/${call.id}/extend`)
      .set(gacr.auth)
      .send({ closesAt: hoursFromNow(48), version: call.version })
      .expect(200);
    expect(reopened.body).toMatchObject({ state: 'PUBLISHED', version: call.version + 1 });
  });

  it('moves a closed call into review and refuses to publish it again', async () => {
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(0.5) }));
    expectProblem(await api().post(`/api/v1/calls/${call.id}/start-review`).set(nstc.auth), 409, 'CALL_TRANSITION_FORBIDDEN');
    testApp.clock.advance(3600_000);
    expectProblem(
      await api()
        .post(`/api/v1/calls/${call.id}/start-review`)
        .set(nstc.auth)
        .set('If-Match', `"${call.version + 1}"`),
      409,
      'STALE_VERSION',
    );
    const inReview = await api()
      .post(`/api/v1/calls/${call.id}/start-review`)
      .set(nstc.auth)
      .set('If-Match', `"${call.version}"`)
      .expect(200);
    expect(inReview.body.state).toBe('IN_REVIEW');
    expectProblem(await api().post(`/api/v1/calls/${call.id}/publish`).set(nstc.auth), 409, 'CALL_TRANSITION_FORBIDDEN');
    expectProblem(
      await api()
        .post(`/api/v1/calls/${call.id}/extend`)
        .set(nstc.auth)
        .send({ closesAt: hoursFromNow(5), version: 4 }),
      409,
      'CALL_TRANSITION_FORBIDDEN',
    );
  });

  it('serves a published call as iCalendar with the deadline in both agencies’ time zones, and no draft', async () => {
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies));
    const ics = await api().get(`/api/v1/calls/${call.id}/calendar.ics`).expect(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain('Submission deadline');
    expect(ics.text).toContain('Asia/Taipei');
    expect(ics.text).toContain('Europe/Prague');
    const draft = await api().post('/api/v1/calls').set(nstc.auth).send(callInput(agencies)).expect(201);
    expectProblem(await api().get(`/api/v1/calls/${draft.body.id}/calendar.ics`), 404, 'CALL_NOT_FOUND');
  });
});
