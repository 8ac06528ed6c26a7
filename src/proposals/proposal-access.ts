import { isPartyOfficer } from '../calls/call-access';
import { Call } from '../calls/call.entity';
import { hasRole, Principal } from '../common/access/principal';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Role } from '../common/identity/role';
import { Proposal } from './proposal.entity';
import { TeamMember, TeamRole } from './team-member.entity';

/** The confirmed PI the user is on this proposal, if any. */
export const piOf = (user: Principal, proposal: Pick<Proposal, 'team'>): TeamMember | undefined =>
  proposal.team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.userId === user.id && member.confirmedAt);

/** Researchers see proposals they are PI on; officers those of their agency's calls; admins all. */
export const canSeeProposal = (
  user: Principal,
  proposal: Pick<Proposal, 'team'>,
  call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>,
): boolean => hasRole(user, Role.Admin) || isPartyOfficer(user, call) || piOf(user, proposal) !== undefined;

/** Hidden proposals are 404, so nobody learns they exist; visible ones that the user may not act on are 403. */
export function assertVisible(user: Principal, proposal: Proposal, call: Call): void {
  if (!canSeeProposal(user, proposal, call)) throw notFound('Proposal');
}

export function assertPi(user: Principal, proposal: Proposal, call: Call): TeamMember {
  assertVisible(user, proposal, call);
  const pi = piOf(user, proposal);
  if (!pi) throw new DomainError('PROPOSAL_PI_REQUIRED', 'forbidden', 'Only the principal investigators of this proposal may do this');
  return pi;
}

export function assertPartyOfficerOf(user: Principal, proposal: Proposal, call: Call): void {
  assertVisible(user, proposal, call);
  if (!isPartyOfficer(user, call))
    throw new DomainError('CALL_PARTY_OFFICER_REQUIRED', 'forbidden', "Only officers of the call's agencies may do this");
}
