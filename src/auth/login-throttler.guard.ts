import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';

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

  /**
   * The guard has set Retry-After by now; the detail says the same in words. (The library's ThrottlerException
   * prefixes its message with "ThrottlerException:", which became the problem's detail.)
   */
  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = limit.timeToBlockExpire || limit.timeToExpire;
    throw new HttpException(
      `Too many attempts for this account from your address; try again in ${seconds} seconds`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
