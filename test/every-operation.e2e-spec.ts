import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Actor, loadAgencies, signedIn } from './support/actors';
import {
  answerProblems,
  isNullable,
  isNumeric,
  jsonBodyOf,
  OpenApi,
  Operation,
  operationsOf,
  queryOf,
  resolveSchema,
  Schema,
  WALK_JWT_SECRET,
} from './support/openapi';
import { startTestApp, TestApp } from './support/test-app';

const JWT_SECRET = WALK_JWT_SECRET;
const SOME_ID = '7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11';
const HUGE_NUMBERS = [1e19, -1e19];

/**
 * Walks every operation of the OpenAPI document and sends it each class of hostile input: deep nesting, NUL and
 * unpaired surrogates, numbers past the integer range, null, missing fields, wrong content types, a body over the
 * limit, malformed JSON, identifiers that are not UUIDs, oversized headers and URLs. No answer may be a 5xx, every
 * error is problem+json, and none carries a stack, SQL or a secret. Where the request reaches validation, each
 * hostile field must be named in the answer.
 */
describe('Every operation of the OpenAPI document, under hostile input', () => {
  let testApp: TestApp;
  let everyone: Actor;
  let document: OpenApi;
  let origin: string;
  const operations: { method: string; path: string; operation: Operation }[] = [];

  beforeAll(async () => {
    testApp = await startTestApp({ JWT_SECRET });
    // One listening server for the whole walk: supertest would otherwise open one per request.
    await testApp.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    const agencies = await loadAgencies(testApp.dataSource);
    // One account holding every role passes every access declaration, so requests reach validation and services.
    everyone = await signedIn(testApp, [Role.Admin, Role.Officer, Role.Researcher, Role.Reviewer], { agencyId: agencies.get('NSTC')!.id });
    document = (await request(origin).get('/docs-json').expect(200)).body as OpenApi;
    operations.push(...operationsOf(document));
  });
  afterAll(() => testApp.close());

  const resolve = (schema: Schema | undefined) => resolveSchema(document, schema);
  const urlOf = (path: string, id = SOME_ID) => path.replace(/\{[^}]+\}/g, id);

  /** Every property of a body schema, nested objects and array items included, with its field path and a value. */
  function fieldsOf(schema: Schema, path = ''): { field: string; schema: Schema; wrap: (value: unknown) => unknown }[] {
    return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
      const field = path ? `${path}.${name}` : name;
      const own = { field, schema: property, wrap: (value: unknown) => ({ [name]: value }) };
      const nested = resolve(property.type === 'array' ? property.items : property);
      const children =
        nested?.properties && nested !== schema
          ? fieldsOf(nested, property.type === 'array' ? `${field}.0` : field).map((child) => ({
              ...child,
              wrap: (value: unknown) => ({ [name]: property.type === 'array' ? [child.wrap(value)] : child.wrap(value) }),
            }))
          : [];
      return [own, ...children];
    });
  }

  let failures: string[] = [];
  beforeEach(() => {
    failures = [];
  });
  /** Sends one request and records what is wrong with its answer; returns the answer for further checks. */
  async function send(
    label: string,
    method: string,
    url: string,
    options: { body?: string | Buffer; contentType?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
  ) {
    let call = request(origin)[method as 'get'](url);
    if (!options.anonymous) call = call.set(everyone.auth);
    for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
    if (options.body !== undefined) call = call.set('content-type', options.contentType ?? 'application/json').send(options.body);
    const response = await call;
    const where = `${method.toUpperCase()} ${url.slice(0, 120)} (${label})`;
    for (const problem of answerProblems(response)) failures.push(`${where}: ${problem}`);
    return response;
  }
  const namedFields = (response: request.Response) =>
    ((response.body as { errors?: { field: string }[] }).errors ?? []).map((problem) => problem.field);
  const expectNamed = (where: string, response: request.Response, field: string, status = 400) => {
    if (response.status !== status || !namedFields(response).includes(field)) {
      failures.push(`${where}: expected ${status} naming ${field}, got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
  };

  it('finds the operations', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('survives every class of hostile input on every operation', async () => {
    const deep = `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    for (const { method, path, operation } of operations) {
      const url = urlOf(path);
      const takesBody = !!operation.requestBody;
      const hostile: Promise<unknown>[] = [
        // Nesting, anonymous and signed in; broken JSON; content types the route does not take.
        send('deep nesting, anonymous', method, url, { body: deep, anonymous: true }),
        send('deep nesting', method, url, { body: deep }),
        send('malformed JSON', method, url, { body: '{"a":' }),
        send('text/plain body', method, url, { body: 'hello', contentType: 'text/plain' }),
        send('XML body', method, url, { body: '<a/>', contentType: 'application/xml' }),
        send('multipart body without boundary', method, url, { body: 'x', contentType: 'multipart/form-data' }),
        // Headers and URLs over the limits.
        send('header over 16 KiB', method, url, { headers: { 'x-padding': 'a'.repeat(20_000) } }),
        send('URL over 16 KiB', method, `${url}?padding=${'a'.repeat(20_000)}`),
        // A body over 1 MiB.
        send('body over 1 MiB', method, url, { body: `{"a":"${'x'.repeat(1024 * 1024)}"}` }).then((response) => {
          if (takesBody && response.status !== 413 && !operation.requestBody?.content['multipart/form-data']) {
            failures.push(`${method.toUpperCase()} ${path}: a body over 1 MiB answered ${response.status}, not 413`);
          }
        }),
        // Identifiers that are not UUIDs.
        ...(path.includes('{') ? ['not-a-uuid', '%00', '-1', '1e19', 'a'.repeat(300)] : []).map((id) =>
          send(`path id ${id.slice(0, 10)}`, method, urlOf(path, id)),
        ),
      ];
      await Promise.all(hostile);
    }
    expect(failures).toEqual([]);
  });

  it('names every hostile query parameter: NUL, numbers past the integer range, missing ones', async () => {
    for (const { method, path, operation } of operations) {
      const url = urlOf(path);
      for (const parameter of queryOf(operation)) {
        const where = `${method.toUpperCase()} ${path}?${parameter.name}`;
        // A query string cannot carry an unpaired surrogate: invalid UTF-8 decodes to U+FFFD.
        expectNamed(`${where}=a%00`, await send('query NUL', method, `${url}?${parameter.name}=a%00`), parameter.name);
        await send('query invalid UTF-8', method, `${url}?${parameter.name}=a%ED%A0%80`);
        if (isNumeric(parameter.schema)) {
          for (const number of HUGE_NUMBERS)
            expectNamed(`${where}=${number}`, await send('huge number', method, `${url}?${parameter.name}=${number}`), parameter.name);
        }
      }
      const required = queryOf(operation).filter((parameter) => parameter.required);
      if (required.length > 0 && !operation.requestBody?.content['multipart/form-data']) {
        const response = await send('no query', method, url);
        for (const parameter of required)
          expectNamed(`${method.toUpperCase()} ${path} without ${parameter.name}`, response, parameter.name);
      }
    }
    expect(failures).toEqual([]);
  });

  it('names every hostile body field: missing, null, NUL, unpaired surrogates, numbers past the integer range', async () => {
    for (const { method, path, operation } of operations) {
      const schema = jsonBodyOf(document, operation);
      if (!schema?.properties) continue;
      const url = urlOf(path);
      const where = (detail: string) => `${method.toUpperCase()} ${path} ${detail}`;
      const empty = await send('empty body', method, url, { body: '{}' });
      for (const field of schema.required ?? []) {
        const problem = ((empty.body as { errors?: { field: string; message: string }[] }).errors ?? []).find(
          (error) => error.field === field,
        );
        if (problem?.message !== `${field} is required`)
          failures.push(where(`{} should report "${field} is required", got ${JSON.stringify(problem)}`));
      }
      for (const { field, schema: property, wrap } of fieldsOf(schema)) {
        const body = (value: unknown) => JSON.stringify(wrap(value));
        if (!isNullable(property)) expectNamed(where(`{${field}: null}`), await send('null', method, url, { body: body(null) }), field);
        for (const text of ['a\\u0000b', '\\ud800']) {
          const raw = JSON.stringify(wrap('PLACEHOLDER')).replace('PLACEHOLDER', text);
          expectNamed(where(`{${field}: "${text}"}`), await send('hostile text', method, url, { body: raw }), field);
        }
        if (isNumeric(property)) {
          for (const number of HUGE_NUMBERS)
            expectNamed(where(`{${field}: ${number}}`), await send('huge number', method, url, { body: body(number) }), field);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
