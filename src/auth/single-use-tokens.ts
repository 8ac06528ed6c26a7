import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { SingleUseToken, TokenPurpose } from './single-use-token.entity';

const digestOf = (token: string) => createHash('sha256').update(token).digest();

/**
 * The tokens of e-mailed links (a password reset, an address to verify): random, stored only as a digest, used once,
 * expiring, and accepted only for the purpose they were issued for. Both methods join the caller's transaction.
 */
@Injectable()
export class SingleUseTokens {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(SingleUseToken);
  }

  /** A new token for the account; the caller e-mails it. */
  async issue(userId: string, purpose: TokenPurpose, lifetimeMs: number): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + lifetimeMs);
    const saved = await this.repository.save({ digest: digestOf(token), purpose, userId, expiresAt, usedAt: null });
    return { id: saved.id, token, expiresAt };
  }

  /**
   * Uses the token up and answers whose it is; null when it is unknown, used, expired or for another purpose. The row
   * is locked, so that two requests with the same token cannot both succeed.
   */
  async redeem(token: string, purpose: TokenPurpose): Promise<string | null> {
    const found = await this.repository.findOne({
      where: { digest: digestOf(token), purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found) return null;
    await this.repository.update(found.id, { usedAt: new Date() });
    return found.userId;
  }
}
