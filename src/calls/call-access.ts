import { hasRole, Principal } from '../common/access/principal';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Role } from '../common/identity/role';
import { PUBLIC_CALL_STATES } from './call-state';
import { Call } from './call.entity';

/** Officers of the two agencies a call is between. */
export const isPartyOfficer = (user: Principal, call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>): boolean =>
  hasRole(user, Role.Officer) && (user.agencyId === call.homeAgencyId || user.agencyId === call.partnerAgencyId);

/** Admins see every call, party officers theirs (drafts included), everyone else the published ones. */
export const canSeeCall = (user: Principal, call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId' | 'state'>): boolean =>
  hasRole(user, Role.Admin) || isPartyOfficer(user, call) || PUBLIC_CALL_STATES.includes(call.state);

/** A call the caller may not see does not exist for them; one they see but may not change is 403. */
export function assertPartyOfficer(user: Principal, call: Call): void {
  if (!canSeeCall(user, call)) throw notFound('Call');
  if (!isPartyOfficer(user, call))
    throw new DomainError('CALL_PARTY_OFFICER_REQUIRED', 'forbidden', 'Only officers of the two agencies of this call may do this');
}
