import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { kendallTau } from '../src/calibration/kendall-tau';
import { Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, loadAgencies, signedIn } from './support/actors';
import { callInReview, seedProposal } from './support/reviews';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

const TEAM = {
  home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
  partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
};
/** Proposals of known quality, reviewers of known leniency: every total is quality + leniency, no noise. */
const QUALITY = [88, 80, 72, 64, 56, 48, 40, 32, 84, 76, 68, 60];
const LENIENCY = [-15, -9, -3, 3, 9, 15];

interface Item {
  proposalId: string;
  rank: number;
  meanTotal: number | null;
  calibrated?: { zScore: number; zRank: number; quality: number; qualityRank: number } | null;
}

describe('The ranking, calibrated', () => {
  let testApp: TestApp;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let callId: string;
  const proposals: string[] = [];
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await startTestApp();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies, { minReviewsPerProposal: 3 });
    const reviewers: Actor[] = [];
    for (const _ of LENIENCY) reviewers.push(await signedIn(testApp, [Role.Reviewer]));
    for (const [p, quality] of QUALITY.entries()) {
      const proposalId = await seedProposal(testApp.dataSource, callId, { title: `Proposal ${p}`, state: 'UNDER_REVIEW', ...TEAM });
      proposals.push(proposalId);
      // Three reviewers per proposal, in a rotation that links every reviewer to every other one.
      for (const r of [p % 6, (p + 1) % 6, (p + 3) % 6]) {
        const agencyId = agencies.get(r % 2 === 0 ? 'NSTC' : 'GACR')!.id;
        const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
          `INSERT INTO review_assignment (proposal_id, call_id, reviewer_id, reviewer_agency_id, state, due_at, assigned_by_id, submitted_at, version)
           VALUES ($1, $2, $3, $4, 'SUBMITTED', now() + interval '10 days', $5, now(), 3) RETURNING id`,
          [proposalId, callId, reviewers[r].id, agencyId, nstc.id],
        );
        await testApp.dataSource.query(
          `INSERT INTO review (assignment_id, call_id, proposal_id, reviewer_agency_id, scores, recommendation, total, submitted_at, version)
           VALUES ($1, $2, $3, $4, '{}', 'FUND', $5, now(), 2)`,
          [id, callId, proposalId, agencyId, quality + LENIENCY[r]],
        );
      }
    }
  }, 120_000);
  afterAll(() => testApp?.close());

  it("ranks closer to the proposals' quality than the raw mean once each reviewer's leniency is taken out", async () => {
    const { body } = await api().get(`/api/v1/calls/${callId}/ranking`).set(nstc.auth).expect(200);
    const items = body.items as Item[];
    const truth = proposals.map((_, p) => QUALITY[p]);
    const byProposal = new Map(items.map((item) => [item.proposalId, item]));
    const rankOf = (key: (item: Item) => number) => proposals.map((id) => -key(byProposal.get(id)!));
    const raw = kendallTau(
      truth,
      rankOf((item) => item.rank),
    );
    const z = kendallTau(
      truth,
      rankOf((item) => item.calibrated!.zRank),
    );
    const leastSquares = kendallTau(
      truth,
      rankOf((item) => item.calibrated!.qualityRank),
    );
    console.log(
      `Kendall's tau with the true quality: raw ${raw.toFixed(3)}, z-score ${z.toFixed(3)}, least squares ${leastSquares.toFixed(3)}`,
    );
    expect(leastSquares).toBeGreaterThan(raw);
    expect(leastSquares).toBeGreaterThan(0.95);
    expect(z).toBeGreaterThan(raw);
    expect(body.calibration).toMatchObject({ reviews: 36, reviewers: 6, components: 1, largestComponentProposals: 12, warning: null });
    expect(body.calibration.spectralGap).toBeGreaterThan(body.calibration.minSpectralGap);
  });

  it('calibrates again once another review is submitted (the cached result is keyed by the reviews)', async () => {
    const before = (await api().get(`/api/v1/calls/${callId}/ranking`).set(nstc.auth).expect(200)).body;
    const late = await signedIn(testApp, [Role.Reviewer]);
    const agencyId = agencies.get('NSTC')!.id;
    const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
      `INSERT INTO review_assignment (proposal_id, call_id, reviewer_id, reviewer_agency_id, state, due_at, assigned_by_id, submitted_at, version)
       VALUES ($1, $2, $3, $4, 'SUBMITTED', now() + interval '10 days', $5, now(), 3) RETURNING id`,
      [proposals[0], callId, late.id, agencyId, nstc.id],
    );
    await testApp.dataSource.query(
      `INSERT INTO review (assignment_id, call_id, proposal_id, reviewer_agency_id, scores, recommendation, total, submitted_at, version)
       VALUES ($1, $2, $3, $4, '{}', 'FUND', 20, now() + interval '1 second', 2)`,
      [id, callId, proposals[0], agencyId],
    );
    const after = (await api().get(`/api/v1/calls/${callId}/ranking`).set(nstc.auth).expect(200)).body;
    expect(before.calibration).toMatchObject({ reviews: 36, reviewers: 6 });
    expect(after.calibration).toMatchObject({ reviews: 37, reviewers: 7, reviewersWithOneReview: 1 });
  });

  it('leaves the calibrated columns out when asked, and writes them into the CSV', async () => {
    const plain = await api().get(`/api/v1/calls/${callId}/ranking?calibration=false`).set(nstc.auth).expect(200);
    expect(plain.body).not.toHaveProperty('calibration');
    expect(plain.body.items[0]).not.toHaveProperty('calibrated');
    const csv = await api().get(`/api/v1/calls/${callId}/ranking?format=csv`).set(nstc.auth).expect(200);
    const records: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
    expect(records).toHaveLength(12);
    expect(Object.keys(records[0])).toEqual(
      expect.arrayContaining(['Z-score mean', 'Z-score rank', 'Quality (least squares)', 'Quality rank']),
    );
    expect(records.map((record) => Number(record['Quality rank'])).sort((a, b) => a - b)).toEqual(QUALITY.map((_, i) => i + 1));
  });
});
