import { isPartyOfficer } from '../calls/call-access';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { ASSIGNMENT_PLAN_ERRORS } from './assignment-plans.errors';

/** A call's assignment plans are the business of its two agencies' officers (and visible to admins); others get 404. */
export const ASSIGNMENT_PLAN_ACCESS = definePolicy<Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>, 'plan'>({
  hidden: ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_NOT_FOUND,
  canSee: (user, call) => hasRole(user, Role.Admin) || isPartyOfficer(user, call),
  permissions: {
    plan: { allows: (user, call) => isPartyOfficer(user, call), refusal: ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_OFFICER_REQUIRED },
  },
});
