import { isPartyOfficer } from '../calls/call-access';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { PROPOSAL_ERRORS } from '../proposals/proposal.errors';
import { DECISION_ERRORS } from './decisions.errors';

export type DecisionAccessSubject = Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>;

/**
 * The funding decisions on a call's proposals are the two agencies' business: their officers see both sides (and
 * admins do), nobody else learns they exist. An officer records only their own agency's decision: the route names
 * no agency (`decisions/mine`), the agency is the officer's own, so the other side's is out of reach by construction.
 */
export const DECISION_ACCESS = definePolicy<DecisionAccessSubject, 'decide'>({
  // Hidden answers exactly as a proposal that does not exist: the other agencies learn nothing of it.
  hidden: PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND,
  canSee: (user, call) => hasRole(user, Role.Admin) || isPartyOfficer(user, call),
  permissions: {
    decide: { allows: isPartyOfficer, refusal: DECISION_ERRORS.DECISION_OFFICER_REQUIRED },
  },
});
