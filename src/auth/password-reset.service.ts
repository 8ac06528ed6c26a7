import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService } from '../notifications/outbox.service';
import { personalTimezone } from '../notifications/recipients';
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
  ) {}

  @Transactional()
  async request(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.active) return;
    const { token, expiresAt, id } = await this.issue(user.id, RESET_LIFETIME_MS);
    await this.outbox.request({
      type: EmailType.PasswordReset,
      to: { email: user.email, name: user.name, language: user.language },
      about: { type: 'USER', id: user.id },
      occurrence: id,
      variables: {
        name: user.name,
        resetUrl: this.links.resetPassword(token, user.language),
        expiresAt: expiresAt.toISOString(),
        timezone: personalTimezone(user),
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
