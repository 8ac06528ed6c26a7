import { DataSource } from 'typeorm';
import { Agency } from '../../src/reference-data/agency.entity';
import { Actor, api, Session } from './actors';
import { callInput, publishedCall } from './calls';
import { TestApp } from './test-app';

/**
 * A call between NSTC and GAČR that was published through the API and then, in the database, closed and put in
 * review: what took weeks in the call's life takes a statement here (its dates move a month back).
 */
export async function callInReview(
  testApp: TestApp,
  nstc: Session,
  gacr: Session,
  agencies: ReadonlyMap<string, Agency>,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const { id } = await publishedCall(testApp, nstc, gacr, callInput(agencies, overrides));
  await testApp.dataSource.query(
    `UPDATE call SET state = 'IN_REVIEW', opens_at = now() - interval '40 days', closes_at = now() - interval '10 days' WHERE id = $1`,
    [id],
  );
  return id;
}

export interface TeamPerson {
  name: string;
  email: string;
  institution: string;
  country?: string;
  userId?: string | null;
}

export interface ProposalSeed {
  title: string;
  acronym?: string;
  abstract?: string;
  keywords?: string[];
  home: TeamPerson;
  partner: TeamPerson;
  coInvestigators?: (TeamPerson & { side: 'HOME' | 'PARTNER' })[];
  state?: 'SUBMITTED' | 'ELIGIBLE' | 'UNDER_REVIEW' | 'WITHDRAWN';
  /** Seconds before now at which it was submitted: the ranking breaks its last ties by it. */
  submittedSecondsAgo?: number;
}

/**
 * A proposal as it stands once submitted and found eligible by both agencies, written straight into the database:
 * the submission and eligibility rules have their own e2e tests; the reviews' tests start where they end.
 */
export async function seedProposal(dataSource: DataSource, callId: string, seed: ProposalSeed): Promise<string> {
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO proposal (call_id, state, title, acronym, abstract, keywords, scientific_field, duration_months, home_budget,
       partner_budget, created_by_id, submitted_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, 'physics', 36, 2800000, 2400000, gen_random_uuid(), now() - make_interval(secs => $7), 3)
     RETURNING id`,
    [
      callId,
      seed.state ?? 'ELIGIBLE',
      seed.title,
      seed.acronym ?? null,
      seed.abstract ?? 'A joint research project.',
      seed.keywords ?? [],
      seed.submittedSecondsAgo ?? 3600,
    ],
  );
  const members = [
    { ...seed.home, role: 'PI', side: 'HOME', country: seed.home.country ?? 'TW' },
    { ...seed.partner, role: 'PI', side: 'PARTNER', country: seed.partner.country ?? 'CZ' },
    ...(seed.coInvestigators ?? []).map((person) => ({ ...person, role: 'CO_INVESTIGATOR', country: person.country ?? 'TW' })),
  ];
  for (const member of members)
    await dataSource.query(
      `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country, confirmed_at)
       VALUES ($1, $2::team_role, $3::side, $4, $5, lower($6), $7, $8, CASE WHEN $2::text = 'PI' THEN now() END)`,
      [id, member.role, member.side, member.userId ?? null, member.name, member.email, member.institution, member.country],
    );
  return id;
}

export interface ReviewerProfileInput {
  institution: string;
  country: string;
  emailDomain?: string;
  expertiseKeywords?: string[];
  expertiseDescription?: string;
}

/** An officer recruits an existing account (a signed-in test actor) as a reviewer of their agency's pool. */
export async function recruit(testApp: TestApp, officer: Session, person: Actor & { name?: string }, profile: ReviewerProfileInput) {
  const { body } = await api(testApp)
    .post('/api/v1/reviewers')
    .set(officer.auth)
    .send({ email: person.email, name: person.name ?? 'Reviewer', expertiseKeywords: [], ...profile })
    .expect(201);
  return body as { id: string; recruitingAgencyId: string };
}
