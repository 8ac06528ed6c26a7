import { isPartyOfficer } from '../calls/call-access';
import { CALL_ERRORS } from '../calls/call.errors';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole } from '../common/access/principal';
import { Role } from '../common/identity/role';

/**
 * A call's figures (requested and granted amounts, decisions in progress) are the two agencies' business: their
 * officers and admins read them; for anyone else the call has no statistics, as if it did not exist.
 */
export const STATISTICS_ACCESS = definePolicy<Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>, never>({
  hidden: CALL_ERRORS.CALL_NOT_FOUND,
  canSee: (user, call) => hasRole(user, Role.Admin) || isPartyOfficer(user, call),
  permissions: {},
});
