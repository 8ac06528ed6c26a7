import { definePolicy } from '../common/access/access-policy';
import { hasRole } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { WEBHOOK_ERRORS } from './webhook.errors';

/**
 * An agency's endpoints and their deliveries are its own: its officers see and manage them, admins see them, and
 * for anyone else they do not exist.
 */
export const WEBHOOK_ACCESS = definePolicy<{ agencyId: string }, 'manage'>({
  hidden: WEBHOOK_ERRORS.WEBHOOK_ENDPOINT_NOT_FOUND,
  canSee: (user, endpoint) => hasRole(user, Role.Admin) || (hasRole(user, Role.Officer) && user.agencyId === endpoint.agencyId),
  permissions: {
    manage: {
      allows: (user, endpoint) => hasRole(user, Role.Officer) && user.agencyId === endpoint.agencyId,
      refusal: WEBHOOK_ERRORS.WEBHOOK_OFFICER_REQUIRED,
    },
  },
});
