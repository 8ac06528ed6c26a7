import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { Language, Role } from '../common/identity/role';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { Credentials, Registration, TokenPair } from './dto/auth.dto';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { AUTH_ERRORS } from './auth.errors';

@Injectable()
export class AuthService {
  private readonly accessTtlSeconds: number;

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly links: PublicLinks,
    config: ConfigService<Environment, true>,
  ) {
    this.accessTtlSeconds = config.get('JWT_ACCESS_TTL_SECONDS', { infer: true });
  }

  /** Self-registration creates a researcher; other roles are granted by an admin. */
  @Transactional()
  async register(registration: Registration): Promise<User> {
    const user = await this.users.create({
      email: registration.email,
      name: registration.name,
      password: registration.password,
      language: registration.language ?? Language.English,
      roles: [Role.Researcher],
      agencyId: null,
    });
    await this.audit.record({ actorId: user.id, entityType: 'USER', entityId: user.id, action: 'REGISTERED' });
    await this.outbox.request({
      type: EmailType.Welcome,
      to: { email: user.email, name: user.name, language: user.language },
      about: { type: 'USER', id: user.id },
      occurrence: 'registered',
      variables: { name: user.name, loginUrl: this.links.signIn(user.language) },
    });
    return user;
  }

  @Transactional()
  async login({ email, password }: Credentials): Promise<TokenPair> {
    const user = await this.users.findWithPasswordHash(email);
    const matches = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !matches || !user.active) throw AUTH_ERRORS.INVALID_CREDENTIALS();
    return this.pairFor(user, await this.refreshTokens.issue(user.id));
  }

  async refresh(token: string): Promise<TokenPair> {
    const rotation = await this.refreshTokens.rotate(token);
    if (rotation.outcome === 'invalid') throw AUTH_ERRORS.REFRESH_TOKEN_INVALID();
    if (rotation.outcome === 'reused') {
      await this.revokeReusedFamily(rotation.userId, rotation.familyId);
      throw AUTH_ERRORS.REFRESH_TOKEN_REUSED();
    }
    const user = await this.users.findActive(rotation.userId);
    if (!user) throw AUTH_ERRORS.REFRESH_TOKEN_INVALID();
    return this.pairFor(user, rotation.token);
  }

  async logout(token: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOf(token);
  }

  /** Committed on its own, before the refusal is answered: the revocation must survive the error. */
  @Transactional()
  private async revokeReusedFamily(userId: string, familyId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(familyId);
    await this.audit.record({ actorId: null, entityType: 'USER', entityId: userId, action: 'REFRESH_TOKEN_REUSED', data: { familyId } });
  }

  private pairFor(user: Pick<User, 'id' | 'roles' | 'agencyId' | 'language'>, refreshToken: string): TokenPair {
    return { accessToken: this.accessTokens.issue(user), refreshToken, tokenType: 'Bearer', expiresIn: this.accessTtlSeconds };
  }
}
