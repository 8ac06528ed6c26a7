import { FieldProblem } from '../common/errors/domain-error';
import { Money, toCents } from '../common/money/money';
import { ProposalAction } from '../proposals/proposal-state';
import { DecisionKind } from './decision.entity';

/** What the two agencies' decisions mean together for a proposal. */
export enum JointOutcome {
  /** At least one agency has not decided yet. */
  Undecided = 'UNDECIDED',
  /** Both fund it: only then is it a project. */
  Awarded = 'AWARDED',
  /** Either rejects it. */
  Rejected = 'REJECTED',
  /** Both decided, neither rejects, and not both fund (a waitlist on either side). */
  Waitlisted = 'WAITLISTED',
}

/** AWARDED iff both FUND; REJECTED if either REJECTs; WAITLISTED once both decided otherwise; UNDECIDED until both did. */
export function jointOutcome(home: DecisionKind | undefined, partner: DecisionKind | undefined): JointOutcome {
  if (home === undefined || partner === undefined) return JointOutcome.Undecided;
  if (home === DecisionKind.Reject || partner === DecisionKind.Reject) return JointOutcome.Rejected;
  if (home === DecisionKind.Fund && partner === DecisionKind.Fund) return JointOutcome.Awarded;
  return JointOutcome.Waitlisted;
}

/** The proposal's move at finalization for each reached outcome. */
export const OUTCOME_ACTION: Record<Exclude<JointOutcome, JointOutcome.Undecided>, ProposalAction> = {
  [JointOutcome.Awarded]: ProposalAction.Award,
  [JointOutcome.Rejected]: ProposalAction.Reject,
  [JointOutcome.Waitlisted]: ProposalAction.Waitlist,
};

export interface DecisionInput {
  decision: DecisionKind;
  amount?: Money;
}

/**
 * A decision as given: FUND names an amount above zero in the agency's currency and not above what was requested
 * from that agency; REJECT and WAITLIST name none. Every problem at once.
 */
export function checkDecision(input: DecisionInput, agency: { currency: string; requested: string | null }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.decision !== DecisionKind.Fund) {
    if (input.amount !== undefined) problems.push({ field: 'amount', message: `a ${input.decision} decision grants no amount` });
    return problems;
  }
  if (input.amount === undefined) return [{ field: 'amount', message: 'a FUND decision must name the amount granted' }];
  if (input.amount.currency !== agency.currency)
    problems.push({ field: 'amount.currency', message: `must be ${agency.currency}, your agency's currency` });
  const cents = toCents(input.amount.amount);
  if (cents <= 0n) problems.push({ field: 'amount.amount', message: 'must be above zero' });
  if (agency.requested === null) problems.push({ field: 'amount.amount', message: 'nothing was requested from your agency' });
  else if (cents > toCents(agency.requested))
    problems.push({
      field: 'amount.amount',
      message: `must not exceed ${agency.requested} ${agency.currency}, the amount requested from your agency`,
    });
  return problems;
}

export interface UndecidedProposal {
  proposalId: string;
  title: string;
  /** The agencies whose decision is missing, home first. */
  agencyIds: string[];
}

/** The proposals still missing a decision, and of which agencies, in the order given. */
export function missingDecisions(
  proposals: { id: string; title: string; decidedBy: readonly string[] }[],
  parties: readonly [string, string],
): UndecidedProposal[] {
  return proposals
    .map((proposal) => ({
      proposalId: proposal.id,
      title: proposal.title,
      agencyIds: parties.filter((agencyId) => !proposal.decidedBy.includes(agencyId)),
    }))
    .filter((missing) => missing.agencyIds.length > 0);
}
