import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { Language, Role } from '../common/identity/role';
import { InvitationProof } from '../proposals/invitation-proof';
import { User } from '../users/user.entity';
import { USER_ERRORS } from '../users/user.errors';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { Credentials, Registration, RegistrationAccepted, TokenPair } from './dto/auth.dto';
import { EmailVerificationService } from './email-verification.service';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { AUTH_ERRORS } from './auth.errors';

/** A registration either waits for its e-mailed link (the usual answer, the same for a taken address) or is ready. */
export type RegistrationOutcome = { accepted: RegistrationAccepted; tokens?: never } | { tokens: TokenPair; accepted?: never };

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
    private readonly verifications: EmailVerificationService,
    private readonly invitations: InvitationProof,
    config: ConfigService<Environment, true>,
  ) {
    this.accessTtlSeconds = config.get('JWT_ACCESS_TTL_SECONDS', { infer: true });
  }

  /**
   * Self-registration of a researcher (other roles are granted by an admin). The answer never tells whether the
   * address had an account: a new one waits unverified for the link e-mailed to it, and the owner of an existing one is
   * told by e-mail that someone tried. Only an invitation e-mailed to this very address proves it at once (its holder
   * reads the mailbox, so telling them about the address hides nothing from anyone else): the account is ready, or
   * the address is said to be taken.
   */
  @Transactional()
  async register(registration: Registration): Promise<RegistrationOutcome> {
    const { email, invitation } = registration;
    const proven = invitation ? await this.invitations.provesAddress(invitation.proposalId, invitation.token, email) : false;
    const input = {
      email,
      name: registration.name,
      password: registration.password,
      language: registration.language ?? Language.English,
      roles: [Role.Researcher],
      agencyId: null,
    };
    // Hashes the password whether or not the address is taken: both answers take as long.
    const user = await this.users.createUnlessTaken(input, proven ? new Date() : null);
    if (!user) {
      if (proven) throw USER_ERRORS.EMAIL_TAKEN();
      await this.tellOwner(email);
      return { accepted: RegistrationAccepted.of(email) };
    }
    await this.audit.record({ actorId: user.id, entityType: 'USER', entityId: user.id, action: 'REGISTERED', data: { proven } });
    if (!proven) {
      await this.verifications.send(user);
      return { accepted: RegistrationAccepted.of(email) };
    }
    await this.welcome(user);
    return { tokens: this.pairFor(user, await this.refreshTokens.issue(user.id)) };
  }

  /** The link of the verification e-mail: the address is proven, the person is signed in. */
  @Transactional()
  async verifyEmail(token: string): Promise<TokenPair> {
    const { user, newlyVerified } = await this.verifications.verify(token);
    if (newlyVerified) await this.welcome(user);
    return this.pairFor(user, await this.refreshTokens.issue(user.id));
  }
  @Transactional()
  async login({ email, password }: Credentials): Promise<TokenPair> {
    const user = await this.users.findWithPasswordHash(email);
    const matches = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !matches || !user.active) throw AUTH_ERRORS.INVALID_CREDENTIALS();
    // Said only to whoever knows the password, so it tells nobody else that the address registered.
    if (!user.emailVerifiedAt) throw AUTH_ERRORS.EMAIL_NOT_VERIFIED();
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

  /** Someone tried to register an address that has an account: its owner hears of it, the requester does not. */
  private async tellOwner(email: string): Promise<void> {
    const owner = await this.users.findByEmail(email);
    if (!owner?.active) return;
    await this.audit.record({ actorId: null, entityType: 'USER', entityId: owner.id, action: 'REGISTRATION_REPEATED' });
    await this.outbox.request({
      type: EmailType.AccountExists,
      to: { email: owner.email, name: owner.name, language: owner.language },
      about: { type: 'USER', id: owner.id },
      occurrence: randomUUID(),
      variables: {
        name: owner.name,
        signInUrl: this.links.signIn(owner.language),
        resetUrl: this.links.passwordResetRequest(owner.language),
      },
    });
  }

  /** Once an account is ready to use; sent once per account. */
  private async welcome(user: User): Promise<void> {
    await this.outbox.request({
      type: EmailType.Welcome,
      to: { email: user.email, name: user.name, language: user.language },
      about: { type: 'USER', id: user.id },
      occurrence: 'registered',
      variables: { name: user.name, loginUrl: this.links.signIn(user.language) },
    });
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
