import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SkipThrottle, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';

/** Attempts per client address and account: guessing one account's password is slowed down. */
export const ATTEMPTS = 'default';
/** Requests per client address, whatever the account: one address cannot walk through thousands of e-mails. */
export const PER_ADDRESS = 'per-address';
/** Requests per account, from any address: a mailbox cannot be flooded with reset links. */
export const PER_ACCOUNT = 'per-account';

const REFUSALS: Record<string, string> = {
  [ATTEMPTS]: 'Too many attempts for this account from your address',
  [PER_ADDRESS]: 'Too many requests from your address',
  [PER_ACCOUNT]: 'Too many requests for this account',
};

/** A count passed its limit, for so many seconds more. */
class Throttled extends Error {
  constructor(readonly seconds: number) {
    super('throttled');
  }
}

/** Login counts per address and account only: a whole institution behind one NAT address is never locked out. */
export const LoginLimits = () => SkipThrottle({ [PER_ADDRESS]: true, [PER_ACCOUNT]: true });
/** Registration and reset confirmations: per address and account, and per address. */
export const AccountLimits = () => SkipThrottle({ [PER_ACCOUNT]: true });
/** A reset e-mail: every limit, including the one per account. */
export const ResetLimits = () => SkipThrottle({});

/**
 * The limits of the public account routes, counted in Redis (shared by every replica). Which counts apply to a
 * route is said beside it (LoginLimits, AccountLimits, ResetLimits).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  /** Whom a count is kept for depends on the count; so does the refusal's wording. */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const name = request.throttler.name ?? ATTEMPTS;
    try {
      return await super.handleRequest({ ...request, getTracker: (req) => this.trackerFor(name, req) });
    } catch (error) {
      if (!(error instanceof Throttled)) throw error;
      // The library names the header after the count (Retry-After-per-address); clients know only Retry-After.
      void request.context.switchToHttp().getResponse<FastifyReply>().header('retry-after', error.seconds);
      throw new HttpException(
        `${REFUSALS[name] ?? REFUSALS[ATTEMPTS]}; try again in ${error.seconds} seconds`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  private async trackerFor(name: string, request: Record<string, unknown>): Promise<string> {
    const body = request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    const address = await super.getTracker(request);
    if (name === PER_ADDRESS) return address;
    if (name === PER_ACCOUNT) return email;
    return `${address}|${email}`;
  }

  /** The library's ThrottlerException prefixes its message with "ThrottlerException:"; the words are ours. */
  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new Throttled(limit.timeToBlockExpire || limit.timeToExpire);
  }
}
