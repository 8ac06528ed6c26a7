import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { RecipientDirectory } from '../notifications/recipients';
import { UsersService } from '../users/users.service';
import { RefreshTokenService } from './refresh-token.service';
import { AUTH_ERRORS } from './auth.errors';
import { TokenPurpose } from './single-use-token.entity';
import { SingleUseTokens } from './single-use-tokens';

const RESET_LIFETIME_MS = 30 * 60 * 1000;

/** Password reset by e-mail: a single-use token that expires, and an answer that never says whether an account exists. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly tokens: SingleUseTokens,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    private readonly links: PublicLinks,
    private readonly directory: RecipientDirectory,
  ) {}

  @Transactional()
  async request(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    // The directory holds active accounts only: an inactive one gets no link. It knows the zone to show times in.
    const to = user ? (await this.directory.accounts([user.id])).get(user.id) : undefined;
    if (!user || !to) return;
    const { token, expiresAt, id } = await this.issue(user.id, RESET_LIFETIME_MS);
    await this.outbox.request({
      type: EmailType.PasswordReset,
      to: { email: to.email, name: to.name, language: to.language },
      about: { type: 'USER', id: user.id },
      occurrence: id,
      variables: {
        name: to.name,
        resetUrl: this.links.resetPassword(token, to.language),
        expiresAt: expiresAt.toISOString(),
        timezone: to.timezone,
      },
      sensitive: true,
    });
  }

  /**
   * A single-use token that sets the account's password, in the caller's transaction; the caller e-mails it (a reset,
   * or a new reviewer account whose first password the reviewer chooses). Only its digest is stored.
   */
  issue(userId: string, lifetimeMs: number): Promise<{ id: string; token: string; expiresAt: Date }> {
    return this.tokens.issue(userId, TokenPurpose.PasswordReset, lifetimeMs);
  }

  @Transactional()
  async confirm(token: string, password: string): Promise<void> {
    const userId = await this.tokens.redeem(token, TokenPurpose.PasswordReset);
    if (!userId) throw AUTH_ERRORS.RESET_TOKEN_INVALID();
    await this.users.setPassword(userId, password);
    // The link came through the account's mailbox: the address is proven, and a password that someone else chose
    // when registering it (before its owner) is gone.
    await this.users.markEmailVerified(userId);
    // Whoever knew the old password is signed out everywhere.
    await this.refreshTokens.revokeAllOf(userId);
    await this.audit.record({ actorId: userId, entityType: 'USER', entityId: userId, action: 'PASSWORD_RESET' });
  }
}
