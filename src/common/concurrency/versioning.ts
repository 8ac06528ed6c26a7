import { COMMON_ERRORS } from '../errors/common.errors';

/** Optimistic concurrency: refuse an edit made against a version other than the stored one. */
export function assertVersion(entity: string, stored: number, sent: number): void {
  if (stored !== sent) {
    throw COMMON_ERRORS.STALE_VERSION(
      `${entity} has changed since you read it (you sent version ${sent}, it is now ${stored}); reload and try again`,
    );
  }
}

/** For actions where the version is optional: checked only when the client sent one. */
export function assertVersionIfSent(entity: string, stored: number, sent: number | undefined): void {
  if (sent !== undefined) assertVersion(entity, stored, sent);
}
