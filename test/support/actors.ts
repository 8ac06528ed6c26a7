import request from 'supertest';
import { DataSource } from 'typeorm';
import { Agency } from '../../src/reference-data/agency.entity';
import { AGENCIES } from '../../src/seed/reference.data';
import { Language, Role } from '../../src/common/identity/role';
import { UsersService } from '../../src/users/users.service';
import { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';

/** What supertest talks to: the in-process test app, or the base URL of an API running elsewhere (a benchmark's child). */
export type ApiTarget = TestApp | string;

export const api = (target: ApiTarget) => request(typeof target === 'string' ? target : target.http);

export interface Session {
  email: string;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export interface Actor extends Session {
  id: string;
}

/** Signs an existing user in through the API. */
export async function logIn(target: ApiTarget, email: string, password: string): Promise<Session> {
  const { body } = await api(target).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { email, token: body.accessToken, refreshToken: body.refreshToken, auth: { Authorization: `Bearer ${body.accessToken}` } };
}

/** Loads the real agencies of the seed into the test database; returns them by code. */
export async function loadAgencies(dataSource: DataSource): Promise<Map<string, Agency>> {
  await dataSource.createQueryBuilder().insert().into(Agency).values(AGENCIES).orIgnore().execute();
  return new Map((await dataSource.getRepository(Agency).find()).map((agency) => [agency.code, agency]));
}

let counter = 0;

/** Creates a user with the given roles and signs them in through the API. */
export async function signedIn(
  testApp: TestApp,
  roles: Role[],
  options: { agencyId?: string; language?: Language; email?: string } = {},
): Promise<Actor> {
  const email = options.email ?? `${roles.join('-').toLowerCase()}-${++counter}-${process.pid}@example.org`;
  const user = await testApp.app.get(UsersService).create({
    email,
    name: `Test ${roles.join(' ')} ${counter}`,
    password: PASSWORD,
    language: options.language ?? Language.English,
    roles,
    agencyId: options.agencyId ?? null,
  });
  return { id: user.id, ...(await logIn(testApp, email, PASSWORD)) };
}

/** Asserts an RFC 9457 answer and returns its body. */
export function expectProblem(response: request.Response, status: number, code: string) {
  expect({ status: response.status, contentType: response.headers['content-type'], code: response.body.code }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
    code,
  });
  expect(response.body).toMatchObject({
    type: `urn:joint-calls:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    status,
    title: expect.any(String),
  });
  expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(js|ts):\d+|QueryFailedError|SELECT |INSERT /);
  return response.body as { detail: string; errors?: { field: string; message: string }[] };
}
