import { DomainError } from '../common/errors/domain-error';
import { nextProposalState, PROPOSAL_TRANSITIONS, ProposalAction, ProposalState } from './proposal-state';

const S = ProposalState;
const A = ProposalAction;
const ALLOWED: [ProposalState, ProposalAction, ProposalState][] = [
  [S.Draft, A.Edit, S.Draft],
  [S.Draft, A.Submit, S.Submitted],
  [S.Submitted, A.RecordVerdict, S.Submitted],
  [S.Submitted, A.MarkEligible, S.Eligible],
  [S.Submitted, A.MarkIneligible, S.Ineligible],
  [S.Eligible, A.StartReview, S.UnderReview],
  [S.UnderReview, A.Award, S.Awarded],
  [S.UnderReview, A.Reject, S.Rejected],
  [S.UnderReview, A.Waitlist, S.Waitlisted],
  [S.Draft, A.Withdraw, S.Withdrawn],
  [S.Submitted, A.Withdraw, S.Withdrawn],
  [S.Eligible, A.Withdraw, S.Withdrawn],
  [S.Ineligible, A.Withdraw, S.Withdrawn],
  [S.UnderReview, A.Withdraw, S.Withdrawn],
];

describe(nextProposalState.name, () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextProposalState(from, action)).toBe(to);
  });

  const forbidden = Object.values(S).flatMap((from) =>
    Object.values(A)
      .filter((action) => !ALLOWED.some(([state, allowed]) => state === from && allowed === action))
      .map((action) => [from, action] as const),
  );

  it.each(forbidden)('forbids %s --%s-->', (from, action) => {
    expect(() => nextProposalState(from, action)).toThrow(DomainError);
  });

  it('has a table of exactly the allowed transitions', () => {
    expect(Object.values(PROPOSAL_TRANSITIONS).flatMap((moves) => Object.keys(moves))).toHaveLength(ALLOWED.length);
  });

  it('names the refusals clients meet most', () => {
    const codeOf = (from: ProposalState, action: ProposalAction) => {
      try {
        nextProposalState(from, action);
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(codeOf(S.Submitted, A.Edit)).toBe('PROPOSAL_FROZEN');
    expect(codeOf(S.Submitted, A.Submit)).toBe('PROPOSAL_ALREADY_SUBMITTED');
    expect(codeOf(S.Awarded, A.Withdraw)).toBe('PROPOSAL_TRANSITION_FORBIDDEN');
  });
});
