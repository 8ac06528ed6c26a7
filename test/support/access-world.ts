import { Role } from '../../src/common/identity/role';
import { UsersService } from '../../src/users/users.service';
import { Actor, api, loadAgencies, PASSWORD, signedIn } from './actors';
import { Agency } from '../../src/reference-data/agency.entity';
import { callInput, PDF, publishedCall } from './calls';
import { callMove, seedProposalsUnderReview } from './joint-calls';
import { callInReview, recruit, seedProposal } from './reviews';
import { TestApp } from './test-app';

/**
 * Who calls, in the authorization matrix. Add a name here (a reviewer assigned, one not assigned...) and give it an
 * account in `buildWorld`; the table's `only(...)` rows give it their default until an entry says otherwise.
 */
export const ACTORS = [
  'anonymous',
  'pi',
  'coInvestigator',
  'outsider',
  'reviewer',
  'reviewerSubmitted',
  'reviewerUnassigned',
  'nstc',
  'gacr',
  'third',
  'admin',
] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_DESCRIPTIONS: Record<ActorName, string> = {
  anonymous: 'nobody signed in',
  pi: 'the PI on the team (its creator)',
  coInvestigator: 'a co-investigator on the team, with an account',
  outsider: 'a researcher on no team of it',
  reviewer: 'a reviewer (of NSTC) assigned to the proposal under review, who accepted and holds a draft',
  reviewerSubmitted: 'a reviewer (of GAČR) assigned to the proposal under review, who submitted their review',
  reviewerUnassigned: "a reviewer (of NSTC's pool) assigned to nothing here",
  nstc: "an officer of NSTC (the call's home agency)",
  gacr: "an officer of GAČR (the call's partner agency)",
  third: 'an officer of DFG (party to nothing here)',
  admin: 'an admin',
};

/** What the matrix runs against: one of each resource, and fresh ones for the requests that change theirs. */
export interface World {
  testApp: TestApp;
  actors: Record<Exclude<ActorName, 'anonymous'>, Actor>;
  agencyIds: { nstc: string; gacr: string; dfg: string };
  publishedCallId: string;
  draftCallId: string;
  /** A draft in the published call, written by `pi` with `coInvestigator` on its team. */
  proposalId: string;
  attachmentId: string;
  /** A submitted proposal with both PIs confirmed (partnerPi is the second). */
  submittedProposalId: string;
  /** NSTC's endpoint and one of its deliveries. */
  endpointId: string;
  deliveryId: string;
  officeId: string;
  agreementId: string;
  /** The reviews, decisions, awards and plans of three more NSTC–GAČR calls, with the reviewers' assignments. */
  review: ReviewWorld;
  fresh: {
    draftCall(): Promise<{ id: string; version: number }>;
    approvedCall(): Promise<{ id: string; version: number }>;
    publishedCall(): Promise<{ id: string; version: number }>;
    proposal(): Promise<string>;
    submittedProposal(): Promise<string>;
    endpoint(): Promise<string>;
    user(): Promise<string>;
  };
}

const tokenIn = (text: string) => /invitation(?:\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

export async function buildWorld(testApp: TestApp): Promise<World> {
  const agencies = await loadAgencies(testApp.dataSource);
  const agencyIds = { nstc: agencies.get('NSTC')!.id, gacr: agencies.get('GACR')!.id, dfg: agencies.get('DFG')!.id };
  // Reviewers' addresses and institutions are nobody else's here: a shared domain would be a conflict of interest.
  const reviewerAt = (name: string, domain: string) =>
    signedIn(testApp, [Role.Reviewer], { email: `${name}-${process.pid}-${Date.now().toString(36)}@${domain}` });
  const actors = {
    pi: await signedIn(testApp, [Role.Researcher]),
    coInvestigator: await signedIn(testApp, [Role.Researcher]),
    outsider: await signedIn(testApp, [Role.Researcher]),
    reviewer: await reviewerAt('tanaka', 'kyoto-u.ac.jp'),
    reviewerSubmitted: await reviewerAt('huber', 'univie.ac.at'),
    reviewerUnassigned: await reviewerAt('kim', 'snu.ac.kr'),
    nstc: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.nstc }),
    gacr: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.gacr }),
    third: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.dfg }),
    admin: await signedIn(testApp, [Role.Admin]),
  };
  const partnerPi = await signedIn(testApp, [Role.Researcher]);
  const http = () => api(testApp);

  // NSTC's endpoint exists before the first call is published, so that the publication gives it a delivery.
  const endpoint = async () =>
    (
      await http()
        .post('/api/v1/webhook-endpoints')
        .set(actors.nstc.auth)
        .send({ url: 'https://nstc.example.org/hooks', eventTypes: ['call.published', 'proposal.submitted'] })
        .expect(201)
    ).body.id as string;
  const endpointId = await endpoint();

  const draftCall = async () => {
    const { body } = await http().post('/api/v1/calls').set(actors.nstc.auth).send(callInput(agencies)).expect(201);
    return { id: body.id as string, version: body.version as number };
  };
  const approvedCall = async () => {
    const call = await draftCall();
    await http().post(`/api/v1/calls/${call.id}/approve`).set(actors.nstc.auth).send({ version: call.version }).expect(200);
    await http().post(`/api/v1/calls/${call.id}/approve`).set(actors.gacr.auth).send({ version: call.version }).expect(200);
    return call;
  };
  const published = async () => {
    const call = await publishedCall(testApp, actors.nstc, actors.gacr, callInput(agencies));
    return { id: call.id, version: call.version };
  };
  const publishedCallId = (await published()).id;

  const proposal = async () =>
    (
      await http()
        .post(`/api/v1/calls/${publishedCallId}/proposals`)
        .set(actors.pi.auth)
        .send({
          title: 'Quantum sensors for seismic early warning',
          abstract: 'Joint work on quantum sensing.',
          keywords: ['quantum'],
          scientificField: 'physics',
          durationMonths: 36,
          homeBudget: '2800000.00',
          partnerBudget: '2400000.00',
          side: 'HOME',
          institution: 'National Taiwan University',
          country: 'TW',
          coInvestigators: [
            { name: 'Lin Mei', email: actors.coInvestigator.email, institution: 'National Taiwan University', country: 'TW', side: 'HOME' },
          ],
        })
        .expect(201)
    ).body.id as string;

  const submittedProposal = async () => {
    const id = await proposal();
    await http()
      .post(`/api/v1/proposals/${id}/invitations`)
      .set(actors.pi.auth)
      .send({ name: 'Petr Svoboda', email: partnerPi.email, institution: 'Charles University', country: 'CZ' })
      .expect(201);
    // The token travels in the e-mail, which is still in the outbox: no worker runs in this suite.
    const [invitation] = await testApp.dataSource.query<{ variables: { invitationUrl?: string } }[]>(
      `SELECT variables FROM outbound_email WHERE type = 'proposal-invitation' AND subject_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    const token = tokenIn(JSON.stringify(invitation.variables));
    await http().post(`/api/v1/proposals/${id}/confirm`).set(partnerPi.auth).send({ token }).expect(200);
    await http()
      .post(`/api/v1/proposals/${id}/attachments?kind=project-description`)
      .set(actors.pi.auth)
      .attach('file', PDF, 'description.pdf')
      .expect(201);
    await http().post(`/api/v1/proposals/${id}/submit`).set(actors.pi.auth).send({}).expect(200);
    return id;
  };

  const proposalId = await proposal();
  const attachment = await http()
    .post(`/api/v1/proposals/${proposalId}/attachments?kind=project-description`)
    .set(actors.pi.auth)
    .attach('file', PDF, 'description.pdf')
    .expect(201);
  const [delivery] = await testApp.dataSource.query<{ id: string }[]>('SELECT id FROM webhook_delivery WHERE endpoint_id = $1 LIMIT 1', [
    endpointId,
  ]);
  const office = await http()
    .post('/api/v1/offices')
    .set(actors.admin.auth)
    .send({ name: 'Science and Technology Division (Prague)', city: 'Prague', country: 'CZ', timezone: 'Europe/Prague' })
    .expect(201);
  const agreement = await http()
    .post('/api/v1/agreements')
    .set(actors.admin.auth)
    .send({ homeAgencyId: agencyIds.nstc, partnerAgencyId: agencyIds.gacr, title: 'MoU', kind: 'MOU', signedOn: '2019-05-14' })
    .expect(201);
  let users = 0;

  return {
    testApp,
    actors,
    agencyIds,
    publishedCallId,
    draftCallId: (await draftCall()).id,
    proposalId,
    attachmentId: attachment.body.id as string,
    submittedProposalId: await submittedProposal(),
    endpointId,
    deliveryId: delivery.id,
    officeId: office.body.id as string,
    agreementId: agreement.body.id as string,
    review: await buildReviewWorld(testApp, agencies, actors, partnerPi),
    fresh: {
      draftCall,
      approvedCall,
      publishedCall: published,
      proposal,
      submittedProposal,
      endpoint,
      user: async () =>
        (
          await testApp.app.get(UsersService).create({
            email: `matrix-user-${++users}-${process.pid}@example.org`,
            name: 'Someone Else',
            password: PASSWORD,
            language: 'en' as never,
            roles: [Role.Researcher],
            agencyId: null,
          })
        ).id,
    },
  };
}

/** The resources of reviews, decisions, awards and assignment plans, each on a call of its own state. */
export interface ReviewWorld {
  /** An NSTC–GAČR call IN_REVIEW: reviewers are assigned to its proposals. */
  callId: string;
  /** UNDER_REVIEW, `pi`'s with `coInvestigator` on the team; `reviewer` accepted it, `reviewerSubmitted` reviewed it. */
  proposalId: string;
  /** `reviewer`'s assignment (ACCEPTED, a draft saved) and `reviewerSubmitted`'s (SUBMITTED). */
  assignmentId: string;
  submittedAssignmentId: string;
  /** A conflict `reviewer` declared, and an institution alias. */
  conflictId: string;
  aliasId: string;
  /** A plan of the call in review, asked for by NSTC (no worker runs here: it stays QUEUED). */
  planId: string;
  /** A call in decision, and a FINALIZED one with `pi`'s award, its interim report submitted. */
  decidingCallId: string;
  finalizedCallId: string;
  finalizedProposalId: string;
  awardId: string;
  reportId: string;
  fresh: {
    /** A new proposal under review in the call, `pi`'s, nobody assigned yet. */
    proposal(): Promise<string>;
    /** A new proposal under review in the call, assigned to `reviewer` and brought as far as `stage`. */
    assignment(stage: 'INVITED' | 'ACCEPTED' | 'DRAFTED'): Promise<string>;
    conflict(): Promise<string>;
    alias(): Promise<string>;
    /** A new proposal in the call in decision. */
    decidingProposal(): Promise<string>;
    /** A plan of the call in review, READY to confirm (what the worker would have written: no pairs). */
    readyPlan(): Promise<string>;
    /** The award's interim report back to DUE (for its PI to submit) or SUBMITTED (for the agencies' verdicts). */
    report(state: 'DUE' | 'SUBMITTED'): Promise<string>;
  };
}

type Actors = World['actors'];

async function buildReviewWorld(testApp: TestApp, agencies: Map<string, Agency>, actors: Actors, partnerPi: Actor): Promise<ReviewWorld> {
  const http = () => api(testApp);
  const db = testApp.dataSource;
  await recruit(testApp, actors.nstc, actors.reviewer, { institution: 'Kyoto University', country: 'JP' });
  await recruit(testApp, actors.gacr, actors.reviewerSubmitted, { institution: 'University of Vienna', country: 'AT' });
  await recruit(testApp, actors.nstc, actors.reviewerUnassigned, { institution: 'Seoul National University', country: 'KR' });

  const callId = await callInReview(testApp, actors.nstc, actors.gacr, agencies, { maxAssignmentsPerReviewer: 1000 });
  let proposals = 0;
  const proposalUnderReview = () =>
    seedProposal(db, callId, {
      title: `Quantum sensors for seismic early warning ${++proposals}`,
      state: 'UNDER_REVIEW',
      home: { name: 'Home PI', email: actors.pi.email, institution: 'National Taiwan University', userId: actors.pi.id },
      partner: { name: 'Partner PI', email: partnerPi.email, institution: 'Charles University', userId: partnerPi.id },
      coInvestigators: [
        {
          name: 'Lin Mei',
          email: actors.coInvestigator.email,
          institution: 'National Taiwan University',
          userId: actors.coInvestigator.id,
          side: 'HOME',
        },
      ],
    });
  const assign = async (proposalId: string, reviewer: Actor, officer: Actor) =>
    (
      await http()
        .post(`/api/v1/proposals/${proposalId}/review-assignments`)
        .set(officer.auth)
        .send({ reviewerId: reviewer.id })
        .expect(201)
    ).body.id as string;
  const accept = (id: string, reviewer: Actor) =>
    http().post(`/api/v1/review-assignments/${id}/accept`).set(reviewer.auth).send({ declareNoConflict: true }).expect(200);
  const draft = (id: string, reviewer: Actor) =>
    http()
      .put(`/api/v1/review-assignments/${id}/review`)
      .set(reviewer.auth)
      .send({ version: 1, scores: { excellence: 4, collaboration: 5 }, recommendation: 'FUND', commentsToApplicants: 'Sound.' })
      .expect(200);
  const assignment = async (stage: 'INVITED' | 'ACCEPTED' | 'DRAFTED', reviewer = actors.reviewer, proposalId?: string) => {
    const id = await assign(proposalId ?? (await proposalUnderReview()), reviewer, actors.nstc);
    if (stage !== 'INVITED') await accept(id, reviewer);
    if (stage === 'DRAFTED') await draft(id, reviewer);
    return id;
  };

  const proposalId = await proposalUnderReview();
  const assignmentId = await assignment('DRAFTED', actors.reviewer, proposalId);
  const submittedAssignmentId = await assignment('DRAFTED', actors.reviewerSubmitted, proposalId);
  await http().post(`/api/v1/review-assignments/${submittedAssignmentId}/submit`).set(actors.reviewerSubmitted.auth).expect(200);

  const conflict = async () =>
    (
      await http()
        .post('/api/v1/me/conflicts')
        .set(actors.reviewer.auth)
        .send({ kind: 'INSTITUTION', institution: `Institute ${++proposals}`, reason: 'A former employer' })
        .expect(201)
    ).body.id as string;
  const alias = async () =>
    (
      await http()
        .post('/api/v1/institution-aliases')
        .set(actors.admin.auth)
        .send({ alias: `NTU ${++proposals}`, institution: 'National Taiwan University' })
        .expect(201)
    ).body.id as string;
  const plan = async () =>
    (await http().post(`/api/v1/calls/${callId}/assignment-plans`).set(actors.nstc.auth).send({}).expect(202)).body.id as string;
  const readyPlan = async () => {
    const id = await plan();
    await db.query(`UPDATE assignment_plan SET state = 'READY', progress = 1, pairs = '[]', loads = '[]', objective = 0 WHERE id = $1`, [
      id,
    ]);
    return id;
  };

  // A call in decision, whose proposals are seeded as they leave review.
  const decidingCallId = await callInReview(testApp, actors.nstc, actors.gacr, agencies);
  await callMove(testApp, decidingCallId, 'start-decision', actors.nstc);
  const decidingProposal = async () =>
    (
      await seedProposalsUnderReview(db, decidingCallId, { home: actors.pi, partner: partnerPi }, [
        { title: `Typhoon-resilient power grids ${++proposals}`, homeBudget: '2000000.00', partnerBudget: '1000000.00' },
      ])
    )[0];

  // A finalized call: both agencies fund `pi`'s proposal, which becomes an award with its reports due.
  const finalizedCallId = await callInReview(testApp, actors.nstc, actors.gacr, agencies);
  const [finalizedProposalId] = await seedProposalsUnderReview(db, finalizedCallId, { home: actors.pi, partner: partnerPi }, [
    { title: 'Soft robotics for elderly care', homeBudget: '1500000.00', partnerBudget: '900000.00', durationMonths: 24 },
  ]);
  await db.query(
    `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country)
     VALUES ($1, 'CO_INVESTIGATOR', 'HOME', $2, 'Lin Mei', $3, 'National Taiwan University', 'TW')`,
    [finalizedProposalId, actors.coInvestigator.id, actors.coInvestigator.email],
  );
  await callMove(testApp, finalizedCallId, 'start-decision', actors.nstc);
  for (const [officer, amount] of [
    [actors.nstc, { amount: '1500000.00', currency: 'TWD' }],
    [actors.gacr, { amount: '900000.00', currency: 'CZK' }],
  ] as const)
    await http()
      .put(`/api/v1/proposals/${finalizedProposalId}/decisions/mine`)
      .set(officer.auth)
      .send({ decision: 'FUND', amount })
      .expect(200);
  await callMove(testApp, finalizedCallId, 'finalize', actors.gacr);
  const [{ id: awardId }] = await db.query<{ id: string }[]>('SELECT id FROM award WHERE proposal_id = $1', [finalizedProposalId]);
  const submitted = await http()
    .post(`/api/v1/awards/${awardId}/reports?kind=INTERIM`)
    .set(actors.pi.auth)
    .attach('file', PDF, 'interim-report.pdf')
    .expect(201);
  const reportId = submitted.body.id as string;
  const report = async (state: 'DUE' | 'SUBMITTED') => {
    await db.query('DELETE FROM report_review WHERE report_id = $1', [reportId]);
    await db.query(`UPDATE report SET state = $2, accepted_at = NULL WHERE id = $1`, [reportId, state]);
    return awardId;
  };

  return {
    callId,
    proposalId,
    assignmentId,
    submittedAssignmentId,
    conflictId: await conflict(),
    aliasId: await alias(),
    planId: await plan(),
    decidingCallId,
    finalizedCallId,
    finalizedProposalId,
    awardId,
    reportId,
    fresh: {
      proposal: proposalUnderReview,
      assignment: (stage) => assignment(stage),
      conflict,
      alias,
      decidingProposal,
      readyPlan,
      report: async (state) => {
        await report(state);
        return state === 'DUE' ? awardId : reportId;
      },
    },
  };
}
