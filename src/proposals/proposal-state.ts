import { DomainError } from '../common/errors/domain-error';

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
  MarkEligible = 'MARK_ELIGIBLE',
  MarkIneligible = 'MARK_INELIGIBLE',
  RecordVerdict = 'RECORD_VERDICT',
  StartReview = 'START_REVIEW',
  Award = 'AWARD',
  Reject = 'REJECT',
  Waitlist = 'WAITLIST',
  Withdraw = 'WITHDRAW',
}

const WITHDRAWABLE = [
  ProposalState.Draft,
  ProposalState.Submitted,
  ProposalState.Eligible,
  ProposalState.Ineligible,
  ProposalState.UnderReview,
];

/** Every allowed transition; anything absent is forbidden. */
export const PROPOSAL_TRANSITIONS: Record<ProposalAction, Partial<Record<ProposalState, ProposalState>>> = {
  [ProposalAction.Edit]: { [ProposalState.Draft]: ProposalState.Draft },
  [ProposalAction.Submit]: { [ProposalState.Draft]: ProposalState.Submitted },
  // One agency's verdict while the other's is awaited leaves the proposal submitted.
  [ProposalAction.RecordVerdict]: { [ProposalState.Submitted]: ProposalState.Submitted },
  [ProposalAction.MarkEligible]: { [ProposalState.Submitted]: ProposalState.Eligible },
  [ProposalAction.MarkIneligible]: { [ProposalState.Submitted]: ProposalState.Ineligible },
  [ProposalAction.StartReview]: { [ProposalState.Eligible]: ProposalState.UnderReview },
  [ProposalAction.Award]: { [ProposalState.UnderReview]: ProposalState.Awarded },
  [ProposalAction.Reject]: { [ProposalState.UnderReview]: ProposalState.Rejected },
  [ProposalAction.Waitlist]: { [ProposalState.UnderReview]: ProposalState.Waitlisted },
  [ProposalAction.Withdraw]: Object.fromEntries(WITHDRAWABLE.map((state) => [state, ProposalState.Withdrawn])),
};

/** Refusals that clients meet often get a code of their own. */
const SPECIFIC_REFUSALS: Partial<Record<ProposalAction, [string, string]>> = {
  [ProposalAction.Edit]: [
    'PROPOSAL_FROZEN',
    'A submitted proposal can no longer change; withdraw it and submit a new one before the deadline',
  ],
  [ProposalAction.Submit]: ['PROPOSAL_ALREADY_SUBMITTED', 'This proposal is not a draft: it was already submitted or withdrawn'],
};

export function nextProposalState(state: ProposalState, action: ProposalAction): ProposalState {
  const next = PROPOSAL_TRANSITIONS[action][state];
  if (next) return next;
  const [code, message] = SPECIFIC_REFUSALS[action] ?? [
    'PROPOSAL_TRANSITION_FORBIDDEN',
    `A proposal in state ${state} cannot ${action.toLowerCase().replace(/_/g, ' ')}`,
  ];
  throw new DomainError(code, 'conflict', message);
}
