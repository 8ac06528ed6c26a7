import { createHmac } from 'node:crypto';

/**
 * Access tokens an attacker could make: signed with another key, unsigned (`alg: none`), in an algorithm the API
 * does not take, expired, issued in the future, for another audience or issuer. Built by hand (no JWT library), so
 * a token can be as wrong as the test wants.
 */
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(header: object, payload: object, secret: string | null, algorithm = 'sha256'): string {
  const unsigned = `${part(header)}.${part(payload)}`;
  if (secret === null) return `${unsigned}.`;
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

export interface TokenClaims {
  sub: string;
  roles: string[];
  agencyId: string | null;
  lang: string;
}

/** Each forgery of a valid principal's claims, by name; none may open a guarded route. */
export function forgedTokens(secret: string, claims: TokenClaims, audience: Record<string, string>): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const valid = { ...claims, ...audience, iat: now, exp: now + 600 };
  const hs256 = { alg: 'HS256', typ: 'JWT' };
  return {
    'signed with another key': signJwt(hs256, valid, 'another-key-of-at-least-thirty-two-characters'),
    'alg none': signJwt({ alg: 'none', typ: 'JWT' }, valid, null),
    'alg None, signature kept': signJwt({ alg: 'None', typ: 'JWT' }, valid, secret),
    'HS512 with the right key': signJwt({ alg: 'HS512', typ: 'JWT' }, valid, secret, 'sha512'),
    expired: signJwt(hs256, { ...valid, iat: now - 7200, exp: now - 3600 }, secret),
    'issued in the future': signJwt(hs256, { ...valid, iat: now + 86_400, exp: now + 86_400 + 600 }, secret),
    'not valid before tomorrow': signJwt(hs256, { ...valid, nbf: now + 86_400 }, secret),
    'no expiry': signJwt(hs256, { ...claims, ...audience, iat: now }, secret),
    'another audience': signJwt(hs256, { ...valid, aud: 'another-service' }, secret),
    'no audience': signJwt(hs256, { ...claims, iat: now, exp: now + 600 }, secret),
    'another issuer': signJwt(hs256, { ...valid, iss: 'https://attacker.example' }, secret),
    'payload swapped under a valid signature': (() => {
      const [header, , signature] = signJwt(hs256, { ...valid, roles: ['RESEARCHER'] }, secret).split('.');
      return `${header}.${part(valid)}.${signature}`;
    })(),
  };
}
