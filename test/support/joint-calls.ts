import { DataSource } from 'typeorm';
import { api, ApiTarget, Actor, Session } from './actors';
import { PDF } from './calls';
import { SmtpSink } from './smtp-sink';
import { TestApp } from './test-app';

const tokenIn = (url: string) => /#token=([A-Za-z0-9_-]+)/.exec(url)?.[1];

export interface ProposalFields {
  title?: string;
  durationMonths?: number;
  homeBudget?: string;
  partnerBudget?: string;
  scientificField?: string;
  institution?: string;
  partnerInstitution?: string;
  partnerCountry?: string;
}

/**
 * A joint proposal taken through the API as researchers do: the home PI's draft, the partner PI invited and
 * confirming with the e-mailed token, the attachment, the submission. The token is read from the e-mail at the SMTP
 * sink when one is given (a worker is running), else from the outbox row the API wrote.
 */
export async function submittedJointProposal(
  testApp: TestApp,
  callId: string,
  homePi: Actor,
  partnerPi: Actor,
  fields: ProposalFields = {},
  smtp?: SmtpSink,
): Promise<string> {
  const { partnerInstitution, partnerCountry, ...own } = fields;
  const { body } = await api(testApp)
    .post(`/api/v1/calls/${callId}/proposals`)
    .set(homePi.auth)
    .send({
      title: 'Quantum sensors for seismic early warning',
      abstract: 'Joint work on quantum sensing.',
      keywords: ['quantum', 'seismology'],
      scientificField: 'physics',
      durationMonths: 36,
      homeBudget: '2800000.00',
      partnerBudget: '2400000.00',
      side: 'HOME',
      institution: 'National Taiwan University',
      country: 'TW',
      ...own,
    })
    .expect(201);
  const proposalId = body.id as string;
  await api(testApp)
    .post(`/api/v1/proposals/${proposalId}/invitations`)
    .set(homePi.auth)
    .send({
      name: 'Petr Svoboda',
      email: partnerPi.email,
      institution: partnerInstitution ?? 'Charles University',
      country: partnerCountry ?? 'CZ',
    })
    .expect(201);
  let token: string | undefined;
  if (smtp) {
    const [mail] = await smtp.waitUntil(partnerPi.email, (candidate) => candidate.text.includes(`${proposalId}/invitation`));
    token = /invitation(?:\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  } else {
    const [row] = await testApp.dataSource.query<{ url: string }[]>(
      `SELECT variables->>'confirmUrl' AS url FROM outbound_email
       WHERE type = 'proposal-invitation' AND subject_id = $1 AND recipient_email = lower($2) ORDER BY created_at DESC LIMIT 1`,
      [proposalId, partnerPi.email],
    );
    token = row && tokenIn(row.url);
  }
  if (!token) throw new Error(`No invitation token for ${partnerPi.email} on ${proposalId}`);
  await api(testApp).post(`/api/v1/proposals/${proposalId}/confirm`).set(partnerPi.auth).send({ token }).expect(200);
  await api(testApp)
    .post(`/api/v1/proposals/${proposalId}/attachments?kind=project-description`)
    .set(homePi.auth)
    .attach('file', PDF, 'description.pdf')
    .expect(201);
  await api(testApp).post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth).expect(200);
  return proposalId;
}

/** Both agencies find their applicant eligible. */
export async function bothEligible(target: ApiTarget, proposalId: string, nstc: Session, partner: Session): Promise<void> {
  for (const officer of [nstc, partner]) {
    await api(target)
      .post(`/api/v1/proposals/${proposalId}/eligibility`)
      .set(officer.auth)
      .send({ eligible: true, reason: 'All requirements are met.' })
      .expect(200);
  }
}

/** The deadline passes: the call's deadline is moved into the past (the database's clock is not the test's). */
export async function closeCall(dataSource: DataSource, callId: string): Promise<void> {
  await dataSource.query(`UPDATE call SET closes_at = now() - interval '1 second' WHERE id = $1`, [callId]);
}

export async function callMove(target: ApiTarget, callId: string, move: string, officer: Session, expected = 200) {
  return api(target).post(`/api/v1/calls/${callId}/${move}`).set(officer.auth).send({}).expect(expected);
}

export interface SeededProposal {
  title: string;
  homeBudget: string;
  partnerBudget: string;
  durationMonths?: number;
  /** UNDER_REVIEW unless said otherwise. */
  state?: string;
  scientificField?: string;
  homeInstitution?: string;
  partnerInstitution?: string;
  partnerCountry?: string;
}

/**
 * Proposals written straight into the tables, UNDER_REVIEW (or the state given) with both PIs confirmed: for tests
 * about what happens after review (decisions, budgets, figures) that need many of them quickly.
 */
export async function seedProposalsUnderReview(
  dataSource: DataSource,
  callId: string,
  pis: { home: Actor; partner: Actor },
  rows: SeededProposal[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const state = row.state ?? 'UNDER_REVIEW';
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO proposal (call_id, state, title, abstract, scientific_field, duration_months, home_budget, partner_budget, created_by_id, submitted_at, version)
       VALUES ($1, $2::proposal_state, $3, 'Seeded for a test.', $4, $5, $6, $7, $8, CASE WHEN $2::text = 'DRAFT' THEN NULL ELSE now() END, 3) RETURNING id`,
      [
        callId,
        state,
        row.title,
        row.scientificField ?? 'physics',
        row.durationMonths ?? 24,
        row.homeBudget,
        row.partnerBudget,
        pis.home.id,
      ],
    );
    await dataSource.query(
      `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country, confirmed_at)
       VALUES ($1, 'PI', 'HOME', $2, 'Home PI', $3, $6, 'TW', now()),
              ($1, 'PI', 'PARTNER', $4, 'Partner PI', $5, $7, $8, now())`,
      [
        id,
        pis.home.id,
        pis.home.email,
        pis.partner.id,
        pis.partner.email,
        row.homeInstitution ?? 'National Taiwan University',
        row.partnerInstitution ?? 'Charles University',
        row.partnerCountry ?? 'CZ',
      ],
    );
    ids.push(id);
  }
  return ids;
}
