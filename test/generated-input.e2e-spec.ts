import { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../src/auth/access-token.service';
import { Role } from '../src/common/identity/role';
import { Actor, loadAgencies, PASSWORD, signedIn } from './support/actors';
import { callInput, PDF, publishedCall } from './support/calls';
import { forgedTokens } from './support/forged-tokens';
import { bodyFor, HOSTILE_AMOUNTS, HOSTILE_TEXT, LINE_BREAKS, mutated, pathsOf, RawJson, toJson } from './support/hostile-values';
import {
  answerProblems,
  DocumentedOperation,
  jsonBodyOf,
  OpenApi,
  operationsOf,
  pathParametersOf,
  queryOf,
  takesMultipart,
  WALK_JWT_SECRET,
} from './support/openapi';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Property-based hostile input: fast-check generates the path parameters, query string, headers and body of every
 * operation of /docs-json, at least FUZZ_RUNS requests in all (5,600 by default) from a fixed seed. Whatever it
 * sends, no answer is a 5xx, every error is problem+json, no answer carries a stack, SQL or a secret, a forged or
 * expired token opens no guarded route, and no upload that is not a PDF is stored.
 *
 * A failure prints its seed, operation and path; replay it exactly with
 *   FUZZ_SEED=<seed> FUZZ_OPERATION='<METHOD path>' FUZZ_PATH=<path> npx jest test/generated-input.e2e-spec.ts
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 5_600);
const ONLY = process.env.FUZZ_OPERATION;
const REPLAY_PATH = process.env.FUZZ_PATH;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const NOT_PDFS: Record<string, Buffer> = {
  'a PNG': PNG,
  'a ZIP': Buffer.from('504b0304140000000800', 'hex'),
  'an executable': Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  'HTML with a script': Buffer.from('<html><script>alert(1)</script></html>'),
  'nothing at all': Buffer.alloc(0),
  'text that names itself a PDF': Buffer.from('This is a PDF, trust me. %%EOF'),
};

const FILENAMES = [
  'description.pdf',
  '../../../../etc/passwd',
  '..\\..\\..\\boot.ini',
  '/etc/passwd.pdf',
  '%2e%2e%2f%2e%2e%2fescape.pdf',
  'a"b.pdf',
  `${'x'.repeat(300)}.pdf`,
  '.pdf',
  '',
  'résumé 臺大.pdf',
  'CON.pdf',
  'name\u202efdp.exe',
  'a;b=c.pdf',
];

const PATH_SEGMENTS = [
  'not-a-uuid',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%00',
  '%ff',
  '-1',
  '0',
  '1e19',
  '99999999999999999999',
  '7D1E3A54-1D55-4D3F-9C3A-2F8F4B1F2A11',
  '00000000-0000-0000-0000-000000000000',
  '%7Bid%7D',
  'null',
  "'%20OR%201=1",
  'a'.repeat(100),
];

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/pdf',
  'application/merge-patch+json',
];

const ODD_BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '123',
  'true',
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '\ufeff{}',
  '{"a":1}trailing',
  '{"a":',
  `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`,
  `[${'1,'.repeat(50_000)}1]`,
];

const QUERY_EXTRAS = [
  '',
  'limit=1&limit=2',
  'limit[]=1',
  'offset[$gt]=0',
  '__proto__[isAdmin]=1',
  'constructor[prototype][isAdmin]=1',
  'format=xlsx',
  'a=%ZZ',
  `padding=${'a'.repeat(4000)}`,
];
const QUERY_VALUES = ['-1', '0', '1', '100', '101', '1e19', '1.5', 'NaN', '', ' 5', '0x10', '9007199254740993'];

interface GeneratedRequest {
  url: string;
  authorization: { name: string; value: string | undefined };
  headers: Record<string, string>;
  body: { text: string | Buffer; contentType: string | undefined; describes: string } | undefined;
}

describe('Generated hostile requests to every operation (fast-check)', () => {
  let testApp: TestApp;
  let origin: string;
  let document: OpenApi;
  let everyone: Actor;
  let researcher: Actor;
  const pools = new Map<string, string[]>();
  let sent = 0;
  const statuses = new Map<number, number>();
  let authorizations: { name: string; value: string | undefined; valid: boolean }[] = [];
  /** A valid body per operation, where one is known: the generator mutates it, so requests reach the services. */
  let validBodies: Record<string, fc.Arbitrary<unknown>> = {};

  beforeAll(async () => {
    testApp = await startTestApp({ JWT_SECRET: WALK_JWT_SECRET, LOGIN_RATE_LIMIT: '1000000' });
    await testApp.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    const agencies = await loadAgencies(testApp.dataSource);
    // One account holding every role passes every access declaration, so requests reach validation and services.
    everyone = await signedIn(testApp, [Role.Admin, Role.Officer, Role.Researcher, Role.Reviewer], { agencyId: agencies.get('NSTC')!.id });
    researcher = await signedIn(testApp, [Role.Researcher]);
    const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const api = () => request(testApp.http);

    // Separate resources for the operations that end them (cancel, withdraw), so the others keep something to work on.
    const call = await publishedCall(testApp, everyone, gacr, callInput(agencies));
    const sacrificial = await publishedCall(testApp, everyone, gacr, callInput(agencies, { title: 'To be cancelled' }));
    const draftCall = (await api().post('/api/v1/calls').set(everyone.auth).send(callInput(agencies)).expect(201)).body.id as string;
    const proposal = async () =>
      (
        await api()
          .post(`/api/v1/calls/${call.id}/proposals`)
          .set(everyone.auth)
          .send({ title: 'Quantum sensors', side: 'HOME', institution: 'National Taiwan University', country: 'TW' })
          .expect(201)
      ).body.id as string;
    const [proposalId, uploadsProposalId] = [await proposal(), await proposal()];
    const attachment = await api()
      .post(`/api/v1/proposals/${uploadsProposalId}/attachments?kind=project-description`)
      .set(everyone.auth)
      .attach('file', PDF, 'description.pdf')
      .expect(201);
    const endpoint = await api()
      .post('/api/v1/webhook-endpoints')
      .set(everyone.auth)
      .send({ url: 'https://agency.example.org/hooks', eventTypes: ['proposal.submitted'] })
      .expect(201);
    const ids = async (sql: string) => (await testApp.dataSource.query<{ id: string }[]>(sql)).map((row) => row.id);

    pools.set('calls', [sacrificial.id, draftCall]);
    pools.set('calls/proposals', [call.id]);
    pools.set('proposals', [proposalId]);
    pools.set('proposals/attachments', [uploadsProposalId]);
    pools.set('attachments', [attachment.body.id as string]);
    pools.set('users', [researcher.id]);
    pools.set('agencies', [...agencies.values()].map((agency) => agency.id).slice(0, 3));
    pools.set('offices', await ids('SELECT id FROM office LIMIT 3'));
    pools.set('agreements', await ids('SELECT id FROM agreement LIMIT 3'));
    pools.set('webhook-endpoints', [endpoint.body.id as string]);
    pools.set('webhook-deliveries', await ids('SELECT id FROM webhook_delivery LIMIT 3'));

    const someone = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).map((name) => name.replace(/[^a-z0-9]/gi, 'x'));
    const email = someone.map((name) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.org`);
    const later = fc.integer({ min: 24 * 31, max: 24 * 400 }).map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString());
    const version = fc.integer({ min: 1, max: 4 });
    const [nstc, gacrAgency] = [agencies.get('NSTC')!.id, agencies.get('GACR')!.id];
    validBodies = {
      'POST /api/v1/auth/register': fc.record({
        email,
        password: fc.constant(PASSWORD),
        name: someone,
        language: fc.constantFrom('en', 'zh-TW'),
      }),
      'POST /api/v1/auth/login': fc.record({
        email: fc.constantFrom(everyone.email, researcher.email),
        password: fc.constantFrom(PASSWORD, 'wrong password'),
      }),
      'POST /api/v1/auth/refresh': fc.record({ refreshToken: fc.string({ minLength: 43, maxLength: 43 }) }),
      'POST /api/v1/auth/password-reset': fc.record({ email: fc.constantFrom(researcher.email, 'nobody@example.org') }),
      'POST /api/v1/auth/verify-email': fc.record({ token: fc.string({ minLength: 43, maxLength: 43 }) }),
      'POST /api/v1/auth/verify-email/resend': fc.record({ email: fc.constantFrom(researcher.email, 'nobody@example.org') }),
      'POST /api/v1/auth/password-reset/confirm': fc.record({
        token: fc.string({ minLength: 43, maxLength: 43 }),
        password: fc.constant(PASSWORD),
      }),
      'POST /api/v1/users': fc.record({ email, name: someone, password: fc.constant(PASSWORD), roles: fc.constant(['REVIEWER']) }),
      'PATCH /api/v1/users/{id}': fc.record({ name: someone, version }),
      'PATCH /api/v1/me': fc.record({ name: someone, institution: fc.constant('National Taiwan University'), version }),
      'POST /api/v1/agencies': fc.record({
        code: fc.stringMatching(/^[A-Z]{3,6}$/),
        name: someone,
        country: fc.constant('DE'),
        currency: fc.constant('EUR'),
        timezone: fc.constant('Europe/Berlin'),
      }),
      'POST /api/v1/offices': fc.record({
        name: someone,
        city: fc.constant('Bonn'),
        country: fc.constant('DE'),
        timezone: fc.constant('Europe/Berlin'),
      }),
      'POST /api/v1/agreements': fc.record({
        homeAgencyId: fc.constant(nstc),
        partnerAgencyId: fc.constant(gacrAgency),
        title: someone,
        kind: fc.constant('MOU'),
        signedOn: fc.constant('2019-05-14'),
      }),
      'POST /api/v1/calls': fc.constant(callInput(agencies)),
      'PATCH /api/v1/calls/{id}': fc.record({ title: someone, version }),
      'POST /api/v1/calls/{id}/approve': fc.record({ version }),
      'POST /api/v1/calls/{id}/extend': fc.record({ closesAt: later, version }),
      'POST /api/v1/calls/{id}/cancel': fc.record({ reason: someone }),
      'POST /api/v1/calls/{id}/proposals': fc.record({
        title: someone,
        side: fc.constantFrom('HOME', 'PARTNER'),
        institution: fc.constant('National Taiwan University'),
        country: fc.constant('TW'),
      }),
      'PATCH /api/v1/proposals/{id}': fc.record({
        title: someone,
        homeBudget: fc.constantFrom('1000.00', '2999999.99'),
        durationMonths: fc.integer({ min: 1, max: 36 }),
        version,
      }),
      'POST /api/v1/proposals/{id}/invitations': fc.record({
        name: someone,
        email,
        institution: fc.constant('Charles University'),
        country: fc.constant('CZ'),
      }),
      'POST /api/v1/proposals/{id}/confirm': fc.record({ token: fc.string({ minLength: 43, maxLength: 43 }) }),
      'POST /api/v1/proposals/{id}/withdraw': fc.record({ reason: someone }),
      'POST /api/v1/proposals/{id}/eligibility': fc.record({ eligible: fc.boolean(), reason: someone }),
      'POST /api/v1/webhook-endpoints': fc.record({
        url: fc.constantFrom('https://agency.example.org/hooks', 'https://grants.gacr.cz/hooks/joint-calls'),
        eventTypes: fc.constant(['proposal.submitted']),
      }),
      'PATCH /api/v1/webhook-endpoints/{id}': fc.record({ description: someone, version }),
    };

    document = (await request(origin).get('/docs-json').expect(200)).body as OpenApi;
    const claims = { sub: everyone.id, roles: [Role.Admin, Role.Officer, Role.Researcher, Role.Reviewer], agencyId: null, lang: 'en' };
    authorizations = [
      { name: 'valid, every role', value: everyone.auth.Authorization, valid: true },
      { name: 'valid, researcher', value: researcher.auth.Authorization, valid: true },
      { name: 'none', value: undefined, valid: false },
      { name: 'empty bearer', value: 'Bearer ', valid: false },
      { name: 'garbage', value: 'Bearer garbage.garbage.garbage', valid: false },
      { name: 'basic', value: 'Basic YWRtaW46YWRtaW4=', valid: false },
      { name: 'lower-case scheme', value: everyone.auth.Authorization.replace('Bearer', 'bearer'), valid: false },
      { name: 'trailing junk', value: `${everyone.auth.Authorization} junk`, valid: false },
      ...Object.entries(forgedTokens(WALK_JWT_SECRET, claims, { aud: ACCESS_TOKEN_AUDIENCE, iss: ACCESS_TOKEN_ISSUER })).map(
        ([name, token]) => ({ name, value: `Bearer ${token}`, valid: false }),
      ),
    ];
  }, 120_000);
  afterAll(async () => {
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    process.stdout.write(`generated-input: ${sent} requests sent, seed ${SEED}; answers ${byStatus.join(', ')}\n`);
    await testApp.close();
  });

  /** The identifiers worth trying for a path parameter: real ones of the right kind, mostly. */
  function poolFor(path: string, parameter: string): string[] {
    const segments = path.replace('/api/v1/', '').split('/');
    const at = segments.indexOf(`{${parameter}}`);
    const kind = segments[at - 1];
    if (kind === 'calls' && ['proposals', 'calendar.ics'].includes(segments[at + 1])) return pools.get('calls/proposals')!;
    if (kind === 'proposals' && segments[at + 1] === 'attachments') return pools.get('proposals/attachments')!;
    return pools.get(kind) ?? [];
  }

  function requestFor({ method, path, operation }: DocumentedOperation): fc.Arbitrary<GeneratedRequest> {
    const pathValues = pathParametersOf(operation).map(({ name }) => {
      const known = poolFor(path, name);
      return fc
        .oneof(
          { arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.uuid(), weight: 7 },
          { arbitrary: fc.uuid(), weight: 1 },
          { arbitrary: fc.constantFrom(...PATH_SEGMENTS), weight: 2 },
        )
        .map((value) => [name, value] as const);
    });
    const query = fc
      .tuple(
        ...queryOf(operation).map(({ name, schema }) =>
          fc.option(
            fc
              .oneof(
                fc.constantFrom(...(schema?.enum ?? ['project-description']).map(String)),
                fc.constantFrom(...QUERY_VALUES),
                fc.constantFrom(...HOSTILE_TEXT),
                fc.uuid(),
              )
              .map((value) => `${name}=${encodeURIComponent(value)}`),
            { freq: 4 },
          ),
        ),
        fc.constantFrom(...QUERY_EXTRAS),
      )
      .map((parts) => parts.filter((part): part is string => !!part).join('&'));
    const headers = fc.record(
      {
        'if-match': fc.constantFrom('"1"', 'W/"1"', '*', '"abc"', '"99999999999999999999"', '"-1"', '1', '""', '"1", "2"'),
        'accept-language': fc.constantFrom('zh-TW', 'fr', '*', 'x'.repeat(300), 'en;q=abc'),
        'x-request-id': fc.constantFrom('abc', 'x'.repeat(200), '../../etc', '<script>'),
        origin: fc.constantFrom('https://evil.example', 'null'),
      },
      { requiredKeys: [] },
    );
    const json = jsonBodyOf(document, operation);
    const valid = validBodies[`${method.toUpperCase()} ${path}`];
    const generated = valid ? fc.oneof({ arbitrary: mutated(valid), weight: 3 }, bodyFor(document, json)) : bodyFor(document, json);
    const jsonBody = fc.oneof(
      { arbitrary: generated.map((value) => ({ text: toJson(value), describes: 'generated JSON' })), weight: json ? 70 : 15 },
      { arbitrary: fc.constantFrom(...ODD_BODIES).map((text) => ({ text, describes: 'odd JSON' })), weight: 10 },
      { arbitrary: fc.constant({ text: `{"a":"${'x'.repeat(1024 * 1024)}"}`, describes: 'over 1 MiB' }), weight: 1 },
    );
    const body = fc.oneof(
      {
        arbitrary: fc
          .tuple(jsonBody, fc.oneof({ arbitrary: fc.constant('application/json'), weight: 8 }, fc.constantFrom(...CONTENT_TYPES)))
          .map(([{ text, describes }, contentType]) => ({ text, contentType, describes })),
        weight: 10,
      },
      { arbitrary: multipartBody(), weight: takesMultipart(operation) ? 30 : 1 },
      { arbitrary: fc.constant(undefined), weight: json ? 1 : 6 },
    );
    return fc
      .record({
        params: fc.tuple(...pathValues),
        query,
        authorization: fc.oneof(
          { arbitrary: fc.constant(authorizations[0]), weight: 12 },
          { arbitrary: fc.constant(authorizations[1]), weight: 1 },
          { arbitrary: fc.constantFrom(...authorizations.slice(2)), weight: 3 },
        ),
        headers,
        body,
      })
      .map(({ params, query, authorization, headers, body }) => {
        let url = path;
        for (const [name, value] of params) url = url.replace(`{${name}}`, value);
        return {
          url: query ? `${url}?${query}` : url,
          authorization,
          headers,
          body: method === 'get' && body?.describes === 'over 1 MiB' ? undefined : body,
        };
      });
  }

  function multipartBody(): fc.Arbitrary<GeneratedRequest['body']> {
    return fc
      .record({
        filename: fc.constantFrom(...FILENAMES),
        partType: fc.constantFrom('application/pdf', 'image/png', 'text/plain', 'application/octet-stream'),
        content: fc.oneof({ arbitrary: fc.constant(['a PDF', PDF] as const), weight: 2 }, fc.constantFrom(...Object.entries(NOT_PDFS))),
        field: fc.constantFrom('file', 'attachment'),
        starred: fc.boolean(),
        cut: fc.boolean(),
      })
      .map(({ filename, partType, content: [what, content], field, starred, cut }) => {
        const disposition = starred
          ? `form-data; name="${field}"; filename*=UTF-8''${encodeURIComponent(filename)}`
          : `form-data; name="${field}"; filename="${filename}"`;
        const head = Buffer.from(`--BOUNDARY\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${partType}\r\n\r\n`);
        const tail = Buffer.from(cut ? '' : '\r\n--BOUNDARY--\r\n');
        return {
          text: Buffer.concat([head, content, tail]),
          contentType: 'multipart/form-data; boundary=BOUNDARY',
          describes: `multipart: ${what} as ${JSON.stringify(filename)} (${field}${cut ? ', cut short' : ''})`,
        };
      });
  }

  /** Sends it and returns what is wrong with the answer; empty when nothing is. */
  async function check({ method, operation }: DocumentedOperation, generated: GeneratedRequest): Promise<string[]> {
    let call = request(origin)[method as 'get'](generated.url).timeout(20_000);
    if (generated.authorization.value) call = call.set('authorization', generated.authorization.value);
    for (const [name, value] of Object.entries(generated.headers)) call = call.set(name, value);
    if (generated.body) {
      if (generated.body.contentType) call = call.set('content-type', generated.body.contentType);
      call = call.send(generated.body.text);
    }
    sent++;
    let response: request.Response;
    try {
      response = await call;
    } catch (error) {
      // The server may hang up on a body it refused before reading it all; anything else is a dropped request.
      const code = (error as { code?: string }).code ?? '';
      if (generated.body?.describes === 'over 1 MiB' && ['EPIPE', 'ECONNRESET'].includes(code)) return [];
      return [`no answer: ${code} ${(error as Error).message}`];
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const problems = answerProblems(response);
    const guarded = (operation.security ?? []).length > 0;
    const authorization = authorizations.find((candidate) => candidate.name === generated.authorization.name)!;
    if (guarded && !authorization.valid && ![400, 401, 413, 414, 415, 431].includes(response.status)) {
      problems.push(`a guarded route answered ${response.status} to a token that is ${authorization.name}`);
    }
    if (response.status === 201 && generated.body?.describes.startsWith('multipart:')) {
      const stored = response.body as { filename?: string; contentType?: string };
      if (!generated.body.describes.startsWith('multipart: a PDF'))
        problems.push(`stored an upload that is not a PDF: ${stored.contentType}`);
      // eslint-disable-next-line no-control-regex -- control characters are exactly what a stored name must not hold
      if (/[/\\\u0000-\u001f\u007f]|^\.\.?$/.test(stored.filename ?? ''))
        problems.push(`stored the file name ${JSON.stringify(stored.filename)}`);
    }
    return problems;
  }

  it('sends thousands of generated requests: no 5xx, only problems, no leak, no forged access, no false PDF', async () => {
    const operations = operationsOf(document).filter(({ method, path }) => !ONLY || `${method.toUpperCase()} ${path}` === ONLY);
    expect(operations.length).toBeGreaterThan(0);
    const runsEach = Math.ceil(TOTAL_RUNS / operations.length);
    const failures: string[] = [];
    for (const [index, operation] of operations.entries()) {
      const label = `${operation.method.toUpperCase()} ${operation.path}`;
      const details = await fc.check(
        fc.asyncProperty(requestFor(operation), async (generated) => {
          const problems = await check(operation, generated);
          if (problems.length > 0) {
            const { url, authorization, body, headers } = generated;
            throw new Error(
              `${problems.join('; ')}\n  request: ${url.slice(0, 300)}, token ${authorization.name}, headers ${JSON.stringify(headers).slice(0, 200)}, ` +
                `body (${body?.describes ?? 'none'}, ${body?.contentType}): ${String(body?.text ?? '').slice(0, 300)}`,
            );
          }
        }),
        // Each operation its own seed (the one printed on failure), so they do not all get the same first requests.
        { seed: ONLY ? SEED : SEED + index, numRuns: runsEach, path: REPLAY_PATH, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
      );
      if (details.failed) {
        const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        failures.push(
          `${label}: ${reason}\n  replay: FUZZ_SEED=${details.seed} FUZZ_OPERATION='${label}' FUZZ_PATH=${details.counterexamplePath} ` +
            'npx jest test/generated-input.e2e-spec.ts',
        );
      }
    }
    expect(failures).toEqual([]);
    if (!ONLY && TOTAL_RUNS >= 5_000) expect(sent).toBeGreaterThanOrEqual(5_000);
  }, 900_000);

  /** The fields shown on one line (names, titles): a line break in them is refused, naming the field. */
  const SINGLE_LINE = /^(name|title|institution|acronym|label|city|scientificField|keywords|scientificFields|expertise)$/;
  const AMOUNT = /^\d+\.\d{2}$/;
  const SPOTLIGHT: unknown[] = [...LINE_BREAKS.slice(0, 3), '../../../../etc/passwd', ...HOSTILE_AMOUNTS.slice(0, 6), -1, 1.5, 2 ** 53 + 2];
  const NOT_INTEGERS: unknown[] = [1.5, 2 ** 53 + 2, new RawJson('1e400'), new RawJson('-1e400')];

  it('turns each field of a valid body hostile, one at a time: line breaks in names, over-precise amounts, fractions', async () => {
    const failures: string[] = [];
    let walked = 0;
    for (const { method, path } of operationsOf(document)) {
      const label = `${method.toUpperCase()} ${path}`;
      const valid = validBodies[label];
      if (!valid || (ONLY && label !== ONLY)) continue;
      const [base] = fc.sample(valid, { numRuns: 1, seed: SEED });
      const url = path.replace(/\{([^}]+)\}/g, (_match, name: string) => poolFor(path, name)[0]);
      for (const at of pathsOf(base)) {
        const original = at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], base);
        const field = at.join('.');
        const key = String(at.filter((step) => typeof step === 'string').at(-1));
        const values = [...SPOTLIGHT, ...(Number.isInteger(original) ? NOT_INTEGERS : [])];
        for (const value of values) {
          const body = structuredClone(base) as Record<string | number, unknown>;
          const parent = at.slice(0, -1).reduce<Record<string | number, unknown>>((node, step) => node[step] as never, body);
          parent[at[at.length - 1]] = value;
          const generated: GeneratedRequest = {
            url,
            authorization: authorizations[0],
            headers: {},
            body: { text: toJson(body), contentType: 'application/json', describes: `${field} = ${toJson(value)}` },
          };
          walked++;
          const response = await request(origin)
            [method as 'get'](url)
            .set(everyone.auth)
            .set('content-type', 'application/json')
            .send(generated.body!.text);
          sent++;
          const problems = answerProblems(response);
          // An array's items are named by the array when the rule is checked for each of them.
          const named = ((response.body as { errors?: { field: string }[] }).errors ?? []).some(
            (error) => error.field === field || field.startsWith(`${error.field}.`),
          );
          const mustRefuse =
            (typeof value === 'string' && LINE_BREAKS.includes(value) && SINGLE_LINE.test(key)) ||
            (typeof value === 'string' && HOSTILE_AMOUNTS.includes(value) && typeof original === 'string' && AMOUNT.test(original)) ||
            (NOT_INTEGERS.includes(value) && Number.isInteger(original));
          if (mustRefuse && !(response.status === 400 && named)) problems.push(`expected 400 naming ${field}, got ${response.status}`);
          if (problems.length > 0)
            failures.push(`${label} with ${generated.body!.describes}: ${problems.join('; ')} ${response.text.slice(0, 200)}`);
        }
      }
    }
    expect(walked).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 600_000);
});
