import { definePolicy } from '../common/access/access-policy';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { PUBLIC_CALL_STATES } from './call-state';
import { CALL_ERRORS } from './call.errors';
import { Call } from './call.entity';

/** Officers of the two agencies a call is between. */
export const isPartyOfficer = (user: Principal, call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>): boolean =>
  hasRole(user, Role.Officer) && (user.agencyId === call.homeAgencyId || user.agencyId === call.partnerAgencyId);

export type CallAccessSubject = Pick<Call, 'homeAgencyId' | 'partnerAgencyId' | 'state'>;

/**
 * Admins see every call, party officers theirs (drafts included), everyone else the published ones. Only the
 * officers of the call's two agencies manage it: edit, approve, publish, extend, cancel, move it along.
 */
export const CALL_ACCESS = definePolicy<CallAccessSubject, 'manage'>({
  hidden: CALL_ERRORS.CALL_NOT_FOUND,
  canSee: (user, call) => hasRole(user, Role.Admin) || isPartyOfficer(user, call) || PUBLIC_CALL_STATES.includes(call.state),
  permissions: {
    manage: { allows: isPartyOfficer, refusal: CALL_ERRORS.CALL_PARTY_OFFICER_REQUIRED },
  },
});
