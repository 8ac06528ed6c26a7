import { Actor, api, ApiTarget, Session } from './actors';
import { TestApp } from './test-app';

/** A small but real PDF: what file-type recognises by content. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600 * 1000).toISOString();

/** A call between NSTC and GAČR whose dates are relative to now. */
export function callInput(agencies: ReadonlyMap<string, { id: string }>, overrides: Record<string, unknown> = {}) {
  return {
    title: 'NSTC–GAČR Joint Research Projects 2027',
    description: 'Bilateral research projects in all fields.',
    instrument: 'JOINT_RESEARCH',
    partnerAgencyId: agencies.get('GACR')!.id,
    scientificFields: ['physics'],
    opensAt: hoursFromNow(-1),
    closesAt: hoursFromNow(24 * 30),
    timezone: 'Asia/Taipei',
    reviewDueAt: hoursFromNow(24 * 60),
    decisionExpectedAt: hoursFromNow(24 * 90),
    durationLimitMonths: 36,
    budgets: {
      home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: '30000000.00', currency: 'TWD' } },
      partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: '25000000.00', currency: 'CZK' } },
    },
    reviewCriteria: [
      { key: 'excellence', label: 'Scientific excellence', weight: 0.6, scaleMax: 5 },
      { key: 'collaboration', label: 'Added value of the collaboration', weight: 0.4, scaleMax: 5 },
    ],
    requiredAttachmentKinds: ['project-description'],
    minReviewsPerProposal: 2,
    ...overrides,
  };
}

/** Creates a call as the NSTC officer, has both agencies approve it and publishes it. */
export async function publishedCall(target: ApiTarget, nstc: Session, gacr: Session, input: object) {
  const created = await api(target).post('/api/v1/calls').set(nstc.auth).send(input).expect(201);
  const { id, version } = created.body as { id: string; version: number };
  await api(target).post(`/api/v1/calls/${id}/approve`).set(nstc.auth).send({ version }).expect(200);
  await api(target).post(`/api/v1/calls/${id}/approve`).set(gacr.auth).send({ version }).expect(200);
  const published = await api(target).post(`/api/v1/calls/${id}/publish`).set(gacr.auth).expect(200);
  return published.body as { id: string; version: number; closesAt: string; state: string; title: string };
}

/**
 * A complete joint proposal in draft, ready to submit: the home PI's, the partner PI on the team and confirmed
 * (joined in the database: the invitation flow has tests of its own), the required project description attached.
 */
export async function completeDraft(
  testApp: TestApp,
  callId: string,
  homePi: Session,
  partnerPi: Actor,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const { body } = await api(testApp)
    .post(`/api/v1/calls/${callId}/proposals`)
    .set(homePi.auth)
    .send({
      title: 'Seismic quantum sensing',
      abstract: 'Joint work on quantum sensors for earthquake early warning.',
      keywords: ['quantum'],
      scientificField: 'physics',
      durationMonths: 24,
      homeBudget: '1000000.00',
      partnerBudget: '900000.50',
      side: 'HOME',
      institution: 'National Taiwan University',
      country: 'TW',
      ...overrides,
    })
    .expect(201);
  const proposalId = body.id as string;
  await testApp.dataSource.query(
    `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country, confirmed_at)
     VALUES ($1, 'PI', 'PARTNER', $2, 'Partner', $3, 'Charles University', 'CZ', now())`,
    [proposalId, partnerPi.id, partnerPi.email],
  );
  await api(testApp)
    .post(`/api/v1/proposals/${proposalId}/attachments?kind=project-description`)
    .set(homePi.auth)
    .attach('file', PDF, 'description.pdf')
    .expect(201);
  return proposalId;
}

/** A complete joint proposal, submitted by its home PI. */
export async function submittedProposal(...draft: Parameters<typeof completeDraft>): Promise<string> {
  const proposalId = await completeDraft(...draft);
  const [testApp, , homePi] = draft;
  await api(testApp).post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth).expect(200);
  return proposalId;
}
