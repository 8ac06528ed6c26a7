import { DEMO_USERS } from '../seed/reference.data';

export interface Json {
  [key: string]: unknown;
}

/** One call to the demo's API, as a client would make it; a refusal throws with the problem's detail. */
export async function callApi(api: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Json> {
  const response = await fetch(`${api}${path}`, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Json;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${String(body.detail ?? body.title)}`);
  return body;
}

/** Signs a demo account in (README's table) and answers its access token. */
export async function signInAs(api: string, email: string): Promise<string> {
  const user = DEMO_USERS.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`${email} is no demo account`);
  const { accessToken } = await callApi(api, '/api/v1/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password: user.password }),
  });
  return String(accessToken);
}
