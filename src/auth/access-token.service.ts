import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { Principal } from '../common/access/principal';
import { DomainError } from '../common/errors/domain-error';
import { Language, Role } from '../common/identity/role';
import { AUTH_ERRORS } from './auth.errors';

interface AccessClaims {
  sub: string;
  roles: Role[];
  agencyId: string | null;
  lang: Language;
  iat?: number;
  exp?: number;
}

/** Verified tokens remembered, at most this many (the oldest forgotten first). */
const VERIFIED_CACHE_SIZE = 10_000;

/** Who the tokens are for and who issues them: a token made for another service (same key or not) opens nothing here. */
export const ACCESS_TOKEN_AUDIENCE = 'joint-calls:api';
export const ACCESS_TOKEN_ISSUER = 'joint-calls:auth';
/** The one algorithm accepted: a token naming another (none, HS512, RS256 with our secret as a "public key") is refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** How far a token's issue time may lie ahead of this replica's clock (replicas' clocks agree within a second). */
const CLOCK_SKEW_SECONDS = 30;

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
      const claims = this.jwt.verify<AccessClaims>(token, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        audience: ACCESS_TOKEN_AUDIENCE,
        issuer: ACCESS_TOKEN_ISSUER,
      });
      // jsonwebtoken accepts a token without exp, and one issued in the future; ours always carry both, in the past.
      // Real time, as the library's own exp check uses: the tokens live in the clients' world, not the test clock's.
      const now = Math.floor(Date.now() / 1000);
      if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.iat > now + CLOCK_SKEW_SECONDS) {
        throw AUTH_ERRORS.TOKEN_INVALID();
      }
      // Shared by every request carrying the token: frozen, so that none can change it for the others.
      const principal: Principal = Object.freeze({
        id: claims.sub,
        roles: Object.freeze([...claims.roles]) as Role[],
        agencyId: claims.agencyId,
        language: claims.lang,
      });
      this.remember(token, principal, claims.exp * 1000);
      return principal;
    } catch (error) {
      if (error instanceof DomainError) throw error;
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
