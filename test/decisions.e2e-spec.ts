import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, publishedCall } from './support/calls';
import { callMove, closeCall, seedProposalsUnderReview } from './support/joint-calls';
import { startTestApp, TestApp } from './support/test-app';

describe('Funding decisions: each agency its own, within its budget', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let nstc2: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let admin: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
  const api = () => request(testApp.http);

  /** A call in decision with proposals under review; the call's totals are the budgets the decisions spend. */
  const callInDecision = async (
    rows: Parameters<typeof seedProposalsUnderReview>[3],
    totals = { home: '30000000.00', partner: '25000000.00' },
  ) => {
    const input = callInput(agencies, {
      closesAt: hoursFromNow(2),
      budgets: {
        home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: totals.home, currency: 'TWD' } },
        partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: totals.partner, currency: 'CZK' } },
      },
    });
    const call = await publishedCall(testApp, nstc, gacr, input);
    await closeCall(testApp.dataSource, call.id);
    await callMove(testApp, call.id, 'start-review', nstc);
    const proposalIds = await seedProposalsUnderReview(testApp.dataSource, call.id, { home: homePi, partner: partnerPi }, rows);
    await callMove(testApp, call.id, 'start-decision', gacr);
    return { callId: call.id, proposalIds };
  };
  const decide = (officer: Actor, proposalId: string, body: object) =>
    api().put(`/api/v1/proposals/${proposalId}/decisions/mine`).set(officer.auth).send(body);
  const fund = (amount: string, currency: string, extra: object = {}) => ({ decision: 'FUND', amount: { amount, currency }, ...extra });

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    nstc2 = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    admin = await signedIn(testApp, [Role.Admin]);
    homePi = await signedIn(testApp, [Role.Researcher]);
    partnerPi = await signedIn(testApp, [Role.Researcher]);
  }, 120_000);
  afterAll(() => testApp.close());

  describe('on one proposal', () => {
    let callId: string;
    let proposalId: string;
    let other: string;

    beforeAll(async () => {
      ({
        callId,
        proposalIds: [proposalId, other],
      } = await callInDecision([
        { title: 'Quantum sensors for seismic early warning', homeBudget: '2800000.00', partnerBudget: '2400000.00' },
        { title: 'Soft robotics for elderly care', homeBudget: '1500000.00', partnerBudget: '900000.00' },
      ]));
    }, 120_000);

    it('opens both agencies’ budget ledgers when the decisions start', async () => {
      const rows = await testApp.dataSource.query(
        `SELECT currency, total, committed FROM call_budget WHERE call_id = $1 ORDER BY currency DESC`,
        [callId],
      );
      expect(rows).toEqual([
        { currency: 'TWD', total: '30000000.00', committed: '0.00' },
        { currency: 'CZK', total: '25000000.00', committed: '0.00' },
      ]);
    });

    it('shows both decisions side by side and the joint outcome as each agency decides', async () => {
      const empty = await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(gacr.auth).expect(200);
      expect(empty.body).toEqual({ proposalId, callId, outcome: 'UNDECIDED', frozen: false, home: null, partner: null });

      const first = await decide(nstc, proposalId, fund('2500000', 'TWD', { note: 'Ranked 2nd; equipment cut.' })).expect(200);
      expect(first.body).toMatchObject({
        outcome: 'UNDECIDED',
        home: {
          agencyId: agencies.get('NSTC')!.id,
          side: 'HOME',
          decision: 'FUND',
          amount: { amount: '2500000.00', currency: 'TWD' },
          note: 'Ranked 2nd; equipment cut.',
          officerId: nstc.id,
          version: 1,
        },
        partner: null,
      });
      const both = await decide(gacr, proposalId, fund('2400000.00', 'CZK')).expect(200);
      expect(both.body).toMatchObject({
        outcome: 'AWARDED',
        home: { decision: 'FUND', version: 1 },
        partner: { side: 'PARTNER', decision: 'FUND', amount: { amount: '2400000.00', currency: 'CZK' }, note: '', version: 1 },
      });
      const waitlisted = await decide(gacr, proposalId, { decision: 'WAITLIST', version: 1 }).expect(200);
      expect(waitlisted.body).toMatchObject({ outcome: 'WAITLISTED', partner: { decision: 'WAITLIST', amount: null, version: 2 } });
      const rejected = await decide(gacr, proposalId, { decision: 'REJECT', note: 'Outside our priorities.', version: 2 }).expect(200);
      expect(rejected.body).toMatchObject({ outcome: 'REJECTED', partner: { decision: 'REJECT', version: 3 } });
      const [czk] = await testApp.dataSource.query(`SELECT committed FROM call_budget WHERE call_id = $1 AND currency = 'CZK'`, [callId]);
      expect(czk.committed).toBe('0.00');
    });

    it('never lets an officer touch the other agency’s decision', async () => {
      const before = await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(nstc.auth).expect(200);
      // The body cannot name an agency: the decision written is always the officer's own agency's.
      const named = await decide(gacr, proposalId, { decision: 'REJECT', agencyId: agencies.get('NSTC')!.id, version: 3 });
      expect(expectProblem(named, 400, 'VALIDATION_FAILED').errors).toContainEqual(expect.objectContaining({ field: 'agencyId' }));
      await decide(gacr, proposalId, fund('2000000', 'CZK', { version: 3 })).expect(200);
      const after = await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(nstc.auth).expect(200);
      expect(after.body.home).toEqual(before.body.home);
      expect(after.body.partner).toMatchObject({ decision: 'FUND', version: 4, officerId: gacr.id });
      const [rows] = await testApp.dataSource.query(
        `SELECT count(*)::int AS decisions, count(*) FILTER (WHERE officer_id = $2)::int AS by_gacr FROM decision WHERE proposal_id = $1`,
        [proposalId, gacr.id],
      );
      expect(rows).toEqual({ decisions: 2, by_gacr: 1 });
    });

    it('hides the decisions from a third agency and the applicants, and refuses admins who are no officer', async () => {
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(dfg.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await decide(dfg, proposalId, { decision: 'REJECT' }), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(homePi.auth), 403, 'ROLE_REQUIRED');
      expectProblem(await decide(homePi, proposalId, { decision: 'REJECT' }), 403, 'ROLE_REQUIRED');
      await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(admin.auth).expect(200);
      expectProblem(await decide(admin, proposalId, { decision: 'REJECT' }), 403, 'ROLE_REQUIRED');
    });

    it('wants the version read to change a decision, and refuses a stale one', async () => {
      expectProblem(await decide(nstc2, proposalId, { decision: 'WAITLIST' }), 428, 'VERSION_REQUIRED');
      expectProblem(await decide(nstc2, proposalId, { decision: 'WAITLIST', version: 7 }), 409, 'STALE_VERSION');
      const changed = await api()
        .put(`/api/v1/proposals/${proposalId}/decisions/mine`)
        .set(nstc2.auth)
        .set('If-Match', '"1"')
        .send({ decision: 'FUND', amount: { amount: '2800000.00', currency: 'TWD' } })
        .expect(200);
      expect(changed.body.home).toMatchObject({ amount: { amount: '2800000.00', currency: 'TWD' }, officerId: nstc2.id, version: 2 });
    });

    it('lists every problem of a decision at once: the amount above the request, the wrong currency, an amount without FUND', async () => {
      const over = await decide(nstc, other, fund('1500000.01', 'CZK'));
      expect(expectProblem(over, 422, 'DECISION_INVALID').errors).toEqual([
        { field: 'amount.currency', message: "must be TWD, your agency's currency" },
        { field: 'amount.amount', message: 'must not exceed 1500000.00 TWD, the amount requested from your agency' },
      ]);
      expect(expectProblem(await decide(gacr, other, { decision: 'FUND' }), 422, 'DECISION_INVALID').errors).toEqual([
        { field: 'amount', message: 'a FUND decision must name the amount granted' },
      ]);
      expect(
        expectProblem(await decide(gacr, other, { decision: 'REJECT', amount: { amount: '1', currency: 'CZK' } }), 422, 'DECISION_INVALID')
          .errors,
      ).toEqual([{ field: 'amount', message: 'a REJECT decision grants no amount' }]);
      const malformed = await decide(gacr, other, { decision: 'MAYBE', amount: { amount: 1000, currency: 'CZK' } });
      expect([...new Set(expectProblem(malformed, 400, 'VALIDATION_FAILED').errors?.map((error) => error.field))].sort()).toEqual([
        'amount.amount',
        'decision',
      ]);
    });

    it('keeps the trail of every decision and tells the agencies’ systems', async () => {
      const audit = await api().get(`/api/v1/audit?entityType=PROPOSAL&entityId=${proposalId}`).set(gacr.auth).expect(200);
      const decisions = audit.body.items.filter((item: { action: string }) => item.action.startsWith('DECISION_'));
      expect(decisions.map((item: { action: string; data: { decision: string } }) => `${item.action} ${item.data.decision}`)).toEqual([
        'DECISION_RECORDED FUND',
        'DECISION_RECORDED FUND',
        'DECISION_CHANGED WAITLIST',
        'DECISION_CHANGED REJECT',
        'DECISION_CHANGED FUND',
        'DECISION_CHANGED FUND',
      ]);
      expect(decisions[3]).toMatchObject({ reason: 'Outside our priorities.', data: { previous: { decision: 'WAITLIST', amount: null } } });
      const events = await testApp.dataSource.query<{ body: string }[]>(
        `SELECT body FROM webhook_event WHERE type = 'decision.recorded' AND call_id = $1 ORDER BY sequence`,
        [callId],
      );
      expect(events).toHaveLength(6);
      expect(JSON.parse(events[1].body).data).toEqual({
        proposalId,
        callId,
        agencyId: agencies.get('GACR')!.id,
        decision: 'FUND',
        amount: { amount: '2400000.00', currency: 'CZK' },
        changed: false,
        jointOutcome: 'AWARDED',
      });
    });
  });

  it('finalizes once while decisions are changing: each change lands before it or is refused, never lost', async () => {
    const { callId, proposalIds } = await callInDecision(
      Array.from({ length: 6 }, (_, index) => ({ title: `Race ${index + 1}`, homeBudget: '1000000.00', partnerBudget: '500000.00' })),
    );
    for (const proposalId of proposalIds) {
      await decide(nstc, proposalId, fund('1000000.00', 'TWD')).expect(200);
      await decide(gacr, proposalId, fund('500000.00', 'CZK')).expect(200);
    }
    const finalize = () => api().post(`/api/v1/calls/${callId}/finalize`).set(gacr.auth).send({});
    const answers = await Promise.all([
      finalize(),
      ...proposalIds.map((proposalId) => decide(nstc, proposalId, { decision: 'WAITLIST', version: 1 })),
      finalize(),
    ]);
    const [first, ...rest] = answers;
    const finalizations = [first, rest.at(-1)!];
    expect(finalizations.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const changes = rest.slice(0, -1);
    for (const answer of changes) {
      if (answer.status !== 200) expectProblem(answer, 409, 'CALL_NOT_IN_DECISION');
    }
    const rows = await testApp.dataSource.query<{ id: string; state: string; kind: string }[]>(
      `SELECT p.id, p.state, d.kind FROM proposal p JOIN decision d ON d.proposal_id = p.id AND d.agency_id = $2 WHERE p.call_id = $1`,
      [callId, agencies.get('NSTC')!.id],
    );
    for (const [index, proposalId] of proposalIds.entries()) {
      const row = rows.find((candidate) => candidate.id === proposalId)!;
      const changed = changes[index].status === 200;
      expect({ proposalId, kind: row.kind, state: row.state }).toEqual({
        proposalId,
        kind: changed ? 'WAITLIST' : 'FUND',
        state: changed ? 'WAITLISTED' : 'AWARDED',
      });
    }
    const [{ awards }] = await testApp.dataSource.query(`SELECT count(*)::int AS awards FROM award WHERE call_id = $1`, [callId]);
    expect(awards).toBe(changes.filter((answer) => answer.status !== 200).length);
  });

  it('gives a withdrawn proposal’s funding back to the agencies’ budgets', async () => {
    const { callId, proposalIds } = await callInDecision([
      { title: 'Withdrawn after funding', homeBudget: '2000000.00', partnerBudget: '1500000.00' },
    ]);
    const [proposalId] = proposalIds;
    await decide(nstc, proposalId, fund('2000000.00', 'TWD')).expect(200);
    await decide(gacr, proposalId, fund('1500000.00', 'CZK')).expect(200);
    const committed = () =>
      testApp.dataSource.query<{ currency: string; committed: string }[]>(
        `SELECT currency, committed FROM call_budget WHERE call_id = $1 ORDER BY currency`,
        [callId],
      );
    expect(await committed()).toEqual([
      { currency: 'CZK', committed: '1500000.00' },
      { currency: 'TWD', committed: '2000000.00' },
    ]);
    await api().post(`/api/v1/proposals/${proposalId}/withdraw`).set(homePi.auth).send({ reason: 'The partner lab closes.' }).expect(200);
    expect(await committed()).toEqual([
      { currency: 'CZK', committed: '0.00' },
      { currency: 'TWD', committed: '0.00' },
    ]);
    const decisions = await api().get(`/api/v1/proposals/${proposalId}/decisions`).set(nstc.auth).expect(200);
    expect(decisions.body).toMatchObject({ outcome: 'UNDECIDED', home: null, partner: null });
    const audit = await api().get(`/api/v1/audit?entityType=PROPOSAL&entityId=${proposalId}`).set(gacr.auth).expect(200);
    expect(audit.body.items.map((item: { action: string }) => item.action)).toEqual(
      expect.arrayContaining(['DECISION_RECORDED', 'DECISIONS_RELEASED', 'WITHDRAWN']),
    );
  });

  it('takes decisions only while the call is in decision, on proposals under review', async () => {
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(2) }));
    const [proposalId] = await seedProposalsUnderReview(testApp.dataSource, call.id, { home: homePi, partner: partnerPi }, [
      { title: 'Too early', homeBudget: '100000.00', partnerBudget: '100000.00' },
    ]);
    expectProblem(await decide(nstc, proposalId, { decision: 'REJECT' }), 409, 'CALL_NOT_IN_DECISION');
    expectProblem(await api().post(`/api/v1/calls/${call.id}/start-decision`).set(nstc.auth), 409, 'CALL_TRANSITION_FORBIDDEN');
    await closeCall(testApp.dataSource, call.id);
    await callMove(testApp, call.id, 'start-review', nstc);
    await callMove(testApp, call.id, 'start-decision', nstc);
    await testApp.dataSource.query(`UPDATE proposal SET state = 'INELIGIBLE' WHERE id = $1`, [proposalId]);
    expect(expectProblem(await decide(nstc, proposalId, { decision: 'REJECT' }), 409, 'DECISION_PROPOSAL_NOT_UNDER_REVIEW').detail).toBe(
      'Funding decisions are recorded only on proposals under review; this one is INELIGIBLE',
    );
  });

  it('never exceeds an agency’s budget when two officers fund 50 proposals at once, and names what remains', async () => {
    const amounts = Array.from({ length: 50 }, (_, index) => 400_000 + index * 10_000);
    const total = 10_000_000;
    const { callId, proposalIds } = await callInDecision(
      amounts.map((amount, index) => ({ title: `Proposal ${index + 1}`, homeBudget: `${amount}.00`, partnerBudget: '100000.00' })),
      { home: `${total}.00`, partner: '25000000.00' },
    );
    const answers = await Promise.all(
      proposalIds.map((proposalId, index) => decide(index % 2 === 0 ? nstc : nstc2, proposalId, fund(`${amounts[index]}.00`, 'TWD'))),
    );
    const funded = answers.flatMap((answer, index) => (answer.status === 200 ? [amounts[index]] : []));
    const refused = answers.flatMap((answer, index) => (answer.status === 200 ? [] : [{ answer, amount: amounts[index] }]));
    expect(funded.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(funded.length + refused.length).toBe(50);

    const [sums] = await testApp.dataSource.query(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM decision WHERE call_id = $1 AND agency_id = $2 AND kind = 'FUND') AS funded,
              (SELECT count(*)::int FROM decision WHERE call_id = $1 AND agency_id = $2) AS decisions,
              (SELECT committed FROM call_budget WHERE call_id = $1 AND agency_id = $2) AS committed,
              (SELECT total FROM call_budget WHERE call_id = $1 AND agency_id = $2) AS total`,
      [callId, agencies.get('NSTC')!.id],
    );
    expect(Number(sums.funded)).toBeLessThanOrEqual(total);
    expect(sums).toEqual({
      funded: `${funded.reduce((sum, amount) => sum + amount, 0)}.00`,
      decisions: funded.length,
      committed: sums.funded,
      total: `${total}.00`,
    });
    const remainingAtEnd = total - Number(sums.funded);
    for (const { answer, amount } of refused) {
      const problem = expectProblem(answer, 409, 'BUDGET_EXCEEDED') as { detail: string; remaining?: { amount: string; currency: string } };
      // Decisions only ever add: what remained at a refusal was less than its amount, and no less than what remains now.
      expect(problem.remaining?.currency).toBe('TWD');
      const remaining = Number(problem.remaining?.amount);
      expect(remaining).toBeLessThan(amount);
      expect(remaining).toBeGreaterThanOrEqual(remainingAtEnd);
      expect(problem.detail).toContain(`${problem.remaining?.amount} TWD remain`);
    }
    // Giving budget back makes room again: a refused proposal fits once a funded one is rejected.
    const smallestRefused = Math.min(...refused.map(({ amount }) => amount));
    const largestFunded = proposalIds[amounts.indexOf(Math.max(...funded))];
    if (smallestRefused > remainingAtEnd && smallestRefused <= remainingAtEnd + Math.max(...funded)) {
      await decide(nstc, largestFunded, { decision: 'REJECT', version: 1 }).expect(200);
      await decide(nstc2, proposalIds[amounts.indexOf(smallestRefused)], fund(`${smallestRefused}.00`, 'TWD')).expect(200);
    }
    const [after] = await testApp.dataSource.query(
      `SELECT committed, (SELECT sum(amount) FROM decision WHERE call_id = $1 AND agency_id = $2 AND kind = 'FUND') AS funded
       FROM call_budget WHERE call_id = $1 AND agency_id = $2`,
      [callId, agencies.get('NSTC')!.id],
    );
    expect(after.committed).toBe(after.funded);
    expect(Number(after.committed)).toBeLessThanOrEqual(total);
  }, 120_000);
});
