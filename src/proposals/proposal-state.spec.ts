import { describeStateMachine } from '../common/state-machine/state-machine.testing';
import { PROPOSAL_STATE, ProposalAction, ProposalState } from './proposal-state';

const S = ProposalState;
const A = ProposalAction;

describeStateMachine(
  'PROPOSAL_STATE',
  PROPOSAL_STATE,
  [
    [S.Draft, A.Edit, S.Draft],
    [S.Draft, A.Submit, S.Submitted],
    [S.Submitted, A.AwaitVerdict, S.Submitted],
    [S.Ineligible, A.AwaitVerdict, S.Submitted],
    [S.Submitted, A.MarkEligible, S.Eligible],
    [S.Eligible, A.MarkEligible, S.Eligible],
    [S.Ineligible, A.MarkEligible, S.Eligible],
    [S.Submitted, A.MarkIneligible, S.Ineligible],
    [S.Eligible, A.MarkIneligible, S.Ineligible],
    [S.Ineligible, A.MarkIneligible, S.Ineligible],
    [S.Eligible, A.StartReview, S.UnderReview],
    [S.UnderReview, A.Award, S.Awarded],
    [S.UnderReview, A.Reject, S.Rejected],
    [S.UnderReview, A.Waitlist, S.Waitlisted],
    [S.Draft, A.Withdraw, S.Withdrawn],
    [S.Submitted, A.Withdraw, S.Withdrawn],
    [S.Eligible, A.Withdraw, S.Withdrawn],
    [S.Ineligible, A.Withdraw, S.Withdrawn],
    [S.UnderReview, A.Withdraw, S.Withdrawn],
  ],
  { [A.Edit]: 'PROPOSAL_FROZEN', [A.Submit]: 'PROPOSAL_ALREADY_SUBMITTED' },
);
