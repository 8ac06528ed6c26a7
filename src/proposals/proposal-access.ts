import { isPartyOfficer } from '../calls/call-access';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { Proposal } from './proposal.entity';
import { TeamMember, TeamRole } from './team-member.entity';

export interface ProposalAccessSubject {
  proposal: { team: Pick<TeamMember, 'role' | 'userId' | 'confirmedAt'>[] };
  call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>;
  /** Reviewers who read the proposal without being on its team (ProposalReaders); none when left out. */
  readers?: readonly string[];
}

/** The confirmed PI the user is on this proposal, if any. */
export const piOf = <M extends Pick<TeamMember, 'role' | 'userId' | 'confirmedAt'>>(
  user: Principal,
  proposal: { team: M[] },
): M | undefined =>
  proposal.team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.userId === user.id && member.confirmedAt);

/**
 * A researcher sees the proposals on whose team they are with an account (PIs once confirmed, co-investigators
 * whose address is their account's), a reviewer those assigned to them, officers those of their agency's calls,
 * admins all. Only the PIs change a proposal; only the officers of the call's agencies record its checks.
 */
export const PROPOSAL_ACCESS = definePolicy<ProposalAccessSubject, 'actAsPi' | 'actAsOfficer'>({
  hidden: PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND,
  canSee: (user, { proposal, call, readers = [] }) =>
    hasRole(user, Role.Admin) ||
    isPartyOfficer(user, call) ||
    proposal.team.some((member) => member.userId === user.id) ||
    (hasRole(user, Role.Reviewer) && readers.includes(user.id)),
  permissions: {
    actAsPi: { allows: (user, { proposal }) => piOf(user, proposal) !== undefined, refusal: PROPOSAL_ERRORS.PROPOSAL_PI_REQUIRED },
    actAsOfficer: { allows: (user, { call }) => isPartyOfficer(user, call), refusal: PROPOSAL_ERRORS.PROPOSAL_OFFICER_REQUIRED },
  },
});

/** Asserts the user is a confirmed PI of the proposal (404 if they cannot see it) and returns their team entry. */
export function assertPi(user: Principal, proposal: Proposal, call: Call): TeamMember {
  PROPOSAL_ACCESS.assert(user, 'actAsPi', { proposal, call });
  return piOf(user, proposal)!;
}
