import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { AssignmentPlanRequeueSweep } from '../src/assignment-plans/assignment-plan-requeue.sweep';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { eventually } from './support/eventually';
import { callInReview, recruit, ReviewerProfileInput, seedProposal } from './support/reviews';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

jest.setTimeout(60_000);

const TEAM = {
  home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
  partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
};
const SEISMIC = {
  abstract: 'We build a network of atom interferometers that detect earthquakes before the shaking arrives.',
  keywords: ['Quantum sensing', 'seismology'],
};
const EXPERT = { expertiseKeywords: ['seismology', 'quantum sensing'], expertiseDescription: 'Earthquake early warning networks.' };

interface PlanBody {
  id: string;
  state: string;
  progress: number;
  version: number;
  objective: number | null;
  pairs: { proposalId: string; reviewerId: string; reviewerAgencyId: string; fit: number }[] | null;
  loads: { reviewerId: string; current: number; planned: number; cap: number }[] | null;
  infeasibility: {
    shortfall: number;
    shortages: { proposalId: string; agencyId: string | null; missing: number }[];
    contention: unknown[];
  } | null;
  confirmation: {
    created: { proposalId: string; reviewerId: string }[];
    refused: { proposalId: string; reviewerId: string; code: string }[];
  } | null;
}

describe('Assignment plans', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let callId: string;
  const proposals: string[] = [];
  const reviewers: Record<string, Actor> = {};
  const api = () => request(testApp.http);

  async function reviewer(name: string, officer: Actor, profile: ReviewerProfileInput) {
    reviewers[name] = await signedIn(testApp, [Role.Reviewer]);
    await recruit(testApp, officer, reviewers[name], profile);
  }

  async function finishedPlan(id: string): Promise<PlanBody> {
    return eventually(
      async () => (await api().get(`/api/v1/assignment-plans/${id}`).set(nstc.auth).expect(200)).body as PlanBody,
      (plan) => !['QUEUED', 'RUNNING'].includes(plan.state),
      { what: 'the plan to be solved' },
    );
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    worker = await startTestWorker();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies, { minReviewsPerProposal: 2, maxAssignmentsPerReviewer: 2 });
    for (const title of [
      'Quantum sensors for seismic early warning',
      'Seismology with quantum gravimeters',
      'Early warning from atom interferometry',
    ])
      proposals.push(await seedProposal(testApp.dataSource, callId, { title, ...SEISMIC, ...TEAM }));
    await reviewer('nstc 1', nstc, { institution: 'University of Tokyo', country: 'JP', emailDomain: 'u-tokyo.ac.jp', ...EXPERT });
    await reviewer('nstc 2', nstc, { institution: 'Kyoto University', country: 'JP', emailDomain: 'kyoto-u.ac.jp', ...EXPERT });
    await reviewer('nstc conflicted', nstc, { institution: 'NTU', country: 'TW', emailDomain: 'ntu.edu.tw', ...EXPERT });
    await reviewer('gacr 1', gacr, { institution: 'KIT', country: 'DE', emailDomain: 'kit.edu', ...EXPERT });
    await reviewer('gacr 2', gacr, { institution: 'ETH Zurich', country: 'CH', emailDomain: 'ethz.ch', ...EXPERT });
  }, 120_000);
  afterAll(async () => {
    // The worker first: closing the app drops the database under the worker's connections.
    await worker?.close();
    await testApp?.close();
  });

  it('plans every proposal with minReviews unconflicted reviewers, one of each agency, under the cap, in the worker', async () => {
    const asked = await api().post(`/api/v1/calls/${callId}/assignment-plans`).set(gacr.auth).send({}).expect(202);
    expect(asked.body).toMatchObject({
      state: 'QUEUED',
      callId,
      settings: { minReviews: 2, maxAssignmentsPerReviewer: 2, candidatesPerProposal: 30 },
    });
    const plan = await finishedPlan(asked.body.id);
    expect(plan).toMatchObject({ state: 'READY', progress: 1, infeasibility: null });
    const pairs = plan.pairs!;
    expect(pairs).toHaveLength(6);
    for (const proposalId of proposals) {
      const mine = pairs.filter((pair) => pair.proposalId === proposalId);
      expect(mine.map((pair) => pair.reviewerAgencyId).sort()).toEqual([agencies.get('NSTC')!.id, agencies.get('GACR')!.id].sort());
    }
    expect(pairs.map((pair) => pair.reviewerId)).not.toContain(reviewers['nstc conflicted'].id);
    for (const load of plan.loads!) expect(load.current + load.planned).toBeLessThanOrEqual(load.cap);
    expect(plan.objective).toBeCloseTo(
      pairs.reduce((sum, pair) => sum + pair.fit, 0),
      6,
    );
  });

  it('confirms a plan in one go, refusing and naming a pair whose reviewer declared a conflict since', async () => {
    const asked = await api()
      .post(`/api/v1/calls/${callId}/assignment-plans`)
      .set(nstc.auth)
      .send({ candidatesPerProposal: 10 })
      .expect(202);
    const plan = await finishedPlan(asked.body.id);
    expect(plan.state).toBe('READY');
    const [spoiled, ...others] = plan.pairs!;
    await testApp.dataSource.query(
      `INSERT INTO declared_conflict (reviewer_id, kind, proposal_id, reason) VALUES ($1, 'PROPOSAL', $2, 'Former student of the PI')`,
      [spoiled.reviewerId, spoiled.proposalId],
    );

    const stale = await api()
      .post(`/api/v1/assignment-plans/${plan.id}/confirm`)
      .set(nstc.auth)
      .send({ version: plan.version + 1 });
    expectProblem(stale, 409, 'STALE_VERSION');

    const { body } = await api()
      .post(`/api/v1/assignment-plans/${plan.id}/confirm`)
      .set(gacr.auth)
      .send({ version: plan.version })
      .expect(200);
    expect(body.state).toBe('CONFIRMED');
    expect(body.confirmation.refused).toEqual([
      expect.objectContaining({ proposalId: spoiled.proposalId, reviewerId: spoiled.reviewerId, code: 'REVIEW_CONFLICT_OF_INTEREST' }),
    ]);
    expect(body.confirmation.created).toHaveLength(others.length);
    const live = await testApp.dataSource.query<{ proposal_id: string; reviewer_id: string }[]>(
      `SELECT proposal_id, reviewer_id FROM review_assignment WHERE call_id = $1 AND state = 'INVITED'`,
      [callId],
    );
    expect(live.map((row) => `${row.proposal_id}/${row.reviewer_id}`).sort()).toEqual(
      others.map((pair) => `${pair.proposalId}/${pair.reviewerId}`).sort(),
    );
    const invitations = await testApp.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outbound_email WHERE type = 'review-invitation' AND subject_id = ANY($1::uuid[])`,
      [body.confirmation.created.map((created: { assignmentId: string }) => created.assignmentId)],
    );
    expect(invitations[0].count).toBe(others.length);

    const again = await api().post(`/api/v1/assignment-plans/${plan.id}/confirm`).set(nstc.auth).send({ version: body.version });
    expectProblem(again, 409, 'ASSIGNMENT_PLAN_NOT_READY');
  });

  it('says which proposal lacks an unconflicted reviewer of which agency when no plan exists', async () => {
    const lonely = await callInReview(testApp, nstc, gacr, agencies, { minReviewsPerProposal: 2 });
    const proposalId = await seedProposal(testApp.dataSource, lonely, {
      title: 'Soft robots for elderly care',
      abstract: 'Soft robotic grippers that help elderly people at home.',
      keywords: ['soft robotics'],
      ...TEAM,
    });
    await reviewer('robotics nstc', nstc, {
      institution: 'Osaka University',
      country: 'JP',
      emailDomain: 'osaka-u.ac.jp',
      expertiseKeywords: ['soft robotics'],
      expertiseDescription: 'Robots for elderly care.',
    });
    const asked = await api().post(`/api/v1/calls/${lonely}/assignment-plans`).set(nstc.auth).send({}).expect(202);
    const plan = await finishedPlan(asked.body.id);
    expect(plan.state).toBe('INFEASIBLE');
    expect(plan.pairs).toBeNull();
    expect(plan.infeasibility).toMatchObject({
      shortfall: 1,
      shortages: [
        { proposalId, agencyId: null, needed: 2, available: 1, missing: 1 },
        { proposalId, agencyId: agencies.get('GACR')!.id, needed: 1, available: 0, missing: 1 },
      ],
      contention: [],
    });
  });

  it('reads more candidates for proposals that compete for their few best reviewers before saying no plan exists', async () => {
    // One candidate per agency per proposal, three proposals on one topic, three reviewers per agency with room for
    // one review each: the top candidates collide, yet a plan exists with every reviewer.
    const crowded = await callInReview(testApp, nstc, gacr, agencies, { minReviewsPerProposal: 2, maxAssignmentsPerReviewer: 1 });
    const ids: string[] = [];
    for (const title of ['Glacier seismology I', 'Glacier seismology II', 'Glacier seismology III'])
      ids.push(
        await seedProposal(testApp.dataSource, crowded, { title, abstract: 'Icequakes.', keywords: ['glacier seismology'], ...TEAM }),
      );
    const ice = { expertiseKeywords: ['glacier seismology'], expertiseDescription: 'Icequakes and glaciers.' };
    for (const [name, officer, domain] of [
      ['ice n1', nstc, 'n1.example.jp'],
      ['ice n2', nstc, 'n2.example.jp'],
      ['ice n3', nstc, 'n3.example.jp'],
      ['ice g1', gacr, 'g1.example.de'],
      ['ice g2', gacr, 'g2.example.de'],
      ['ice g3', gacr, 'g3.example.de'],
    ] as const)
      await reviewer(name, officer, { institution: `Institute ${domain}`, country: 'JP', emailDomain: domain, ...ice });
    const asked = await api()
      .post(`/api/v1/calls/${crowded}/assignment-plans`)
      .set(nstc.auth)
      .send({ candidatesPerProposal: 2 })
      .expect(202);
    const plan = await finishedPlan(asked.body.id);
    expect(plan.state).toBe('READY');
    expect(new Set(plan.pairs!.map((pair) => pair.reviewerId)).size).toBe(6);
    expect(plan.pairs!.map((pair) => pair.proposalId).sort()).toEqual([...ids, ...ids].sort());
  });

  it('queues again a plan whose job was lost (Redis away when it was asked for)', async () => {
    const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
      `INSERT INTO assignment_plan (call_id, requested_by_id, settings, created_at)
       VALUES ($1, $2, '{"minReviews": 2, "maxAssignmentsPerReviewer": 2, "candidatesPerProposal": 30}', now() - interval '2 minutes')
       RETURNING id`,
      [callId, nstc.id],
    );
    expect(await worker.get(AssignmentPlanRequeueSweep).sweep()).toBeGreaterThanOrEqual(1);
    expect((await finishedPlan(id)).state).toBe('READY');
  });

  it("keeps plans to the call's two agencies", async () => {
    const asked = await api().post(`/api/v1/calls/${callId}/assignment-plans`).set(nstc.auth).send({}).expect(202);
    expectProblem(await api().get(`/api/v1/assignment-plans/${asked.body.id}`).set(dfg.auth), 404, 'ASSIGNMENT_PLAN_NOT_FOUND');
    expectProblem(
      await api().post(`/api/v1/calls/${callId}/assignment-plans`).set(dfg.auth).send({}),
      403,
      'ASSIGNMENT_PLAN_OFFICER_REQUIRED',
    );
    expectProblem(
      await api().post(`/api/v1/calls/${callId}/assignment-plans`).set(nstc.auth).send({ candidatesPerProposal: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    await finishedPlan(asked.body.id);
  });
});
