import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { RecipientDirectory } from '../notifications/recipients';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AUTH_ERRORS } from './auth.errors';
import { TokenPurpose } from './single-use-token.entity';
import { SingleUseTokens } from './single-use-tokens';

const VERIFICATION_LIFETIME_MS = 24 * 3600 * 1000;

/**
 * A self-registered account's address is proven by a single-use link e-mailed to it; until then the account cannot
 * sign in. Asking for a new link answers the same whether or not the address has an account waiting.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly tokens: SingleUseTokens,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: PublicLinks,
    private readonly directory: RecipientDirectory,
  ) {}

  /** E-mails a new link to the account's address, in the caller's transaction. */
  async send(user: User): Promise<void> {
    // The directory knows the zone to show times in (the agency of the person's country, as for every e-mail).
    const to = (await this.directory.accounts([user.id])).get(user.id);
    const { id, token, expiresAt } = await this.tokens.issue(user.id, TokenPurpose.EmailVerification, VERIFICATION_LIFETIME_MS);
    await this.outbox.request({
      type: EmailType.EmailVerification,
      to: { email: user.email, name: user.name, language: user.language },
      about: { type: 'USER', id: user.id },
      occurrence: id,
      variables: {
        name: user.name,
        verifyUrl: this.links.verifyEmail(token, user.language),
        expiresAt: expiresAt.toISOString(),
        timezone: to?.timezone ?? 'UTC',
      },
      sensitive: true,
    });
  }

  @Transactional()
  async resend(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.active || user.emailVerifiedAt) return;
    await this.send(user);
  }

  /**
   * Uses the link's token up and answers the account, and whether this verified it (a password reset through the
   * same mailbox may have done so before); joins the caller's transaction.
   */
  async verify(token: string): Promise<{ user: User; newlyVerified: boolean }> {
    const userId = await this.tokens.redeem(token, TokenPurpose.EmailVerification);
    const user = userId ? await this.users.findActive(userId) : null;
    if (!user) throw AUTH_ERRORS.VERIFICATION_TOKEN_INVALID();
    const newlyVerified = await this.users.markEmailVerified(user.id);
    if (newlyVerified) await this.audit.record({ actorId: user.id, entityType: 'USER', entityId: user.id, action: 'EMAIL_VERIFIED' });
    return { user, newlyVerified };
  }
}
