import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { AUTH_ERRORS } from './auth.errors';

interface AccessClaims {
  sub: string;
  roles: Role[];
  agencyId: string | null;
  lang: Language;
  exp?: number;
}

/** Verified tokens remembered, at most this many (the oldest forgotten first). */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Short-lived signed access tokens. The guard trusts their claims for their few minutes of life, so a request
 * needs no database round trip to be authorised; role changes take effect at the next refresh.
 */
@Injectable()
export class AccessTokenService {
  /** Token -> its principal and expiry (epoch ms): a token is verified once, not on every request it comes with. */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly jwt: JwtService) {}

  issue(user: { id: string; roles: Role[]; agencyId: string | null; language: Language }): string {
    const claims: AccessClaims = { sub: user.id, roles: user.roles, agencyId: user.agencyId, lang: user.language };
    return this.jwt.sign(claims);
  }

  /**
   * The principal of a bearer token. Verifying the signature (HMAC) and decoding the claims was the largest cost of
   * an authenticated read after the query; a token seen before is known by its exact text until it expires, as
   * jsonwebtoken judges expiry (valid while now < exp).
   */
  verify(authorization: string | undefined): Principal {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization ?? '');
    if (!match) throw AUTH_ERRORS.TOKEN_MISSING();
    const token = match[1];
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.principal;
    if (known) this.verified.delete(token);
    try {
      const claims = this.jwt.verify<AccessClaims>(token, { algorithms: ['HS256'] });
      // Shared by every request carrying the token: frozen, so that none can change it for the others.
      const principal: Principal = Object.freeze({
        id: claims.sub,
        roles: Object.freeze([...claims.roles]) as Role[],
        agencyId: claims.agencyId,
        language: claims.lang,
      });
      if (typeof claims.exp === 'number') this.remember(token, principal, claims.exp * 1000);
      return principal;
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw AUTH_ERRORS.TOKEN_EXPIRED();
      }
      throw AUTH_ERRORS.TOKEN_INVALID();
    }
  }

  private remember(token: string, principal: Principal, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAt });
  }
}
