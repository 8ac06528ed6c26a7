import { ProposalAction } from './proposal-state';

/**
 * The joint verdict: INELIGIBLE as soon as either agency finds its applicant ineligible, ELIGIBLE once both find
 * theirs eligible, and undecided (still SUBMITTED) while one verdict is awaited.
 */
export function jointEligibility(verdicts: { agencyId: string; eligible: boolean }[], agencies: [string, string]): ProposalAction {
  const relevant = verdicts.filter((verdict) => agencies.includes(verdict.agencyId));
  if (relevant.some((verdict) => !verdict.eligible)) return ProposalAction.MarkIneligible;
  if (agencies.every((agencyId) => relevant.some((verdict) => verdict.agencyId === agencyId && verdict.eligible)))
    return ProposalAction.MarkEligible;
  return ProposalAction.RecordVerdict;
}
