import { DomainError } from '../errors/domain-error';

/** Optimistic concurrency: refuse an edit made against a version other than the stored one. */
export function assertVersion(entity: string, stored: number, sent: number): void {
  if (stored !== sent) {
    throw new DomainError(
      'STALE_VERSION',
      'conflict',
      `${entity} has changed since you read it (you sent version ${sent}, it is now ${stored}); reload and try again`,
    );
  }
}
