import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInReview, recruit, seedProposal } from './support/reviews';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

const TEAM = {
  home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
  partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
};

/**
 * The ranking against figures computed by hand. Criteria: excellence (weight 3, out of 5) and feasibility (weight 1,
 * out of 10), so a review's total is (3 × excellence/5 × 100 + 1 × feasibility/10 × 100) / 4. Reviewers R1 and R2
 * were recruited by NSTC (home), R3 and R4 by GAČR (partner); minReviews is 2.
 *
 *   proposal  reviews (total)                       n  mean  sd (sample)            home mean  partner mean  rank
 *   B         R1 (4,6)=75  R2 (5,8)=95  R3 (5,10)=100  3  90    √(350/2)=13.23          85         100           1
 *   A         R1 (5,10)=100  R3 (4,8)=80            2  90    √(200/1)=14.14          100        80            2  (fewer reviews than B)
 *   D         R3 (4,9)=82.5  R4 (4,9)=82.5          2  82.5  0                       –          82.5          3
 *   C         R2 (4,8)=80  R4 (5,4)=85              2  82.5  √12.5=3.54              80         85            4  (larger deviation than D)
 *   G         R1 (3,6)=60  R3 (3,6)=60              2  60    0                       60         60            5  (submitted before H)
 *   H         R1 (3,6)=60  R3 (3,6)=60              2  60    0                       60         60            6
 *   E         R4 (3,6)=60   (+ a draft by R2)       1  60    –                       –          60            7  under the minimum
 *   F         none                                  0  –     –                       –          –             8  under the minimum
 */
describe('The ranking of a call', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let callId: string;
  const ids: Record<string, string> = {};
  const reviewers: Record<string, Actor> = {};
  const api = () => request(testApp.http);

  /** The reviewer is assigned by an officer of their agency, accepts, and (unless `draft`) submits these scores. */
  async function review(reviewer: string, proposal: string, excellence: number, feasibility: number, draft = false) {
    const person = reviewers[reviewer];
    const officer = reviewer === 'R1' || reviewer === 'R2' ? nstc : gacr;
    const { body } = await api()
      .post(`/api/v1/proposals/${ids[proposal]}/review-assignments`)
      .set(officer.auth)
      .send({ reviewerId: person.id })
      .expect(201);
    await api().post(`/api/v1/review-assignments/${body.id}/accept`).set(person.auth).send({ declareNoConflict: true }).expect(200);
    await api()
      .put(`/api/v1/review-assignments/${body.id}/review`)
      .set(person.auth)
      .send({ version: 1, scores: { excellence, feasibility }, recommendation: 'FUND' })
      .expect(200);
    if (!draft) await api().post(`/api/v1/review-assignments/${body.id}/submit`).set(person.auth).expect(200);
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies, {
      reviewCriteria: [
        { key: 'excellence', label: 'Scientific excellence', weight: 3, scaleMax: 5 },
        { key: 'feasibility', label: 'Feasibility', weight: 1, scaleMax: 10 },
      ],
      minReviewsPerProposal: 2,
    });
    for (const [name, seconds] of [
      ['A', 3600],
      ['B', 3600],
      ['C', 3600],
      ['D', 3600],
      ['E', 3600],
      ['F', 3600],
      ['G', 7200],
      ['H', 3600],
    ] as const)
      ids[name] = await seedProposal(testApp.dataSource, callId, {
        title: `Proposal ${name}`,
        acronym: name,
        ...TEAM,
        submittedSecondsAgo: seconds,
      });
    // Neither eligible nor reviewed: not ranked.
    await seedProposal(testApp.dataSource, callId, { title: 'Withdrawn', ...TEAM, state: 'WITHDRAWN' });
    await seedProposal(testApp.dataSource, callId, { title: 'Still being checked', ...TEAM, state: 'SUBMITTED' });
    for (const [name, officer, domain] of [
      ['R1', nstc, 'u-tokyo.ac.jp'],
      ['R2', nstc, 'kyoto-u.ac.jp'],
      ['R3', gacr, 'kit.edu'],
      ['R4', gacr, 'ethz.ch'],
    ] as const) {
      reviewers[name] = await signedIn(testApp, [Role.Reviewer]);
      await recruit(testApp, officer, reviewers[name], { institution: `Institute ${name}`, country: 'DE', emailDomain: domain });
    }
    await review('R1', 'A', 5, 10);
    await review('R3', 'A', 4, 8);
    await review('R1', 'B', 4, 6);
    await review('R2', 'B', 5, 8);
    await review('R3', 'B', 5, 10);
    await review('R2', 'C', 4, 8);
    await review('R4', 'C', 5, 4);
    await review('R3', 'D', 4, 9);
    await review('R4', 'D', 4, 9);
    await review('R4', 'E', 3, 6);
    await review('R2', 'E', 5, 10, true);
    for (const proposal of ['G', 'H']) {
      await review('R1', proposal, 3, 6);
      await review('R3', proposal, 3, 6);
    }
  }, 180_000);
  afterAll(() => testApp?.close());

  const EXPECTED = [
    // rank, proposal, n, mean, sd, home [n, mean], partner [n, mean], below minimum
    [1, 'B', 3, 90, 13.23, [2, 85], [1, 100], false],
    [2, 'A', 2, 90, 14.14, [1, 100], [1, 80], false],
    [3, 'D', 2, 82.5, 0, [0, null], [2, 82.5], false],
    [4, 'C', 2, 82.5, 3.54, [1, 80], [1, 85], false],
    [5, 'G', 2, 60, 0, [1, 60], [1, 60], false],
    [6, 'H', 2, 60, 0, [1, 60], [1, 60], false],
    [7, 'E', 1, 60, null, [0, null], [1, 60], true],
    [8, 'F', 0, null, null, [0, null], [0, null], true],
  ] as const;

  it('ranks by mean, then more reviews, smaller deviation, earlier submission, with the means of each agency’s reviewers', async () => {
    const { body } = await api().get(`/api/v1/calls/${callId}/ranking?calibration=false`).set(gacr.auth).expect(200);
    expect(body).toMatchObject({ callId, minReviewsPerProposal: 2, total: 8 });
    expect(body.items).toEqual(
      EXPECTED.map(([rank, name, n, mean, sd, home, partner, below]) => ({
        rank,
        proposalId: ids[name],
        acronym: name,
        title: `Proposal ${name}`,
        state: n === 0 ? 'ELIGIBLE' : 'UNDER_REVIEW',
        submittedAt: expect.any(String),
        reviewCount: n,
        belowMinReviews: below,
        meanTotal: mean,
        standardDeviation: sd,
        home: { agencyId: agencies.get('NSTC')!.id, reviewCount: home[0], meanTotal: home[1] },
        partner: { agencyId: agencies.get('GACR')!.id, reviewCount: partner[0], meanTotal: partner[1] },
        decisions: { outcome: 'UNDECIDED', home: null, partner: null },
      })),
    );
    const again = await api().get(`/api/v1/calls/${callId}/ranking?calibration=false`).set(nstc.auth).expect(200);
    expect(again.body).toEqual(body);
  });

  it('answers the same figures as CSV, headed in the reader’s language, which a CSV parser reads back', async () => {
    const response = await api().get(`/api/v1/calls/${callId}/ranking?format=csv&calibration=false`).set(nstc.auth).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="ranking-NSTC-GACR-[0-9a-f]{8}\.csv"/);
    const records: Record<string, string>[] = parse(response.text, { bom: true, columns: true });
    const text = (value: number | null) => (value === null ? '' : String(value));
    expect(records).toEqual(
      EXPECTED.map(([rank, name, n, mean, sd, home, partner, below]) => ({
        Rank: String(rank),
        'Proposal ID': ids[name],
        Acronym: name,
        Title: `Proposal ${name}`,
        State: n === 0 ? 'ELIGIBLE' : 'UNDER_REVIEW',
        'Submitted (Asia/Taipei)': expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        Reviews: String(n),
        'Below the minimum of reviews': below ? 'yes' : 'no',
        'Mean total (0-100)': text(mean),
        'Standard deviation': text(sd),
        'NSTC reviews': String(home[0]),
        'NSTC mean': text(home[1]),
        'GACR reviews': String(partner[0]),
        'GACR mean': text(partner[1]),
        'NSTC decision': '',
        'NSTC amount (TWD)': '',
        'GACR decision': '',
        'GACR amount (CZK)': '',
        'Joint outcome': 'UNDECIDED',
      })),
    );
  });

  it('is for the officers of the call’s agencies only', async () => {
    const dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    expectProblem(await api().get(`/api/v1/calls/${callId}/ranking`).set(dfg.auth), 404, 'CALL_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/calls/${callId}/ranking?format=csv`).set(dfg.auth), 404, 'CALL_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/calls/${callId}/ranking`).set(reviewers.R1.auth), 403, 'ROLE_REQUIRED');
    expectProblem(await api().get(`/api/v1/calls/${callId}/ranking?format=pdf`).set(nstc.auth), 400, 'VALIDATION_FAILED');
    expectProblem(await api().get('/api/v1/calls/7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11/ranking').set(nstc.auth), 404, 'CALL_NOT_FOUND');
  });
});
