import { AddressInfo, connect } from 'node:net';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, PASSWORD, signedIn } from './support/actors';
import { callInput, PDF, publishedCall } from './support/calls';
import { startTestApp, TestApp } from './support/test-app';

const ORIGIN = 'https://app.joint-calls.example.org';

/** Sends bytes as they are (no client fixes them up) and returns the whole answer. */
function rawExchange(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const parts: Buffer[] = [];
    socket.on('data', (part: Buffer) => parts.push(part));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const [headers, body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers, body });
    });
  });
}

describe('Hostile input: refused with a 4xx problem, never a crash, and nothing lost', () => {
  let testApp: TestApp;
  let admin: Actor;
  let pi: Actor;
  let proposalId: string;
  const api = () => request(testApp.http);
  const json = (text: string) => ({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });

  beforeAll(async () => {
    testApp = await startTestApp({ CORS_ORIGINS: ORIGIN });
    const agencies = await loadAgencies(testApp.dataSource);
    admin = await signedIn(testApp, [Role.Admin]);
    pi = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    const nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies));
    const draft = await api()
      .post(`/api/v1/calls/${call.id}/proposals`)
      .set(pi.auth)
      .send({ title: 'Quantum sensors', side: 'HOME', institution: 'National Taiwan University', country: 'TW' })
      .expect(201);
    proposalId = draft.body.id as string;
  });
  afterAll(() => testApp.close());

  describe('nesting', () => {
    const deep = (levels: number) => `{"email":${'['.repeat(levels)}${']'.repeat(levels)},"password":"x"}`;

    it('refuses a body nested 1,500 levels deep with 400, anonymous or signed in', async () => {
      const anonymous = await api()
        .post('/api/v1/auth/login')
        .set(json(deep(1500)))
        .send(deep(1500));
      expectProblem(anonymous, 400, 'INPUT_TOO_DEEP');
      const signedInCaller = await api()
        .patch('/api/v1/me')
        .set(admin.auth)
        .set(json(deep(1500)))
        .send(deep(1500));
      expectProblem(signedInCaller, 400, 'INPUT_TOO_DEEP');
    });
  });

  describe('NUL characters and unpaired surrogates', () => {
    it('refuses a NUL in any text field, naming it, and stores nothing', async () => {
      const registration = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'nul@example.org', password: PASSWORD, name: 'Wang\u0000Ming' });
      expect(expectProblem(registration, 400, 'TEXT_MALFORMED').errors).toEqual([
        { field: 'name', message: 'name must not contain the NUL character (U+0000)' },
      ]);
      const profile = await api().patch('/api/v1/me').set(admin.auth).send({ institution: 'NTU\u0000', version: 1 });
      expect(expectProblem(profile, 400, 'TEXT_MALFORMED').errors).toEqual([
        { field: 'institution', message: 'institution must not contain the NUL character (U+0000)' },
      ]);
      const agency = await api()
        .post('/api/v1/agencies')
        .set(admin.auth)
        .send({ code: 'NUL', name: 'Agency\u0000', country: 'DE', currency: 'EUR', timezone: 'Europe/Berlin' });
      expectProblem(agency, 400, 'TEXT_MALFORMED');
      const office = await api()
        .post('/api/v1/offices')
        .set(admin.auth)
        .send({ name: 'Office', city: 'Bonn\u0000', country: 'DE', timezone: 'Europe/Berlin' });
      expectProblem(office, 400, 'TEXT_MALFORMED');

      const [{ users, agencies, offices }] = await testApp.dataSource.query<{ users: string; agencies: string; offices: string }[]>(
        `SELECT (SELECT count(*) FROM "user" WHERE email = 'nul@example.org') AS users,
                (SELECT count(*) FROM agency WHERE code = 'NUL') AS agencies,
                (SELECT count(*) FROM office WHERE city LIKE 'Bonn%') AS offices`,
      );
      expect({ users: Number(users), agencies: Number(agencies), offices: Number(offices) }).toEqual({ users: 0, agencies: 0, offices: 0 });
      const me = await api().get('/api/v1/me').set(admin.auth).expect(200);
      expect(me.body).toMatchObject({ institution: null, version: 1 });
    });

    it('refuses an unpaired surrogate in an e-mail address: login, password reset, invitations', async () => {
      const surrogate = (fields: string) => `{${fields}}`;
      const login = surrogate('"email":"\\ud800@example.org","password":"whatever"');
      expect(expectProblem(await api().post('/api/v1/auth/login').set(json(login)).send(login), 400, 'TEXT_MALFORMED').errors).toEqual([
        { field: 'email', message: 'email must be well-formed Unicode (it holds an unpaired surrogate)' },
      ]);
      const reset = surrogate('"email":"\\ud800@example.org"');
      expectProblem(await api().post('/api/v1/auth/password-reset').set(json(reset)).send(reset), 400, 'TEXT_MALFORMED');
      const invitation = surrogate('"name":"Petr","email":"petr\\udfff@cuni.cz","institution":"Charles University","country":"CZ"');
      const invited = await api().post(`/api/v1/proposals/${proposalId}/invitations`).set(pi.auth).set(json(invitation)).send(invitation);
      expectProblem(invited, 400, 'TEXT_MALFORMED');
    });

    it('refuses them in the query string too', async () => {
      expectProblem(await api().get('/api/v1/users?role=ADMIN%00').set(admin.auth), 400, 'TEXT_MALFORMED');
    });

    it('refuses a NUL in the queue dashboard credentials with 401, not a database error', async () => {
      const credentials = Buffer.from(`admin\u0000@example.org:${PASSWORD}`).toString('base64');
      const response = await api().get('/queues').set('Authorization', `Basic ${credentials}`);
      expectProblem(response, 401, 'ADMIN_CREDENTIALS_REQUIRED');
    });
  });

  describe('line breaks in one-line text', () => {
    it('refuses a line break in a name, naming it, instead of failing in the outbox (was a 500)', async () => {
      const response = await api()
        .post('/api/v1/auth/register')
        .send({ email: 'crlf@example.org', password: PASSWORD, name: 'Wang Ming\r\nBcc: intruder@example.org' });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'name', message: 'name must be a single line without control characters' },
      ]);
      const invited = await api()
        .post(`/api/v1/proposals/${proposalId}/invitations`)
        .set(pi.auth)
        .send({ name: 'Petr\nSvoboda', email: 'petr@cuni.cz', institution: 'Charles University', country: 'CZ' });
      expect(expectProblem(invited, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'name', message: 'name must be a single line without control characters' },
      ]);
    });
  });

  describe('numbers', () => {
    it('refuses an offset past the integer range on every list, naming it', async () => {
      for (const list of ['/api/v1/users', '/api/v1/agencies', '/api/v1/offices', '/api/v1/agreements', '/api/v1/me/proposals']) {
        for (const offset of ['1e19', '99999999999999999999', '9007199254740993']) {
          const response = await api().get(`${list}?offset=${offset}`).set(admin.auth);
          expect({ list, offset, errors: expectProblem(response, 400, 'VALIDATION_FAILED').errors }).toEqual({
            list,
            offset,
            errors: [{ field: 'offset', message: expect.stringContaining('offset must not be greater than') }],
          });
        }
      }
    });

    it('refuses a version past the integer range', async () => {
      const response = await api().patch('/api/v1/me').set(admin.auth).send({ name: 'Admin', version: 1e19 });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'version', message: expect.stringContaining('version must not be greater than') },
      ]);
    });
  });

  describe('required and non-nullable fields', () => {
    it('refuses a user without a name: the column requires one', async () => {
      const response = await api()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email: 'nameless@example.org', password: PASSWORD, roles: ['ADMIN'] });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'name', message: 'name is required' }]);
    });

    it('reports an absent required field as required, and only that', async () => {
      const response = await api().post('/api/v1/auth/login').send({ password: 'whatever' });
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'email', message: 'email is required' }]);
    });

    it('refuses null for an optional field that cannot be empty, and keeps the stored value', async () => {
      for (const field of ['name', 'language', 'expertise']) {
        const response = await api()
          .patch('/api/v1/me')
          .set(pi.auth)
          .send({ [field]: null, version: 1 });
        expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([{ field, message: `${field} must not be null` }]);
      }
      const proposal = await api().patch(`/api/v1/proposals/${proposalId}`).set(pi.auth).send({ title: null, abstract: null, version: 1 });
      expect(expectProblem(proposal, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'title', message: 'title must not be null' },
        { field: 'abstract', message: 'abstract must not be null' },
      ]);
      const { body } = await api().get(`/api/v1/proposals/${proposalId}`).set(pi.auth).expect(200);
      expect(body).toMatchObject({ title: 'Quantum sensors', version: 1 });
    });
  });

  describe('multipart uploads', () => {
    const uploadUrl = () => `/api/v1/proposals/${proposalId}/attachments?kind=project-description`;
    const storedAttachments = async () =>
      Number(
        (await testApp.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM attachment WHERE proposal_id = $1', [proposalId]))[0].n,
      );

    it('refuses a multipart body without a boundary', async () => {
      const response = await api().post(uploadUrl()).set(pi.auth).set('content-type', 'multipart/form-data').send('--x\r\n');
      expectProblem(response, 400, 'MULTIPART_MALFORMED');
    });

    it('survives a refused upload whose body is cut short: the rest is drained without an uncaught error (was a crash)', async () => {
      const cut = [
        '--XYZ',
        'Content-Disposition: form-data; name="file"; filename="a.png"',
        'Content-Type: image/png',
        '',
        'not a pdf',
      ].join('\r\n');
      for (const kind of ['no-such-kind', 'project-description']) {
        const response = await api()
          .post(`/api/v1/proposals/${proposalId}/attachments?kind=${kind}`)
          .set(pi.auth)
          .set('content-type', 'multipart/form-data; boundary=XYZ')
          .send(cut);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      await api().get('/health').expect(200);
    });

    it('refuses a multipart body cut short, and keeps the attachment stored before', async () => {
      const stored = await api().post(uploadUrl()).set(pi.auth).attach('file', PDF, 'description.pdf').expect(201);
      const cut = [
        '--XYZ',
        'Content-Disposition: form-data; name="file"; filename="other.pdf"',
        'Content-Type: application/pdf',
        '',
        `${PDF.toString('latin1')}more bytes, and then the connection ends`,
      ].join('\r\n');
      const response = await api().post(uploadUrl()).set(pi.auth).set('content-type', 'multipart/form-data; boundary=XYZ').send(cut);
      expectProblem(response, 400, 'MULTIPART_MALFORMED');
      expect(await storedAttachments()).toBe(1);
      const { body } = await api().get(`/api/v1/proposals/${proposalId}`).set(pi.auth).expect(200);
      expect(body.attachments).toEqual([expect.objectContaining({ id: stored.body.id, filename: 'description.pdf' })]);
    });
  });

  describe('answers made before Nest sees the request', () => {
    it('answers a failed CORS preflight with a problem', async () => {
      const response = await api().options('/api/v1/calls').set('Origin', ORIGIN);
      expect(expectProblem(response, 400, 'BAD_REQUEST').detail).toBe(
        'A CORS preflight needs an allowed Origin and an Access-Control-Request-Method header',
      );
    });

    it("answers a plugin's own error (Bull Board's) with a problem", async () => {
      const basic = `Basic ${Buffer.from(`${admin.email}:${PASSWORD}`).toString('base64')}`;
      expectProblem(await api().get('/queues/api/queues/no-such-queue/jobs').set('Authorization', basic), 404, 'NOT_FOUND');
    });

    it('answers a malformed percent-encoding in the path with a problem', async () => {
      expectProblem(await api().get('/api/v1/calls/%'), 400, 'BAD_REQUEST');
      expectProblem(await api().get('/api/v1/calls/%E0%A4%A'), 400, 'BAD_REQUEST');
    });

    it('answers an over-long path parameter with a 414 problem', async () => {
      expectProblem(await api().get(`/api/v1/calls/${'a'.repeat(500)}`), 414, 'URI_TOO_LONG');
    });

    describe('on the socket', () => {
      let port: number;
      beforeAll(async () => {
        await testApp.app.listen(0, '127.0.0.1');
        port = (testApp.app.getHttpServer().address() as AddressInfo).port;
      });

      const expectRawProblem = (answer: { status: number; headers: string; body: string }, status: number, code: string) => {
        expect({ status: answer.status, contentType: /content-type: ([^\r]+)/i.exec(answer.headers)?.[1] }).toEqual({
          status,
          contentType: 'application/problem+json',
        });
        expect(JSON.parse(answer.body)).toMatchObject({
          status,
          code,
          type: `urn:joint-calls:problem:${code.toLowerCase().replace(/_/g, '-')}`,
        });
      };

      it('answers headers over the limit with a 431 problem', async () => {
        const answer = await rawExchange(port, `GET /api/v1/calls HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
        expectRawProblem(answer, 431, 'HEADERS_TOO_LARGE');
      });

      it('answers a URL over the limit with a 431 problem', async () => {
        const answer = await rawExchange(port, `GET /api/v1/calls?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
        expectRawProblem(answer, 431, 'HEADERS_TOO_LARGE');
      });

      it('answers bytes that are not HTTP with a 400 problem', async () => {
        expectRawProblem(await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n'), 400, 'BAD_REQUEST');
      });
    });
  });
});
