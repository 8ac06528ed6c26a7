import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { RecipientDirectory } from '../notifications/recipients';
import { UsersService } from '../users/users.service';
import { PasswordReset } from './password-reset.entity';
import { RefreshTokenService } from './refresh-token.service';
import { AUTH_ERRORS } from './auth.errors';

const RESET_LIFETIME_MS = 30 * 60 * 1000;
const digestOf = (token: string) => createHash('sha256').update(token).digest();

/** Password reset by e-mail: a single-use token that expires, and an answer that never says whether an account exists. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
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
  async issue(userId: string, lifetimeMs: number): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + lifetimeMs);
    const reset = await this.txHost.tx.getRepository(PasswordReset).save({ digest: digestOf(token), userId, expiresAt, usedAt: null });
    return { id: reset.id, token, expiresAt };
  }

  @Transactional()
  async confirm(token: string, password: string): Promise<void> {
    const repository = this.txHost.tx.getRepository(PasswordReset);
    const reset = await repository.findOne({
      where: { digest: digestOf(token), usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!reset) throw AUTH_ERRORS.RESET_TOKEN_INVALID();
    await repository.update(reset.id, { usedAt: new Date() });
    await this.users.setPassword(reset.userId, password);
    // Whoever knew the old password is signed out everywhere.
    await this.refreshTokens.revokeAllOf(reset.userId);
    await this.audit.record({ actorId: reset.userId, entityType: 'USER', entityId: reset.userId, action: 'PASSWORD_RESET' });
  }
}
