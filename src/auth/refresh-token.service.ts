import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { Environment } from '../config/environment';
import { RefreshToken } from './refresh-token.entity';

const digestOf = (token: string) => createHash('sha256').update(token).digest();

export type Rotation =
  { outcome: 'rotated'; userId: string; token: string } | { outcome: 'reused'; userId: string; familyId: string } | { outcome: 'invalid' };

/** Opaque refresh tokens: only their digest is stored, each is used once, and reuse exposes the family. */
@Injectable()
export class RefreshTokenService {
  private readonly lifetimeMs: number;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    config: ConfigService<Environment, true>,
  ) {
    this.lifetimeMs = config.get('JWT_REFRESH_TTL_DAYS', { infer: true }) * 24 * 3600 * 1000;
  }

  private get repository() {
    return this.txHost.tx.getRepository(RefreshToken);
  }

  /** Starts a new family (a login) or continues one (a rotation). */
  async issue(userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repository.insert({ digest: digestOf(token), familyId, userId, expiresAt: new Date(Date.now() + this.lifetimeMs) });
    return token;
  }

  /**
   * Spends a token and issues its successor. The spend is a conditional UPDATE, so of two concurrent
   * refreshes with one token exactly one wins; the loser is treated as reuse.
   */
  @Transactional()
  async rotate(token: string): Promise<Rotation> {
    const current = await this.repository.findOne({ where: { digest: digestOf(token) } });
    if (!current || current.revokedAt || current.expiresAt.getTime() <= Date.now()) return { outcome: 'invalid' };
    const spent = await this.repository.update({ id: current.id, usedAt: IsNull() }, { usedAt: new Date() });
    if (spent.affected !== 1) return { outcome: 'reused', userId: current.userId, familyId: current.familyId };
    return { outcome: 'rotated', userId: current.userId, token: await this.issue(current.userId, current.familyId) };
  }

  /** Revokes the token's whole family: logout, or the answer to a reused token. */
  async revokeFamilyOf(token: string): Promise<void> {
    const current = await this.repository.findOne({ where: { digest: digestOf(token) } });
    if (current) await this.revokeFamily(current.familyId);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repository.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** After a password change nobody holding an old session keeps it. */
  async revokeAllOf(userId: string): Promise<void> {
    await this.repository.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
