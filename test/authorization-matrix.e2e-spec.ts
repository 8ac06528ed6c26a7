import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ACTOR_DESCRIPTIONS, ACTORS, ActorName, buildWorld, World } from './support/access-world';
import { ANON, callBody, HIDDEN, MATRIX, MatrixCase, MatrixRequest, NO, OK, Outcome, ROLE } from './support/access-matrix';
import { routesOf, urlOfRoute } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Every route of the running application, called by every actor on the resources of each kind, against the
 * design's access table (test/support/access-matrix.ts). Hidden means 404 exactly as for nothing at all.
 */
describe('Authorization matrix: every route x every actor', () => {
  let testApp: TestApp;
  let world: World;
  let checked = 0;
  let fieldsRefused = 0;

  beforeAll(async () => {
    testApp = await startTestApp();
    world = await buildWorld(testApp);
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(
      `authorization-matrix: ${checked} route x actor answers checked (${MATRIX.length} cases x ${ACTORS.length} actors), ` +
        `${fieldsRefused} server-owned fields in ${MASS_ASSIGNMENT.length} bodies refused\n`,
    );
    await testApp.close();
  });

  const send = (actor: ActorName, method: string, { url, body, attach }: MatrixRequest) => {
    let call = request(testApp.http)[method.toLowerCase() as 'get'](urlOfRoute(url));
    if (actor !== 'anonymous') call = call.set(world.actors[actor].auth);
    if (attach) return call.attach('file', attach, 'description.pdf');
    return body === undefined ? call : call.send(body);
  };

  /** What is wrong with the answer, or nothing. */
  async function judge(entry: MatrixCase, actor: ActorName, sent: MatrixRequest, answer: request.Response): Promise<string | undefined> {
    const expected: Outcome = entry.expect[actor];
    const code = (answer.body as { code?: string } | undefined)?.code;
    const got = `${answer.status}${code ? ` ${code}` : ''}`;
    const fail = (wanted: string) => `${entry.route} on ${entry.on}, as ${actor}: expected ${wanted}, got ${got}`;
    if (answer.status >= 500) return fail(typeof expected === 'object' ? expected.code : expected);
    if (typeof expected === 'object') return code === expected.code ? undefined : fail(expected.code);
    switch (expected) {
      case OK:
        return (answer.status >= 200 && answer.status < 300) || entry.allowedAlso?.includes(answer.status)
          ? undefined
          : fail('to be let through');
      case ANON:
        return answer.status === 401 && code === 'TOKEN_MISSING' ? undefined : fail('401 TOKEN_MISSING');
      case ROLE:
        return answer.status === 403 && code === 'ROLE_REQUIRED' ? undefined : fail('403 ROLE_REQUIRED');
      case NO:
        return answer.status === 403 && code !== 'ROLE_REQUIRED' ? undefined : fail('403 (may see it, may not act on it)');
      case HIDDEN: {
        if (answer.status !== 404) return fail('404 (hidden)');
        // Hidden is indistinguishable from absent: the same request on identifiers that exist nowhere.
        const absent = await send(actor, entry.route.split(' ')[0], { ...sent, url: sent.url.replace(UUID, () => randomUUID()) });
        const absentCode = (absent.body as { code?: string }).code;
        return absent.status === 404 && absentCode === code
          ? undefined
          : fail(`the answer to nothing at all (${absent.status} ${absentCode})`);
      }
    }
  }

  it('has an entry for every route of the application, and no entry for a route that does not exist', () => {
    const routes = new Set(routesOf(testApp).map((route) => `${route.method} ${route.path}`));
    const entries = new Set(MATRIX.map((entry) => entry.route));
    expect({ withoutEntry: [...routes].filter((route) => !entries.has(route)).sort() }).toEqual({ withoutEntry: [] });
    expect({ unknownRoute: [...entries].filter((route) => !routes.has(route)).sort() }).toEqual({ unknownRoute: [] });
  });

  it('names an expectation for every actor in every entry', () => {
    const incomplete = MATRIX.filter((entry) => ACTORS.some((actor) => entry.expect[actor] === undefined)).map((entry) => entry.route);
    expect(incomplete).toEqual([]);
    expect(Object.keys(ACTOR_DESCRIPTIONS).sort()).toEqual([...ACTORS].sort());
  });

  it('answers every actor on every route as the design says', async () => {
    const failures: string[] = [];
    for (const entry of MATRIX) {
      const [method] = entry.route.split(' ');
      const shared = entry.fresh ? undefined : await entry.request(world, 'anonymous');
      for (const actor of ACTORS) {
        const sent = shared ?? (await entry.request(world, actor));
        const answer = await send(actor, method, sent);
        checked++;
        const failure = await judge(entry, actor, sent, answer);
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  /** Lists and the item route each entry of them opens: a list never shows what the item route would hide. */
  const LISTS: { list: (world: World) => string; item: (id: string) => string }[] = [
    { list: () => '/calls', item: (id) => `/calls/${id}` },
    { list: (w) => `/calls/${w.publishedCallId}/proposals`, item: (id) => `/proposals/${id}` },
    { list: () => '/me/proposals', item: (id) => `/proposals/${id}` },
    { list: () => '/webhook-endpoints', item: (id) => `/webhook-endpoints/${id}` },
    { list: () => '/webhook-deliveries', item: (id) => `/webhook-deliveries/${id}` },
    { list: () => '/me/review-assignments', item: (id) => `/review-assignments/${id}` },
    { list: (w) => `/proposals/${w.review.proposalId}/review-assignments`, item: (id) => `/review-assignments/${id}` },
    { list: () => '/reviewers', item: (id) => `/reviewers/${id}` },
    { list: () => '/awards', item: (id) => `/awards/${id}` },
  ];

  it('lists to each actor only what the item route shows them', async () => {
    const failures: string[] = [];
    let items = 0;
    for (const actor of ACTORS.filter((name) => name !== 'anonymous')) {
      for (const { list, item } of LISTS) {
        const answer = await send(actor, 'GET', { url: `${list(world)}?limit=100` });
        if (answer.status !== 200) continue; // the matrix judges who may list
        for (const { id } of (answer.body as { items: { id: string }[] }).items) {
          items++;
          const opened = await send(actor, 'GET', { url: item(id) });
          if (opened.status !== 200) failures.push(`${list(world)} shows ${actor} ${item(id)}, which answers them ${opened.status}`);
        }
      }
      // The e-mail log: an officer sees only e-mails about their agency's calls and proposals.
      if (['third'].includes(actor)) {
        const log = await send(actor, 'GET', { url: '/notifications?limit=100' });
        const about = (log.body as { items: { subjectId: string }[] }).items.map((mail) => mail.subjectId);
        const theirs = [world.publishedCallId, world.draftCallId, world.proposalId, world.submittedProposalId];
        if (about.some((id) => theirs.includes(id))) failures.push(`the e-mail log shows ${actor} e-mails about NSTC–GAČR`);
      }
    }
    expect(items).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  /**
   * Fields a caller may not set, sent in an otherwise valid body: each is refused with a 400 naming it, and
   * nothing changes. The state, owner and agency of a resource are the server's; so is everything the other side
   * decides.
   */
  const MASS_ASSIGNMENT: {
    route: string;
    actor: Exclude<ActorName, 'anonymous'>;
    request: (world: World) => Promise<MatrixRequest> | MatrixRequest;
    fields: Record<string, unknown>;
  }[] = [
    {
      route: 'POST /auth/register',
      actor: 'outsider',
      request: () => ({
        url: '/auth/register',
        body: { email: `mass-${randomUUID()}@example.org`, password: 'correct horse battery staple', name: 'M' },
      }),
      fields: { roles: ['ADMIN'], agencyId: randomUUID(), active: true, id: randomUUID(), version: 7 },
    },
    {
      route: 'PATCH /me',
      actor: 'pi',
      request: async () => ({ url: '/me', body: { name: 'Same', version: (await send('pi', 'GET', { url: '/me' })).body.version } }),
      fields: {
        roles: ['ADMIN'],
        agencyId: randomUUID(),
        active: false,
        email: 'taken@example.org',
        id: randomUUID(),
        createdAt: '2020-01-01T00:00:00Z',
      },
    },
    {
      route: 'PATCH /users/:id',
      actor: 'admin',
      request: (w) => ({ url: `/users/${w.actors.outsider.id}`, body: { name: 'Same', version: 1 } }),
      fields: { passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$x', email: 'other@example.org', id: randomUUID() },
    },
    {
      route: 'POST /calls',
      actor: 'nstc',
      request: (w) => ({ url: '/calls', body: callBody(w) }),
      fields: { state: 'PUBLISHED', homeAgencyId: randomUUID(), approvals: [], createdById: randomUUID(), id: randomUUID(), version: 9 },
    },
    {
      route: 'PATCH /calls/:id',
      actor: 'gacr',
      request: (w) => ({ url: `/calls/${w.draftCallId}`, body: { title: 'Same', version: 1 } }),
      fields: { state: 'PUBLISHED', homeAgencyId: randomUUID(), partnerAgencyId: randomUUID(), approvals: [], createdById: randomUUID() },
    },
    {
      route: 'POST /calls/:id/proposals',
      actor: 'pi',
      request: (w) => ({
        url: `/calls/${w.publishedCallId}/proposals`,
        body: { title: 'Mass', side: 'HOME', institution: 'NTU', country: 'TW' },
      }),
      fields: {
        state: 'ELIGIBLE',
        callId: randomUUID(),
        createdById: randomUUID(),
        submittedAt: '2020-01-01T00:00:00Z',
        team: [],
        verdicts: [],
      },
    },
    {
      route: 'PATCH /proposals/:id',
      actor: 'pi',
      request: async (w) => ({
        url: `/proposals/${w.proposalId}`,
        body: { title: 'Same', version: (await send('pi', 'GET', { url: `/proposals/${w.proposalId}` })).body.version },
      }),
      fields: {
        state: 'SUBMITTED',
        callId: randomUUID(),
        submittedAt: '2020-01-01T00:00:00Z',
        team: [],
        verdicts: [],
        createdById: randomUUID(),
      },
    },
    {
      route: 'POST /proposals/:id/eligibility',
      actor: 'nstc',
      request: (w) => ({ url: `/proposals/${w.submittedProposalId}/eligibility`, body: { eligible: true, reason: 'Fine' } }),
      // The other agency's verdict is theirs: no field lets NSTC record it.
      fields: { agencyId: randomUUID(), side: 'PARTNER', state: 'ELIGIBLE', partnerVerdict: { eligible: false } },
    },
    {
      route: 'POST /webhook-endpoints',
      actor: 'gacr',
      request: () => ({ url: '/webhook-endpoints', body: { url: 'https://gacr.example.org/hooks', eventTypes: ['call.published'] } }),
      fields: { agencyId: randomUUID(), secret: 'whsec_chosen', id: randomUUID(), consecutiveFailures: 0 },
    },
    {
      route: 'PATCH /webhook-endpoints/:id',
      actor: 'nstc',
      request: (w) => ({ url: `/webhook-endpoints/${w.endpointId}`, body: { description: 'Same', version: 1 } }),
      fields: { agencyId: randomUUID(), secret: 'whsec_chosen', id: randomUUID() },
    },
    {
      route: 'PATCH /reviewers/:id',
      actor: 'reviewer',
      request: async (w) => ({ url: `/reviewers/${w.actors.reviewer.id}`, body: { version: await versionOfReviewer(w) } }),
      // The agency that recruited a reviewer is theirs to keep, not the reviewer's to change.
      fields: { recruitingAgencyId: randomUUID(), userId: randomUUID(), email: 'other@example.org', active: false, roles: ['ADMIN'] },
    },
    {
      route: 'POST /proposals/:id/review-assignments',
      actor: 'gacr',
      request: (w) => ({
        url: `/proposals/${w.review.proposalId}/review-assignments`,
        body: { reviewerId: w.actors.reviewerUnassigned.id },
      }),
      fields: {
        state: 'SUBMITTED',
        callId: randomUUID(),
        reviewerAgencyId: randomUUID(),
        assignedById: randomUUID(),
        proposalId: randomUUID(),
      },
    },
    {
      route: 'PUT /review-assignments/:id/review',
      actor: 'reviewer',
      request: async (w) => ({
        url: `/review-assignments/${w.review.assignmentId}/review`,
        body: { version: (await send('reviewer', 'GET', { url: `/review-assignments/${w.review.assignmentId}/review` })).body.version },
      }),
      // A review's reviewer, its total and its submission are the server's.
      fields: { reviewerId: randomUUID(), assignmentId: randomUUID(), total: 5, submittedAt: '2020-01-01T00:00:00Z', state: 'SUBMITTED' },
    },
    {
      route: 'PUT /proposals/:id/decisions/mine',
      actor: 'nstc',
      request: (w) => ({ url: `/proposals/${w.review.proposalId}/decisions/mine`, body: { decision: 'REJECT' } }),
      // The other side's decision and amount are the other agency's; the agency is the officer's own.
      fields: {
        agencyId: randomUUID(),
        side: 'PARTNER',
        partner: { decision: 'FUND', amount: { amount: '1.00', currency: 'CZK' } },
        partnerDecision: 'FUND',
        outcome: 'FUNDED',
        decidedById: randomUUID(),
      },
    },
    {
      route: 'POST /reports/:id/accept',
      actor: 'gacr',
      request: (w) => ({ url: `/reports/${w.review.reportId}/accept`, body: {} }),
      fields: { state: 'ACCEPTED', agencyId: randomUUID(), verdict: 'ACCEPTED', submission: 2, acceptedAt: '2020-01-01T00:00:00Z' },
    },
  ];

  const versionOfReviewer = async (w: World) =>
    (await send('reviewer', 'GET', { url: `/reviewers/${w.actors.reviewer.id}` })).body.version as number;

  it('refuses every field a caller may not set, naming it, and changes nothing', async () => {
    const failures: string[] = [];
    const snapshot = async () =>
      testApp.dataSource.query<{ digest: string }[]>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM (
           SELECT id, state::text, version FROM call UNION ALL SELECT id, state::text, version FROM proposal
           UNION ALL SELECT id, array_to_string(roles, ',') , version FROM "user" UNION ALL SELECT id, agency_id::text, version FROM webhook_endpoint
           UNION ALL SELECT user_id, recruiting_agency_id::text, version FROM reviewer_profile
           UNION ALL SELECT id, state::text, version FROM review_assignment UNION ALL SELECT id, total::text, version FROM review
           UNION ALL SELECT id, kind::text || coalesce(amount::text, ''), version FROM decision
           UNION ALL SELECT id, state::text, version FROM report UNION ALL SELECT id, verdict::text, submission FROM report_review) t`,
      );
    const before = await snapshot();
    for (const { route, actor, request: build, fields } of MASS_ASSIGNMENT) {
      for (const [field, value] of Object.entries(fields)) {
        const sent = await build(world);
        const answer = await send(actor, route.split(' ')[0], { ...sent, body: { ...sent.body, [field]: value } });
        fieldsRefused++;
        const named = ((answer.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
        if (answer.status !== 400 || !named.includes(field))
          failures.push(`${route} as ${actor} with ${field}: ${answer.status} ${JSON.stringify(named)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
