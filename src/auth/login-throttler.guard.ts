import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../common/errors/domain-error';

/**
 * Counts attempts per client address and account, so that guessing one account's password is slowed down
 * without locking out a whole institution behind one NAT address.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    return `${await super.getTracker(request)}|${email}`;
  }

  /** The guard has set Retry-After by now; the detail says the same in words (the library's says "ThrottlerException"). */
  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = limit.timeToBlockExpire || limit.timeToExpire;
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      'too-many-requests',
      `Too many attempts for this account from your address; try again in ${seconds} seconds`,
    );
  }
}
