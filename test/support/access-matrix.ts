import { api, PASSWORD } from './actors';
import { ACTORS, ActorName, World } from './access-world';

/**
 * The design's access table ("HTTP surface", "Actors and roles"), one entry per route of the application and
 * resource it is called on, one expected outcome per actor. A route of the running application without an entry
 * fails the matrix; a new kind of caller goes in ACTORS (access-world.ts), a new resource in the World.
 *
 * - OK: the request passes authorization (2xx, or one of `allowedAlso`: a rule of the domain refused it after);
 * - ANON: 401, nobody is signed in;
 * - ROLE: 403 ROLE_REQUIRED, the same for every resource (it tells nothing about the one asked for);
 * - NO: 403 on a resource the actor may see but not act on;
 * - HIDDEN: 404, answered exactly as for a resource that does not exist;
 * - refusedWith(code): that problem, whoever asks (a wrong token is wrong for everyone).
 */
export const OK = 'OK';
export const ANON = 'ANON';
export const ROLE = 'ROLE';
export const NO = 'NO';
export const HIDDEN = 'HIDDEN';
export type Outcome = typeof OK | typeof ANON | typeof ROLE | typeof NO | typeof HIDDEN | { code: string };
export const refusedWith = (code: string): Outcome => ({ code });

export type Expectations = Record<ActorName, Outcome>;

/** The same outcome for every actor, anonymous included (public routes). */
export const everyone = (outcome: Outcome = OK): Expectations =>
  Object.fromEntries(ACTORS.map((actor) => [actor, outcome])) as Expectations;
/** Anonymous is refused; every other actor gets `others`, except those named. */
export const only = (others: Outcome, named: Partial<Expectations> = {}): Expectations => ({
  ...everyone(others),
  anonymous: ANON,
  ...named,
});
/** Any signed-in actor may. */
export const signedIn = (named: Partial<Expectations> = {}) => only(OK, named);

export interface MatrixRequest {
  /** Without /api/v1 (added unless it is a health probe). */
  url: string;
  body?: object;
  /** Sent as multipart with this PDF as `file` instead of JSON. */
  attach?: Buffer;
}

export interface MatrixCase {
  /** `METHOD /path` as the route is declared, e.g. `PATCH /calls/:id`. */
  route: string;
  /** What it is called on, for the failure messages. */
  on: string;
  /** Builds the request; called per actor when `fresh` (the request changes what it acts on). */
  request(world: World, actor: ActorName): MatrixRequest | Promise<MatrixRequest>;
  fresh?: boolean;
  expect: Expectations;
  /** Statuses besides 2xx that still mean "authorized" (a state conflict, a list of unmet rules). */
  allowedAlso?: number[];
}

const later = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
let unique = 0;
const fresh = () => `${++unique}-${process.pid}-${Date.now().toString(36)}`;

const OFFICERS_OF_PARTIES = { nstc: OK, gacr: OK } as const;
/** The three reviewers, alike. */
const REVIEWERS = (outcome: Outcome) => ({ reviewer: outcome, reviewerSubmitted: outcome, reviewerUnassigned: outcome });
const TEAM_READS = {
  pi: OK,
  coInvestigator: OK,
  outsider: HIDDEN,
  ...REVIEWERS(HIDDEN),
  nstc: OK,
  gacr: OK,
  third: HIDDEN,
  admin: OK,
} as const;
/** Only `reviewer` acts on their assignment; the other reviewers do not learn it exists. */
const ASSIGNEE_ACTS = { reviewer: OK, reviewerSubmitted: HIDDEN, reviewerUnassigned: HIDDEN } as const;
/** The call's two agencies act on what their officers may see; a third agency learns nothing of it. */
const PARTIES_ACT = { ...OFFICERS_OF_PARTIES, third: HIDDEN } as const;
const PI_ACTS = { pi: OK, coInvestigator: NO, outsider: HIDDEN } as const;

export const MATRIX: MatrixCase[] = [
  // Probes and accounts: open to anyone.
  { route: 'GET /health', on: 'the process', request: () => ({ url: '/health' }), expect: everyone() },
  { route: 'GET /health/ready', on: 'the dependencies', request: () => ({ url: '/health/ready' }), expect: everyone() },
  {
    route: 'POST /auth/register',
    on: 'a new address',
    fresh: true,
    request: () => ({ url: '/auth/register', body: { email: `matrix-${fresh()}@example.org`, password: PASSWORD, name: 'New Person' } }),
    expect: everyone(),
  },
  {
    route: 'POST /auth/login',
    on: "the PI's credentials",
    request: (world) => ({ url: '/auth/login', body: { email: world.actors.pi.email, password: PASSWORD } }),
    expect: everyone(),
  },
  {
    route: 'POST /auth/refresh',
    on: 'a refresh token of its own',
    fresh: true,
    request: async (world) => ({ url: '/auth/refresh', body: { refreshToken: await refreshTokenOf(world) } }),
    expect: everyone(),
  },
  {
    route: 'POST /auth/logout',
    on: 'a refresh token of its own',
    fresh: true,
    request: async (world) => ({ url: '/auth/logout', body: { refreshToken: await refreshTokenOf(world) } }),
    expect: everyone(),
  },
  {
    route: 'POST /auth/password-reset',
    on: "the PI's address",
    request: (world) => ({ url: '/auth/password-reset', body: { email: world.actors.pi.email } }),
    expect: everyone(),
  },
  {
    route: 'POST /auth/password-reset/confirm',
    on: 'a token nobody was sent',
    request: () => ({ url: '/auth/password-reset/confirm', body: { token: 'x'.repeat(43), password: PASSWORD } }),
    expect: everyone(refusedWith('RESET_TOKEN_INVALID')),
  },
  {
    route: 'POST /auth/verify-email',
    on: 'a token nobody was sent',
    request: () => ({ url: '/auth/verify-email', body: { token: 'x'.repeat(43) } }),
    expect: everyone(refusedWith('VERIFICATION_TOKEN_INVALID')),
  },
  {
    route: 'POST /auth/verify-email/resend',
    on: "the PI's address",
    request: (world) => ({ url: '/auth/verify-email/resend', body: { email: world.actors.pi.email } }),
    expect: everyone(),
  },

  // Accounts: admins manage them; everyone their own.
  { route: 'GET /users', on: 'the user list', request: () => ({ url: '/users' }), expect: only(ROLE, { admin: OK }) },
  {
    route: 'POST /users',
    on: 'a new account',
    fresh: true,
    request: () => ({
      url: '/users',
      body: { email: `made-${fresh()}@example.org`, name: 'Made', password: PASSWORD, roles: ['REVIEWER'] },
    }),
    expect: only(ROLE, { admin: OK }),
  },
  {
    route: 'PATCH /users/:id',
    on: 'another account',
    fresh: true,
    request: async (world) => ({ url: `/users/${await world.fresh.user()}`, body: { name: 'Renamed', version: 1 } }),
    expect: only(ROLE, { admin: OK }),
  },
  { route: 'GET /me', on: 'their own account', request: () => ({ url: '/me' }), expect: signedIn() },
  {
    route: 'PATCH /me',
    on: 'their own account',
    fresh: true,
    request: async (world, actor) => ({ url: '/me', body: { institution: 'Academia Sinica', version: await versionOfMe(world, actor) } }),
    expect: signedIn(),
  },

  // Reference data: any user reads, admins write.
  ...(['agencies', 'offices', 'agreements'] as const).flatMap((kind): MatrixCase[] => [
    { route: `GET /${kind}`, on: 'the list', request: () => ({ url: `/${kind}` }), expect: signedIn() },
    {
      route: `GET /${kind}/:id`,
      on: 'one of them',
      request: (world) => ({
        url: `/${kind}/${{ agencies: world.agencyIds.gacr, offices: world.officeId, agreements: world.agreementId }[kind]}`,
      }),
      expect: signedIn(),
    },
  ]),
  {
    route: 'POST /agencies',
    on: 'a new agency',
    fresh: true,
    request: () => ({
      url: '/agencies',
      body: {
        code: `X${(unique++ % 1e6).toString().padStart(6, '0')}`,
        name: 'New agency',
        country: 'FR',
        currency: 'EUR',
        timezone: 'Europe/Paris',
      },
    }),
    expect: only(ROLE, { admin: OK }),
  },
  {
    route: 'POST /offices',
    on: 'a new office',
    fresh: true,
    request: () => ({ url: '/offices', body: { name: `Office ${fresh()}`, city: 'Paris', country: 'FR', timezone: 'Europe/Paris' } }),
    expect: only(ROLE, { admin: OK }),
  },
  {
    route: 'POST /agreements',
    on: 'a new agreement',
    fresh: true,
    request: (world) => ({
      url: '/agreements',
      body: {
        homeAgencyId: world.agencyIds.nstc,
        partnerAgencyId: world.agencyIds.dfg,
        title: `MoU ${fresh()}`,
        kind: 'MOU',
        signedOn: '2020-01-01',
      },
    }),
    expect: only(ROLE, { admin: OK }),
  },

  // The e-mail log and the audit trail: officers of the parties and admins.
  {
    route: 'GET /notifications',
    on: 'the log',
    request: () => ({ url: '/notifications' }),
    expect: only(ROLE, { nstc: OK, gacr: OK, third: OK, admin: OK }),
  },
  {
    route: 'GET /audit',
    on: "a call's history",
    request: (world) => ({ url: `/audit?entityType=CALL&entityId=${world.publishedCallId}` }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN, admin: OK }),
  },
  {
    route: 'GET /audit',
    on: "a proposal's history",
    request: (world) => ({ url: `/audit?entityType=PROPOSAL&entityId=${world.proposalId}` }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN, admin: OK }),
  },
  {
    route: 'GET /audit',
    on: "an account's history",
    request: (world) => ({ url: `/audit?entityType=USER&entityId=${world.actors.pi.id}` }),
    expect: only(ROLE, { nstc: HIDDEN, gacr: HIDDEN, third: HIDDEN, admin: OK }),
  },
  {
    route: 'GET /audit',
    on: "NSTC's webhook endpoint's history",
    request: (world) => ({ url: `/audit?entityType=WEBHOOK_ENDPOINT&entityId=${world.endpointId}` }),
    expect: only(ROLE, { nstc: OK, gacr: HIDDEN, third: HIDDEN, admin: OK }),
  },

  // Calls: researchers see published ones; the officers of the two agencies write and move theirs.
  { route: 'GET /calls', on: 'the list', request: () => ({ url: '/calls' }), expect: signedIn() },
  {
    route: 'POST /calls',
    on: 'a new NSTC–GAČR call',
    fresh: true,
    request: (world) => ({ url: '/calls', body: callBody(world) }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
  },
  { route: 'GET /calls/:id', on: 'a published call', request: (world) => ({ url: `/calls/${world.publishedCallId}` }), expect: signedIn() },
  {
    route: 'GET /calls/:id',
    on: 'a draft call',
    request: (world) => ({ url: `/calls/${world.draftCallId}` }),
    expect: only(HIDDEN, { ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'PATCH /calls/:id',
    on: 'a draft call',
    fresh: true,
    request: async (world) => ({ url: `/calls/${(await world.fresh.draftCall()).id}`, body: { title: 'Renamed call', version: 1 } }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN }),
  },
  {
    route: 'POST /calls/:id/approve',
    on: 'a draft call',
    fresh: true,
    request: async (world) => ({ url: `/calls/${(await world.fresh.draftCall()).id}/approve`, body: { version: 1 } }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN }),
  },
  {
    route: 'POST /calls/:id/publish',
    on: 'a call both agencies approved',
    fresh: true,
    request: async (world) => ({ url: `/calls/${(await world.fresh.approvedCall()).id}/publish`, body: {} }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN }),
  },
  {
    route: 'POST /calls/:id/extend',
    on: 'a published call',
    fresh: true,
    request: async (world) => {
      const call = await world.fresh.publishedCall();
      return { url: `/calls/${call.id}/extend`, body: { closesAt: later(40), version: call.version } };
    },
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
  },
  {
    route: 'POST /calls/:id/cancel',
    on: 'a published call',
    fresh: true,
    request: async (world) => ({ url: `/calls/${(await world.fresh.publishedCall()).id}/cancel`, body: { reason: 'Budget withdrawn' } }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
  },
  {
    route: 'POST /calls/:id/cancel',
    on: 'a draft call',
    fresh: true,
    request: async (world) => ({ url: `/calls/${(await world.fresh.draftCall()).id}/cancel`, body: { reason: 'Budget withdrawn' } }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN }),
  },
  {
    route: 'POST /calls/:id/start-review',
    on: 'a call still open (a state conflict once authorized)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/start-review`, body: {} }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
    allowedAlso: [409],
  },
  {
    route: 'POST /calls/:id/start-decision',
    on: 'a call still open (a state conflict once authorized)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/start-decision`, body: {} }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
    allowedAlso: [409],
  },
  {
    route: 'POST /calls/:id/finalize',
    on: 'a call still open (a state conflict once authorized)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/finalize`, body: {} }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
    allowedAlso: [409],
  },
  {
    route: 'GET /calls/:id/ranking',
    on: 'a published call (a third agency learns nothing of it)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/ranking` }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN, admin: OK }),
  },
  {
    route: 'GET /calls/:id/statistics',
    on: 'a published call (a third agency learns nothing of it)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/statistics` }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN, admin: OK }),
  },
  // Reviews, decisions and awards: the routes that need no reviewer actor or resource of their own.
  {
    route: 'GET /reviewers',
    on: 'the reviewer directory',
    request: () => ({ url: '/reviewers' }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: OK, admin: OK }),
  },
  {
    route: 'GET /institution-aliases',
    on: 'the alias list',
    request: () => ({ url: '/institution-aliases' }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: OK, admin: OK }),
  },
  {
    route: 'GET /me/conflicts',
    on: "a reviewer's own declarations",
    request: () => ({ url: '/me/conflicts' }),
    expect: only(ROLE, REVIEWERS(OK)),
  },
  {
    route: 'GET /me/review-assignments',
    on: "a reviewer's own invitations",
    request: () => ({ url: '/me/review-assignments' }),
    expect: only(ROLE, REVIEWERS(OK)),
  },
  {
    route: 'GET /proposals/:id/decisions',
    on: 'a submitted proposal (a third agency learns nothing of it)',
    request: (world) => ({ url: `/proposals/${world.submittedProposalId}/decisions` }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN, admin: OK }),
  },
  { route: 'GET /awards', on: 'the awards each may see (none yet)', request: () => ({ url: '/awards' }), expect: signedIn() },
  {
    route: 'GET /calls/:id/calendar.ics',
    on: 'a published call',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/calendar.ics` }),
    expect: everyone(),
  },
  {
    route: 'GET /calls/:id/calendar.ics',
    on: 'a draft call (public route: nobody is signed in there)',
    request: (world) => ({ url: `/calls/${world.draftCallId}/calendar.ics` }),
    expect: everyone(HIDDEN),
  },
  {
    route: 'GET /calls/:id/proposals',
    on: 'a published call (each sees only what they may)',
    request: (world) => ({ url: `/calls/${world.publishedCallId}/proposals` }),
    expect: signedIn(),
  },
  {
    route: 'GET /calls/:id/proposals',
    on: 'a draft call',
    request: (world) => ({ url: `/calls/${world.draftCallId}/proposals` }),
    expect: only(HIDDEN, { ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'POST /calls/:id/proposals',
    on: 'a published call',
    fresh: true,
    request: (world) => ({ url: `/calls/${world.publishedCallId}/proposals`, body: draftBody() }),
    expect: only(ROLE, { pi: OK, coInvestigator: OK, outsider: OK }),
  },
  {
    route: 'POST /calls/:id/proposals',
    on: 'a draft call',
    request: (world) => ({ url: `/calls/${world.draftCallId}/proposals`, body: draftBody() }),
    expect: only(ROLE, { pi: HIDDEN, coInvestigator: HIDDEN, outsider: HIDDEN }),
  },
  { route: 'GET /me/proposals', on: 'their own proposals', request: () => ({ url: '/me/proposals' }), expect: signedIn() },

  // Proposals: the team and the officers of the call's agencies see them; only the PIs change them.
  {
    route: 'GET /proposals/:id',
    on: 'a draft',
    request: (world) => ({ url: `/proposals/${world.proposalId}` }),
    expect: only(OK, TEAM_READS),
  },
  {
    route: 'GET /proposals/:id',
    on: 'a submitted proposal',
    request: (world) => ({ url: `/proposals/${world.submittedProposalId}` }),
    expect: only(OK, TEAM_READS),
  },
  {
    route: 'PATCH /proposals/:id',
    on: 'a draft',
    fresh: true,
    request: async (world) => ({ url: `/proposals/${await world.fresh.proposal()}`, body: { title: 'Renamed', version: 1 } }),
    expect: only(ROLE, PI_ACTS),
  },
  {
    route: 'POST /proposals/:id/invitations',
    on: 'a draft',
    fresh: true,
    request: async (world) => ({
      url: `/proposals/${await world.fresh.proposal()}/invitations`,
      body: { name: 'Petr Svoboda', email: `petr-${fresh()}@cuni.cz`, institution: 'Charles University', country: 'CZ' },
    }),
    expect: only(ROLE, PI_ACTS),
  },
  {
    route: 'POST /proposals/:id/confirm',
    on: 'a draft, with a token nobody was sent',
    request: (world) => ({ url: `/proposals/${world.proposalId}/confirm`, body: { token: 'x'.repeat(43) } }),
    expect: only(ROLE, {
      pi: refusedWith('INVITATION_INVALID'),
      coInvestigator: refusedWith('INVITATION_INVALID'),
      outsider: refusedWith('INVITATION_INVALID'),
    }),
  },
  {
    route: 'POST /proposals/:id/submit',
    on: 'an incomplete draft (its unmet rules once authorized)',
    fresh: true,
    request: async (world) => ({ url: `/proposals/${await world.fresh.proposal()}/submit`, body: {} }),
    expect: only(ROLE, PI_ACTS),
    allowedAlso: [422],
  },
  {
    route: 'POST /proposals/:id/withdraw',
    on: 'a draft',
    fresh: true,
    request: async (world) => ({ url: `/proposals/${await world.fresh.proposal()}/withdraw`, body: { reason: 'Changed plans' } }),
    expect: only(ROLE, PI_ACTS),
  },
  {
    route: 'POST /proposals/:id/withdraw',
    on: 'a submitted proposal',
    fresh: true,
    request: async (world) => ({ url: `/proposals/${await world.fresh.submittedProposal()}/withdraw`, body: { reason: 'Changed plans' } }),
    expect: only(ROLE, PI_ACTS),
  },
  {
    route: 'POST /proposals/:id/eligibility',
    on: 'a submitted proposal',
    fresh: true,
    request: async (world) => ({
      url: `/proposals/${await world.fresh.submittedProposal()}/eligibility`,
      body: { eligible: true, reason: 'The applicant holds a position at an eligible institution.' },
    }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: HIDDEN }),
  },
  {
    route: 'POST /proposals/:id/attachments',
    on: 'a draft',
    fresh: true,
    request: async (world) => ({
      url: `/proposals/${await world.fresh.proposal()}/attachments?kind=project-description`,
      attach: PDF_BYTES,
    }),
    expect: only(ROLE, PI_ACTS),
  },
  {
    route: 'GET /proposals/:id/attachments',
    on: 'a draft',
    request: (world) => ({ url: `/proposals/${world.proposalId}/attachments` }),
    expect: only(OK, TEAM_READS),
  },
  {
    route: 'GET /proposals/:id/attachments/:attachmentId',
    on: "a draft's PDF",
    request: (world) => ({ url: `/proposals/${world.proposalId}/attachments/${world.attachmentId}` }),
    expect: only(OK, TEAM_READS),
  },

  // Webhooks: an agency's endpoints are its own.
  {
    route: 'GET /webhook-endpoints',
    on: "their agency's",
    request: () => ({ url: '/webhook-endpoints' }),
    expect: only(ROLE, { nstc: OK, gacr: OK, third: OK, admin: OK }),
  },
  {
    route: 'POST /webhook-endpoints',
    on: "their agency's",
    fresh: true,
    request: () => ({ url: '/webhook-endpoints', body: { url: `https://agency.example.org/${fresh()}`, eventTypes: ['call.published'] } }),
    expect: only(ROLE, { nstc: OK, gacr: OK, third: OK }),
  },
  {
    route: 'GET /webhook-endpoints/:id',
    on: "NSTC's",
    request: (world) => ({ url: `/webhook-endpoints/${world.endpointId}` }),
    expect: only(ROLE, { nstc: OK, gacr: HIDDEN, third: HIDDEN, admin: OK }),
  },
  ...(
    [
      ['PATCH /webhook-endpoints/:id', '', { description: 'Renamed', version: 1 }],
      ['POST /webhook-endpoints/:id/rotate-secret', '/rotate-secret', undefined],
      ['DELETE /webhook-endpoints/:id', '', undefined],
    ] as const
  ).map(([route, suffix, body]): MatrixCase => ({
    route,
    on: "NSTC's",
    fresh: true,
    request: async (world) => ({ url: `/webhook-endpoints/${await world.fresh.endpoint()}${suffix}`, body }),
    expect: only(ROLE, { nstc: OK, gacr: HIDDEN, third: HIDDEN }),
  })),
  {
    route: 'GET /webhook-deliveries',
    on: "their agency's",
    request: () => ({ url: '/webhook-deliveries' }),
    expect: only(ROLE, { nstc: OK, gacr: OK, third: OK, admin: OK }),
  },
  {
    route: 'GET /webhook-deliveries/:id',
    on: "one to NSTC's endpoint",
    request: (world) => ({ url: `/webhook-deliveries/${world.deliveryId}` }),
    expect: only(ROLE, { nstc: OK, gacr: HIDDEN, third: HIDDEN, admin: OK }),
  },
  {
    route: 'POST /webhook-deliveries/:id/replay',
    on: "one to NSTC's endpoint",
    request: (world) => ({ url: `/webhook-deliveries/${world.deliveryId}/replay` }),
    expect: only(ROLE, { nstc: OK, gacr: HIDDEN, third: HIDDEN }),
    allowedAlso: [409],
  },

  // Reviewers: officers recruit them into their agency's pool; a reviewer keeps their profile and conflicts.
  {
    route: 'POST /reviewers',
    on: "a new reviewer of the officer's agency",
    fresh: true,
    request: () => ({
      url: '/reviewers',
      body: {
        email: `recruit-${fresh()}@tu-berlin.de`,
        name: 'Anna Weber',
        institution: 'TU Berlin',
        country: 'DE',
        expertiseKeywords: ['optics'],
      },
    }),
    expect: only(ROLE, { nstc: OK, gacr: OK, third: OK }),
  },
  {
    route: 'GET /reviewers/:id',
    on: "NSTC's reviewer's profile",
    request: (world) => ({ url: `/reviewers/${world.actors.reviewer.id}` }),
    expect: only(HIDDEN, { reviewer: OK, nstc: OK, gacr: OK, third: OK, admin: OK }),
  },
  {
    route: 'PATCH /reviewers/:id',
    on: "NSTC's reviewer's profile",
    fresh: true,
    request: async (world) => ({
      url: `/reviewers/${world.actors.reviewer.id}`,
      body: {
        expertiseDescription: 'Seismic sensor networks.',
        version: await versionOf(world, 'reviewer_profile', 'user_id', world.actors.reviewer.id),
      },
    }),
    expect: only(ROLE, { ...ASSIGNEE_ACTS, nstc: OK, gacr: NO, third: NO, admin: OK }),
  },
  {
    route: 'POST /me/conflicts',
    on: "a reviewer's own declarations",
    fresh: true,
    request: () => ({
      url: '/me/conflicts',
      body: { kind: 'INSTITUTION', institution: `Institute ${fresh()}`, reason: 'A former employer' },
    }),
    expect: only(ROLE, REVIEWERS(OK)),
  },
  {
    route: 'DELETE /me/conflicts/:id',
    on: 'a conflict `reviewer` declared',
    fresh: true,
    request: async (world) => ({ url: `/me/conflicts/${await world.review.fresh.conflict()}` }),
    expect: only(ROLE, ASSIGNEE_ACTS),
  },
  {
    route: 'POST /institution-aliases',
    on: 'a new alias',
    fresh: true,
    request: () => ({ url: '/institution-aliases', body: { alias: `Univ. ${fresh()}`, institution: 'National Taiwan University' } }),
    expect: only(ROLE, { admin: OK }),
  },
  {
    route: 'DELETE /institution-aliases/:id',
    on: 'an alias',
    fresh: true,
    request: async (world) => ({ url: `/institution-aliases/${await world.review.fresh.alias()}` }),
    expect: only(ROLE, { admin: OK }),
  },

  // Assignments: the call's two agencies assign and manage; the reviewer answers and reviews.
  {
    route: 'GET /calls/:id/reviewer-suggestions',
    on: 'the proposal under review',
    request: (world) => ({ url: `/calls/${world.review.callId}/reviewer-suggestions?proposalId=${world.review.proposalId}` }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'POST /proposals/:id/review-assignments',
    on: 'a proposal under review, for the unassigned reviewer',
    fresh: true,
    request: async (world) => ({
      url: `/proposals/${await world.review.fresh.proposal()}/review-assignments`,
      body: { reviewerId: world.actors.reviewerUnassigned.id },
    }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'GET /proposals/:id/review-assignments',
    on: 'the proposal under review',
    request: (world) => ({ url: `/proposals/${world.review.proposalId}/review-assignments` }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'GET /review-assignments/:id',
    on: "`reviewer`'s accepted assignment",
    request: (world) => ({ url: `/review-assignments/${world.review.assignmentId}` }),
    expect: only(HIDDEN, { reviewer: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'GET /review-assignments/:id',
    on: "`reviewerSubmitted`'s submitted assignment",
    request: (world) => ({ url: `/review-assignments/${world.review.submittedAssignmentId}` }),
    expect: only(HIDDEN, { reviewerSubmitted: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'PATCH /review-assignments/:id',
    on: 'an invitation to `reviewer` (its due date)',
    fresh: true,
    request: async (world) => ({
      url: `/review-assignments/${await world.review.fresh.assignment('INVITED')}`,
      body: { dueAt: later(50), version: 1 },
    }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'DELETE /review-assignments/:id',
    on: 'an invitation to `reviewer`',
    fresh: true,
    request: async (world) => ({ url: `/review-assignments/${await world.review.fresh.assignment('INVITED')}?reason=On%20leave` }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'POST /review-assignments/:id/accept',
    on: 'an invitation to `reviewer`',
    fresh: true,
    request: async (world) => ({
      url: `/review-assignments/${await world.review.fresh.assignment('INVITED')}/accept`,
      body: { declareNoConflict: true },
    }),
    expect: only(ROLE, ASSIGNEE_ACTS),
  },
  {
    route: 'POST /review-assignments/:id/decline',
    on: 'an invitation to `reviewer`',
    fresh: true,
    request: async (world) => ({
      url: `/review-assignments/${await world.review.fresh.assignment('INVITED')}/decline`,
      body: { reason: 'On sabbatical' },
    }),
    expect: only(ROLE, ASSIGNEE_ACTS),
  },

  // Reviews: the reviewer's own; the agencies read them; blindness decides who else reads what.
  {
    route: 'GET /review-assignments/:id/review',
    on: "`reviewer`'s draft",
    request: (world) => ({ url: `/review-assignments/${world.review.assignmentId}/review` }),
    expect: only(HIDDEN, { reviewer: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'GET /review-assignments/:id/review',
    on: "`reviewerSubmitted`'s submitted review",
    request: (world) => ({ url: `/review-assignments/${world.review.submittedAssignmentId}/review` }),
    expect: only(HIDDEN, { reviewerSubmitted: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'PUT /review-assignments/:id/review',
    on: 'an assignment `reviewer` accepted',
    fresh: true,
    request: async (world) => ({
      url: `/review-assignments/${await world.review.fresh.assignment('ACCEPTED')}/review`,
      body: { version: 1, scores: { excellence: 3 }, commentsToApplicants: 'A first impression.' },
    }),
    expect: only(ROLE, ASSIGNEE_ACTS),
  },
  {
    route: 'POST /review-assignments/:id/submit',
    on: "`reviewer`'s complete draft",
    fresh: true,
    request: async (world) => ({ url: `/review-assignments/${await world.review.fresh.assignment('DRAFTED')}/submit`, body: {} }),
    expect: only(ROLE, ASSIGNEE_ACTS),
  },
  {
    route: 'GET /proposals/:id',
    on: 'the proposal under review (its reviewers read it)',
    request: (world) => ({ url: `/proposals/${world.review.proposalId}` }),
    expect: only(OK, { ...TEAM_READS, reviewer: OK, reviewerSubmitted: OK }),
  },
  {
    route: 'GET /proposals/:id/attachments',
    on: 'the proposal under review (its reviewers read them)',
    request: (world) => ({ url: `/proposals/${world.review.proposalId}/attachments` }),
    expect: only(OK, { ...TEAM_READS, reviewer: OK, reviewerSubmitted: OK }),
  },
  {
    route: 'GET /proposals/:id/reviews',
    on: 'the proposal under review (the team waits for the finalization, a reviewer for their own submission)',
    request: (world) => ({ url: `/proposals/${world.review.proposalId}/reviews` }),
    expect: only(HIDDEN, { pi: NO, coInvestigator: NO, reviewer: NO, reviewerSubmitted: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'GET /proposals/:id/reviews',
    on: 'an awarded proposal of the finalized call (the team reads the comments to applicants)',
    request: (world) => ({ url: `/proposals/${world.review.finalizedProposalId}/reviews` }),
    expect: only(HIDDEN, { pi: OK, coInvestigator: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },

  // Whole-call assignment plans: the call's two agencies.
  {
    route: 'POST /calls/:id/assignment-plans',
    on: 'the call in review (public: a third agency sees the call, not its planning)',
    fresh: true,
    request: (world) => ({ url: `/calls/${world.review.callId}/assignment-plans`, body: {} }),
    expect: only(ROLE, { ...OFFICERS_OF_PARTIES, third: NO }),
  },
  {
    route: 'GET /assignment-plans/:id',
    on: 'a plan NSTC asked for',
    request: (world) => ({ url: `/assignment-plans/${world.review.planId}` }),
    expect: only(ROLE, { ...PARTIES_ACT, admin: OK }),
  },
  {
    route: 'POST /assignment-plans/:id/confirm',
    on: 'a ready plan',
    fresh: true,
    request: async (world) => ({ url: `/assignment-plans/${await world.review.fresh.readyPlan()}/confirm`, body: { version: 1 } }),
    expect: only(ROLE, PARTIES_ACT),
  },

  // Decisions: each agency records its own; awards and reports: the PIs and the two agencies.
  {
    route: 'PUT /proposals/:id/decisions/mine',
    on: 'a proposal of the call in decision',
    fresh: true,
    request: async (world) => ({
      url: `/proposals/${await world.review.fresh.decidingProposal()}/decisions/mine`,
      body: { decision: 'REJECT' },
    }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'GET /awards/:id',
    on: "`pi`'s award",
    request: (world) => ({ url: `/awards/${world.review.awardId}` }),
    expect: only(HIDDEN, { pi: OK, ...OFFICERS_OF_PARTIES, admin: OK }),
  },
  {
    route: 'POST /awards/:id/reports',
    on: "`pi`'s award, its interim report due",
    fresh: true,
    request: async (world) => ({ url: `/awards/${await world.review.fresh.report('DUE')}/reports?kind=INTERIM`, attach: PDF_BYTES }),
    expect: only(ROLE, { pi: OK, coInvestigator: HIDDEN, outsider: HIDDEN }),
  },
  {
    route: 'POST /reports/:id/accept',
    on: 'a submitted interim report',
    fresh: true,
    request: async (world) => ({ url: `/reports/${await world.review.fresh.report('SUBMITTED')}/accept`, body: {} }),
    expect: only(ROLE, PARTIES_ACT),
  },
  {
    route: 'POST /reports/:id/request-revision',
    on: 'a submitted interim report',
    fresh: true,
    request: async (world) => ({
      url: `/reports/${await world.review.fresh.report('SUBMITTED')}/request-revision`,
      body: { comment: 'Please add the spending of the Czech side by budget line.' },
    }),
    expect: only(ROLE, PARTIES_ACT),
  },
];

const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function draftBody() {
  return { title: 'Another draft', side: 'HOME', institution: 'National Taiwan University', country: 'TW' };
}

export function callBody(world: World) {
  const hours = (n: number) => new Date(Date.now() + n * 3600 * 1000).toISOString();
  return {
    title: `Matrix call ${fresh()}`,
    description: 'A call made by the authorization matrix.',
    instrument: 'JOINT_RESEARCH',
    partnerAgencyId: world.agencyIds.gacr,
    scientificFields: ['physics'],
    opensAt: hours(-1),
    closesAt: hours(24 * 30),
    timezone: 'Asia/Taipei',
    reviewDueAt: hours(24 * 60),
    decisionExpectedAt: hours(24 * 90),
    durationLimitMonths: 36,
    budgets: {
      home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: '30000000.00', currency: 'TWD' } },
      partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: '25000000.00', currency: 'CZK' } },
    },
    reviewCriteria: [{ key: 'excellence', label: 'Scientific excellence', weight: 1, scaleMax: 5 }],
    requiredAttachmentKinds: ['project-description'],
    minReviewsPerProposal: 2,
  };
}

async function refreshTokenOf(world: World): Promise<string> {
  const { body } = await api(world.testApp).post('/api/v1/auth/login').send({ email: world.actors.pi.email, password: PASSWORD });
  return body.refreshToken as string;
}

async function versionOf(world: World, table: string, key: string, id: string): Promise<number> {
  const [row] = await world.testApp.dataSource.query<{ version: number }[]>(`SELECT version FROM ${table} WHERE ${key} = $1`, [id]);
  return row.version;
}

async function versionOfMe(world: World, actor: ActorName): Promise<number> {
  if (actor === 'anonymous') return 1;
  const { body } = await api(world.testApp).get('/api/v1/me').set(world.actors[actor].auth);
  return body.version as number;
}
