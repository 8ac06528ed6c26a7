import { api, PASSWORD } from './actors';
import { ACTORS, ActorName, World } from './access-world';

/**
 * The design's access table ("HTTP surface", "Actors and roles"), one entry per route of the application and
 * resource it is called on, one expected outcome per actor. A route of the running application without an entry
 * fails the matrix; to add the reviews, decisions or awards, add their actors to ACTORS (access-world.ts) and their
 * routes here.
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
const TEAM_READS = { pi: OK, coInvestigator: OK, outsider: HIDDEN, nstc: OK, gacr: OK, third: HIDDEN, admin: OK } as const;
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
    on: "a reviewer's own declarations (no actor here is a reviewer)",
    request: () => ({ url: '/me/conflicts' }),
    expect: only(ROLE),
  },
  {
    route: 'GET /me/review-assignments',
    on: "a reviewer's own invitations (no actor here is a reviewer)",
    request: () => ({ url: '/me/review-assignments' }),
    expect: only(ROLE),
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

async function versionOfMe(world: World, actor: ActorName): Promise<number> {
  if (actor === 'anonymous') return 1;
  const { body } = await api(world.testApp).get('/api/v1/me').set(world.actors[actor].auth);
  return body.version as number;
}

/**
 * Routes of the reviews, decisions, awards and assignment plans that the matrix does not cover yet: they need the
 * reviewer actors (assigned and not, before and after submitting) and resources (assignments, awards, reports,
 * plans) in the world. Their access rules are tested in their own e2e files (reviews, review-invitation-page,
 * decisions, finalization, award-page, assignment-plans) and policy specs. A route in neither list fails the matrix.
 */
export const NOT_YET_IN_MATRIX: readonly string[] = [
  'DELETE /institution-aliases/:id',
  'DELETE /me/conflicts/:id',
  'DELETE /review-assignments/:id',
  'GET /assignment-plans/:id',
  'GET /awards/:id',
  'GET /calls/:id/reviewer-suggestions',
  'GET /proposals/:id/review-assignments',
  'GET /proposals/:id/reviews',
  'GET /review-assignments/:id',
  'GET /review-assignments/:id/review',
  'GET /reviewers/:id',
  'PATCH /review-assignments/:id',
  'PATCH /reviewers/:id',
  'POST /assignment-plans/:id/confirm',
  'POST /awards/:id/reports',
  'POST /calls/:id/assignment-plans',
  'POST /institution-aliases',
  'POST /me/conflicts',
  'POST /proposals/:id/review-assignments',
  'POST /reports/:id/accept',
  'POST /reports/:id/request-revision',
  'POST /review-assignments/:id/accept',
  'POST /review-assignments/:id/decline',
  'POST /review-assignments/:id/submit',
  'POST /reviewers',
  'PUT /proposals/:id/decisions/mine',
  'PUT /review-assignments/:id/review',
];
