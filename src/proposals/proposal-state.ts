import { defineStateMachine } from '../common/state-machine/state-machine';
import { PROPOSAL_ERRORS } from './proposal.errors';

export enum ProposalState {
  Draft = 'DRAFT',
  Submitted = 'SUBMITTED',
  Eligible = 'ELIGIBLE',
  Ineligible = 'INELIGIBLE',
  UnderReview = 'UNDER_REVIEW',
  Awarded = 'AWARDED',
  Rejected = 'REJECTED',
  Waitlisted = 'WAITLISTED',
  Withdrawn = 'WITHDRAWN',
}

export enum ProposalAction {
  Edit = 'EDIT',
  Submit = 'SUBMIT',
  /** A verdict was recorded and the other agency's is still awaited. */
  AwaitVerdict = 'AWAIT_VERDICT',
  MarkEligible = 'MARK_ELIGIBLE',
  MarkIneligible = 'MARK_INELIGIBLE',
  StartReview = 'START_REVIEW',
  Award = 'AWARD',
  Reject = 'REJECT',
  Waitlist = 'WAITLIST',
  Withdraw = 'WITHDRAW',
}

const S = ProposalState;

/** Verdicts can be recorded and corrected from submission until the review starts; the state follows them. */
const BEFORE_REVIEW = [S.Submitted, S.Eligible, S.Ineligible] as const;
const WITHDRAWABLE = [S.Draft, S.Submitted, S.Eligible, S.Ineligible, S.UnderReview];
const every = (states: readonly ProposalState[], to: ProposalState) => Object.fromEntries(states.map((state) => [state, to]));

/** A proposal's life: every allowed transition; anything absent is refused. */
export const PROPOSAL_STATE = defineStateMachine({
  subject: 'A proposal',
  states: Object.values(ProposalState),
  actions: Object.values(ProposalAction),
  forbidden: PROPOSAL_ERRORS.PROPOSAL_TRANSITION_FORBIDDEN,
  transitions: {
    [ProposalAction.Edit]: { [S.Draft]: S.Draft },
    [ProposalAction.Submit]: { [S.Draft]: S.Submitted },
    // Both verdicts are needed for ELIGIBLE, so an eligible proposal never goes back to waiting: a correction to
    // ineligible makes it INELIGIBLE, and a correction of an ineligible verdict may leave the other one awaited.
    [ProposalAction.AwaitVerdict]: { [S.Submitted]: S.Submitted, [S.Ineligible]: S.Submitted },
    [ProposalAction.MarkEligible]: every(BEFORE_REVIEW, S.Eligible),
    [ProposalAction.MarkIneligible]: every(BEFORE_REVIEW, S.Ineligible),
    [ProposalAction.StartReview]: { [S.Eligible]: S.UnderReview },
    [ProposalAction.Award]: { [S.UnderReview]: S.Awarded },
    [ProposalAction.Reject]: { [S.UnderReview]: S.Rejected },
    [ProposalAction.Waitlist]: { [S.UnderReview]: S.Waitlisted },
    [ProposalAction.Withdraw]: every(WITHDRAWABLE, S.Withdrawn),
  },
  refusals: {
    [ProposalAction.Edit]: {
      error: PROPOSAL_ERRORS.PROPOSAL_FROZEN,
      message: 'A submitted proposal can no longer change; withdraw it and submit a new one before the deadline',
    },
    [ProposalAction.Submit]: {
      error: PROPOSAL_ERRORS.PROPOSAL_ALREADY_SUBMITTED,
      message: 'This proposal is not a draft: it was already submitted or withdrawn',
    },
  },
});

/** States in which an agency may record or correct its eligibility verdict. */
export const VERDICT_STATES: readonly ProposalState[] = BEFORE_REVIEW;
