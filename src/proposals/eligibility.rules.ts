import { ProposalAction } from './proposal-state';

export type EligibilityOutcome = ProposalAction.AwaitVerdict | ProposalAction.MarkEligible | ProposalAction.MarkIneligible;

/**
 * The joint verdict: INELIGIBLE as soon as either agency finds its applicant ineligible, ELIGIBLE once both find
 * theirs eligible, and undecided (still SUBMITTED) while one verdict is awaited.
 */
export function jointEligibility(
  verdicts: { agencyId: string; eligible: boolean }[],
  agencies: readonly [string, string],
): EligibilityOutcome {
  const relevant = verdicts.filter((verdict) => agencies.includes(verdict.agencyId));
  if (relevant.some((verdict) => !verdict.eligible)) return ProposalAction.MarkIneligible;
  if (agencies.every((agencyId) => relevant.some((verdict) => verdict.agencyId === agencyId && verdict.eligible)))
    return ProposalAction.MarkEligible;
  return ProposalAction.AwaitVerdict;
}

/** The agencies whose verdict is still awaited, in the call's order (home first). */
export const awaitedAgencies = (verdicts: { agencyId: string }[], agencies: readonly [string, string]): string[] =>
  agencies.filter((agencyId) => !verdicts.some((verdict) => verdict.agencyId === agencyId));
