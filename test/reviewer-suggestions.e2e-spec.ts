import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInReview, recruit, ReviewerProfileInput, seedProposal } from './support/reviews';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

const TEAM = {
  home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
  partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
};

describe('Reviewer suggestions', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let callId: string;
  let proposalId: string;
  const reviewers: Record<string, Actor> = {};
  const api = () => request(testApp.http);

  async function reviewer(name: string, officer: Actor, profile: ReviewerProfileInput) {
    reviewers[name] = await signedIn(testApp, [Role.Reviewer]);
    await recruit(testApp, officer, reviewers[name], profile);
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies, { maxAssignmentsPerReviewer: 1 });
    proposalId = await seedProposal(testApp.dataSource, callId, {
      title: 'Quantum sensors for seismic early warning',
      abstract: 'We build a network of atom interferometers that detect earthquakes before the shaking arrives.',
      keywords: ['Quantum sensing', 'seismology'],
      ...TEAM,
    });
    const elsewhere = await seedProposal(testApp.dataSource, callId, { title: 'Elsewhere', ...TEAM });
    const fits = { expertiseKeywords: ['seismology', 'quantum sensing'], expertiseDescription: 'Earthquake early warning networks.' };
    await reviewer('both keywords', gacr, { institution: 'KIT', country: 'DE', emailDomain: 'kit.edu', ...fits });
    await reviewer('one keyword', nstc, {
      institution: 'University of Tokyo',
      country: 'JP',
      emailDomain: 'u-tokyo.ac.jp',
      expertiseKeywords: ['quantum sensing', 'optics'],
      expertiseDescription: 'Atom interferometers and optical clocks.',
    });
    await reviewer('words only', nstc, {
      institution: 'Kyoto University',
      country: 'JP',
      emailDomain: 'kyoto-u.ac.jp',
      expertiseKeywords: ['geophysics'],
      expertiseDescription: 'Detecting earthquakes with dense sensor networks.',
    });
    await reviewer('unrelated', nstc, {
      institution: 'Osaka University',
      country: 'JP',
      emailDomain: 'osaka-u.ac.jp',
      expertiseKeywords: ['soft robotics'],
      expertiseDescription: 'Robots for elderly care.',
    });
    await reviewer('conflicted', nstc, { institution: 'NTU', country: 'TW', emailDomain: 'ntu.edu.tw', ...fits });
    await reviewer('at the cap', gacr, { institution: 'ETH Zurich', country: 'CH', emailDomain: 'ethz.ch', ...fits });
    await reviewer('other pool', dfg, { institution: 'University of Bonn', country: 'DE', emailDomain: 'uni-bonn.de', ...fits });
    await reviewer('assigned', gacr, { institution: 'Masaryk University', country: 'CZ', emailDomain: 'muni.cz', ...fits });
    await api()
      .post(`/api/v1/proposals/${elsewhere}/review-assignments`)
      .set(gacr.auth)
      .send({ reviewerId: reviewers['at the cap'].id })
      .expect(201);
    await api()
      .post(`/api/v1/proposals/${proposalId}/review-assignments`)
      .set(gacr.auth)
      .send({ reviewerId: reviewers.assigned.id })
      .expect(201);
  }, 120_000);
  afterAll(() => testApp?.close());

  it('ranks the unconflicted reviewers of both pools under the cap by expertise fit, with the matching terms', async () => {
    const { body } = await api().get(`/api/v1/calls/${callId}/reviewer-suggestions?proposalId=${proposalId}`).set(nstc.auth).expect(200);
    expect(body).toMatchObject({ proposalId, maxAssignmentsPerReviewer: 1, conflictedLeftOut: 1 });
    expect(body.items.map((item: { reviewerId: string }) => item.reviewerId)).toEqual([
      reviewers['both keywords'].id,
      reviewers['one keyword'].id,
      reviewers['words only'].id,
    ]);
    const [both, one, words] = body.items;
    expect(both).toMatchObject({
      agencyId: agencies.get('GACR')!.id,
      institution: 'KIT',
      load: 0,
      keywordScore: 100,
      matchingKeywords: ['quantum sensing', 'seismology'],
      matchingTerms: expect.arrayContaining(['quantum', 'seismolog', 'earli', 'warn']),
    });
    expect(one).toMatchObject({
      keywordScore: 50,
      matchingKeywords: ['quantum sensing'],
      matchingTerms: expect.arrayContaining(['atom', 'interferomet']),
    });
    expect(words).toMatchObject({ keywordScore: 0, matchingKeywords: [], matchingTerms: expect.arrayContaining(['detect', 'earthquak']) });
    for (const item of body.items) {
      expect(item.textScore).toBeGreaterThan(0);
      expect(item.score).toBeCloseTo((item.textScore + item.keywordScore) / 2, 1);
      expect(item).not.toHaveProperty('email');
    }
    expect(both.score).toBeGreaterThan(one.score);
    expect(one.score).toBeGreaterThan(words.score);
  });

  it('takes a limit, and is for the officers of the call’s agencies', async () => {
    const limited = await api()
      .get(`/api/v1/calls/${callId}/reviewer-suggestions?proposalId=${proposalId}&limit=1`)
      .set(gacr.auth)
      .expect(200);
    expect(limited.body.items.map((item: { reviewerId: string }) => item.reviewerId)).toEqual([reviewers['both keywords'].id]);
    const dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    expectProblem(
      await api().get(`/api/v1/calls/${callId}/reviewer-suggestions?proposalId=${proposalId}`).set(dfg.auth),
      404,
      'PROPOSAL_NOT_FOUND',
    );
    const otherCall = await callInReview(testApp, nstc, gacr, agencies);
    expectProblem(
      await api().get(`/api/v1/calls/${otherCall}/reviewer-suggestions?proposalId=${proposalId}`).set(nstc.auth),
      404,
      'PROPOSAL_NOT_FOUND',
    );
    expectProblem(await api().get(`/api/v1/calls/${callId}/reviewer-suggestions`).set(nstc.auth), 400, 'VALIDATION_FAILED');
  });
});
