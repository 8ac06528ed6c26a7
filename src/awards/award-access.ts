import { isPartyOfficer } from '../calls/call-access';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { piOf } from '../proposals/proposal-access';
import { TeamMember } from '../proposals/team-member.entity';
import { AWARD_ERRORS } from './awards.errors';

export interface AwardAccessSubject {
  call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>;
  team: Pick<TeamMember, 'role' | 'userId' | 'confirmedAt'>[];
}

/**
 * An award is seen by its PIs, by the officers of its call's two agencies and by admins; a third agency does not
 * learn it exists. The PIs submit its reports; each agency's officers give their agency's verdict on them.
 */
export const AWARD_ACCESS = definePolicy<AwardAccessSubject, 'report' | 'review'>({
  hidden: AWARD_ERRORS.AWARD_NOT_FOUND,
  canSee: (user, { call, team }) => hasRole(user, Role.Admin) || isPartyOfficer(user, call) || piOf(user, { team }) !== undefined,
  permissions: {
    report: { allows: (user, { team }) => piOf(user, { team }) !== undefined, refusal: AWARD_ERRORS.AWARD_PI_REQUIRED },
    review: { allows: (user, { call }) => isPartyOfficer(user, call), refusal: AWARD_ERRORS.AWARD_OFFICER_REQUIRED },
  },
});
