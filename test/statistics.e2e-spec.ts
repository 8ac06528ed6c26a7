import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, publishedCall } from './support/calls';
import { callMove, closeCall, seedProposalsUnderReview } from './support/joint-calls';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A call whose figures were counted by hand (in the comments): seven proposals, five of them submitted and not
 * withdrawn, in three fields, five institutions and three countries, with decisions in every joint outcome.
 */
describe('A call’s statistics, against figures counted by hand', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let admin: Actor;
  let researcher: Actor;
  let nstcZh: Actor;
  let callId: string;
  let ids: string[];
  const api = () => request(testApp.http);
  const decide = (officer: Actor, proposalId: string, body: object) =>
    api().put(`/api/v1/proposals/${proposalId}/decisions/mine`).set(officer.auth).send(body).expect(200);
  const statistics = () => api().get(`/api/v1/calls/${callId}/statistics`).set(gacr.auth).expect(200);
  const NTU = 'National Taiwan University';
  const NTHU = 'National Tsing Hua University';

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    admin = await signedIn(testApp, [Role.Admin]);
    researcher = await signedIn(testApp, [Role.Researcher]);
    nstcZh = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id, language: Language.TraditionalChinese });
    const homePi = await signedIn(testApp, [Role.Researcher]);
    const partnerPi = await signedIn(testApp, [Role.Researcher]);
    const call = await publishedCall(
      testApp,
      nstc,
      gacr,
      callInput(agencies, {
        closesAt: hoursFromNow(2),
        budgets: {
          home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: '10000000.00', currency: 'TWD' } },
          partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: '8000000.00', currency: 'CZK' } },
        },
      }),
    );
    callId = call.id;
    await closeCall(testApp.dataSource, callId);
    await callMove(testApp, callId, 'start-review', nstc);
    ids = await seedProposalsUnderReview(testApp.dataSource, callId, { home: homePi, partner: partnerPi }, [
      // P1..P4 under review, P5 ineligible, P6 a draft, P7 withdrawn: P6 and P7 count only in byState and total.
      { title: 'P1', scientificField: 'physics', homeBudget: '2000000.00', partnerBudget: '1500000.00' },
      {
        title: 'P2',
        scientificField: 'physics',
        homeBudget: '1000000.50',
        partnerBudget: '800000.00',
        partnerInstitution: 'Czech Technical University',
      },
      { title: 'P3', scientificField: 'chemistry', homeBudget: '1500000.00', partnerBudget: '1000000.00', homeInstitution: NTHU },
      {
        title: 'P4',
        scientificField: 'biology',
        homeBudget: '500000.00',
        partnerBudget: '400000.00',
        partnerInstitution: 'Masaryk University',
      },
      {
        title: 'P5',
        state: 'INELIGIBLE',
        scientificField: 'physics',
        homeBudget: '700000.00',
        partnerBudget: '300000.00',
        homeInstitution: NTHU,
        partnerInstitution: 'Slovak Academy of Sciences',
        partnerCountry: 'SK',
      },
      { title: 'P6', state: 'DRAFT', scientificField: 'chemistry', homeBudget: '900000.00', partnerBudget: '900000.00' },
      { title: 'P7', state: 'WITHDRAWN', scientificField: 'mathematics', homeBudget: '800000.00', partnerBudget: '800000.00' },
    ]);
    await callMove(testApp, callId, 'start-decision', nstc);
    const [p1, p2, p3, p4] = ids;
    const twd = (amount: string) => ({ decision: 'FUND', amount: { amount, currency: 'TWD' } });
    const czk = (amount: string) => ({ decision: 'FUND', amount: { amount, currency: 'CZK' } });
    await decide(nstc, p1, twd('1800000.00'));
    await decide(gacr, p1, czk('1500000.00'));
    await decide(nstc, p2, twd('1000000.50'));
    await decide(gacr, p2, { decision: 'REJECT' });
    await decide(nstc, p3, { decision: 'WAITLIST' });
    await decide(gacr, p3, czk('900000.00'));
    await decide(nstc, p4, twd('500000.00'));
  }, 120_000);
  afterAll(() => testApp.close());

  it('counts proposals by state, field, institution and country', async () => {
    const { body } = await statistics();
    expect(body.callId).toBe(callId);
    expect(body.callState).toBe('IN_DECISION');
    expect(body.proposals).toEqual({
      total: 7,
      submitted: 5,
      byState: {
        DRAFT: 1,
        SUBMITTED: 0,
        ELIGIBLE: 0,
        INELIGIBLE: 1,
        UNDER_REVIEW: 4,
        AWARDED: 0,
        REJECTED: 0,
        WAITLISTED: 0,
        WITHDRAWN: 1,
      },
      // physics: P1 P2 P5; chemistry: P3 (P6 is a draft); biology: P4; mathematics only P7, withdrawn.
      byField: [
        { field: 'physics', proposals: 3 },
        { field: 'biology', proposals: 1 },
        { field: 'chemistry', proposals: 1 },
      ],
      byInstitution: [
        { side: 'HOME', institution: NTU, country: 'TW', proposals: 3 }, // P1 P2 P4
        { side: 'HOME', institution: NTHU, country: 'TW', proposals: 2 }, // P3 P5
        { side: 'PARTNER', institution: 'Charles University', country: 'CZ', proposals: 2 }, // P1 P3
        { side: 'PARTNER', institution: 'Czech Technical University', country: 'CZ', proposals: 1 },
        { side: 'PARTNER', institution: 'Masaryk University', country: 'CZ', proposals: 1 },
        { side: 'PARTNER', institution: 'Slovak Academy of Sciences', country: 'SK', proposals: 1 },
      ],
      byCountry: [
        { country: 'TW', proposals: 5 },
        { country: 'CZ', proposals: 4 },
        { country: 'SK', proposals: 1 },
      ],
    });
  });

  it('sums what was requested from and funded by each agency, in its currency', async () => {
    const { body } = await statistics();
    expect(body.agencies).toEqual([
      {
        agencyId: agencies.get('NSTC')!.id,
        side: 'HOME',
        budget: { amount: '10000000.00', currency: 'TWD' },
        // 2,000,000 + 1,000,000.50 + 1,500,000 + 500,000 + 700,000
        requested: { amount: '5700000.50', currency: 'TWD' },
        // P1 1,800,000 + P2 1,000,000.50 + P4 500,000
        funded: { amount: '3300000.50', currency: 'TWD' },
        awarded: { amount: '0.00', currency: 'TWD' },
        remaining: { amount: '6699999.50', currency: 'TWD' },
      },
      {
        agencyId: agencies.get('GACR')!.id,
        side: 'PARTNER',
        budget: { amount: '8000000.00', currency: 'CZK' },
        requested: { amount: '4000000.00', currency: 'CZK' },
        funded: { amount: '2400000.00', currency: 'CZK' },
        awarded: { amount: '0.00', currency: 'CZK' },
        remaining: { amount: '5600000.00', currency: 'CZK' },
      },
    ]);
  });

  it('shows the joint outcomes so far and the success rate', async () => {
    const { body } = await statistics();
    // P1 FUND+FUND, P2 FUND+REJECT, P3 WAITLIST+FUND, P4 only NSTC has decided.
    expect(body.outcomes).toEqual({ undecided: 1, awarded: 1, rejected: 1, waitlisted: 1 });
    expect(body.successRate).toEqual({ awarded: 1, submitted: 5, rate: '0.2000' });
  });

  it('counts the reviews done, still due, and overdue among those', async () => {
    const reviewers = [researcher, admin, dfg];
    const assignments: [number, number, string, string][] = [
      // [proposal, reviewer, state, due]: P1 two submitted and one declined; P2 one submitted, one accepted and late,
      // one invited; P3 one accepted, one removed.
      [0, 0, 'SUBMITTED', '10 days'],
      [0, 1, 'SUBMITTED', '10 days'],
      [0, 2, 'DECLINED', '10 days'],
      [1, 0, 'SUBMITTED', '10 days'],
      [1, 1, 'ACCEPTED', '-2 days'],
      [1, 2, 'INVITED', '10 days'],
      [2, 0, 'ACCEPTED', '10 days'],
      [2, 1, 'REMOVED', '10 days'],
    ];
    for (const [proposal, reviewer, state, due] of assignments)
      await testApp.dataSource.query(
        `INSERT INTO review_assignment (proposal_id, call_id, reviewer_id, reviewer_agency_id, state, due_at, assigned_by_id, version)
         VALUES ($1, $2, $3, $4, $5, now() + $6::interval, $7, 1)`,
        [ids[proposal], callId, reviewers[reviewer].id, agencies.get('NSTC')!.id, state, due, nstc.id],
      );
    const { body } = await statistics();
    expect(body.reviews).toEqual({ done: 3, due: 3, overdue: 1 });
  });

  it('after finalization, counts the outcomes as states and the awarded amounts', async () => {
    await decide(gacr, ids[3], { decision: 'WAITLIST' });
    await api().post(`/api/v1/calls/${callId}/finalize`).set(nstc.auth).send({}).expect(200);
    const { body } = await statistics();
    expect(body.callState).toBe('FINALIZED');
    expect(body.proposals.byState).toMatchObject({ UNDER_REVIEW: 0, AWARDED: 1, REJECTED: 1, WAITLISTED: 2 });
    expect(body.outcomes).toEqual({ undecided: 0, awarded: 1, rejected: 1, waitlisted: 2 });
    expect(body.agencies.map((agency: { awarded: unknown }) => agency.awarded)).toEqual([
      { amount: '1800000.00', currency: 'TWD' },
      { amount: '1500000.00', currency: 'CZK' },
    ]);
    expect(body.successRate).toEqual({ awarded: 1, submitted: 5, rate: '0.2000' });
  });

  it('exports the same figures as CSV and XLSX, headed in the reader’s language, amounts exact', async () => {
    const csv = await api().get(`/api/v1/calls/${callId}/statistics?format=csv`).set(gacr.auth).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="statistics-NSTC-GACR-[0-9a-f]{8}\.csv"/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Figure,Item,Count,NSTC (TWD),GACR (CZK),Rate');
    expect(lines).toContain('Proposals by state,TOTAL,7,,,');
    expect(lines).toContain("Proposals by principal investigator's institution,HOME: National Taiwan University (TW),3,,,");
    expect(lines).toContain('Amounts,REQUESTED,,5700000.50,4000000.00,');
    expect(lines).toContain('Success rate,AWARDED_OF_SUBMITTED,1,,,0.2');
    expect(lines).toContain('Reviews,OVERDUE,1,,,');
    const zh = await api().get(`/api/v1/calls/${callId}/statistics?format=csv`).set(nstcZh.auth).expect(200);
    expect(zh.text).toContain('項目,細項,件數,NSTC (TWD),GACR (CZK),比率');
    const xlsx = await api()
      .get(`/api/v1/calls/${callId}/statistics?format=xlsx`)
      .set(gacr.auth)
      .buffer(true)
      .parse((response, done) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expectProblem(await api().get(`/api/v1/calls/${callId}/statistics?format=pdf`).set(gacr.auth), 400, 'VALIDATION_FAILED');
  });

  it('is for the officers of the call’s agencies and admins only', async () => {
    await api().get(`/api/v1/calls/${callId}/statistics`).set(nstc.auth).expect(200);
    await api().get(`/api/v1/calls/${callId}/statistics`).set(admin.auth).expect(200);
    expectProblem(await api().get(`/api/v1/calls/${callId}/statistics`).set(dfg.auth), 404, 'CALL_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/calls/${callId}/statistics`).set(researcher.auth), 403, 'ROLE_REQUIRED');
    expectProblem(await api().get(`/api/v1/calls/7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11/statistics`).set(gacr.auth), 404, 'CALL_NOT_FOUND');
  });
});
