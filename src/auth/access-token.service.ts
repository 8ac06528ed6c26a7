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
}

/**
 * Short-lived signed access tokens. The guard trusts their claims for their few minutes of life, so a request
 * needs no database round trip to be authorised; role changes take effect at the next refresh.
 */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(user: { id: string; roles: Role[]; agencyId: string | null; language: Language }): string {
    const claims: AccessClaims = { sub: user.id, roles: user.roles, agencyId: user.agencyId, lang: user.language };
    return this.jwt.sign(claims);
  }

  verify(authorization: string | undefined): Principal {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization ?? '');
    if (!match) throw AUTH_ERRORS.TOKEN_MISSING();
    try {
      const claims = this.jwt.verify<AccessClaims>(match[1], { algorithms: ['HS256'] });
      return { id: claims.sub, roles: claims.roles, agencyId: claims.agencyId, language: claims.lang };
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw AUTH_ERRORS.TOKEN_EXPIRED();
      }
      throw AUTH_ERRORS.TOKEN_INVALID();
    }
  }
}
