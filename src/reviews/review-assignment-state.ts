import { defineStateMachine } from '../common/state-machine/state-machine';
import { REVIEW_ERRORS } from './reviews.errors';

export enum ReviewAssignmentState {
  Invited = 'INVITED',
  Accepted = 'ACCEPTED',
  Declined = 'DECLINED',
  Submitted = 'SUBMITTED',
  Removed = 'REMOVED',
}

export enum ReviewAssignmentAction {
  Accept = 'ACCEPT',
  Decline = 'DECLINE',
  /** Save the draft review. */
  Write = 'WRITE',
  Submit = 'SUBMIT',
  Remove = 'REMOVE',
  MoveDueDate = 'MOVE_DUE_DATE',
}

const S = ReviewAssignmentState;
const A = ReviewAssignmentAction;

/** Assignments that hold a reviewer's place: they count against the load cap and make them "already assigned". */
export const LIVE_ASSIGNMENT_STATES: readonly ReviewAssignmentState[] = [S.Invited, S.Accepted, S.Submitted];
/** Assignments whose review is still awaited: reminded of, and their due date may move. */
export const OPEN_ASSIGNMENT_STATES: readonly ReviewAssignmentState[] = [S.Invited, S.Accepted];

/**
 * A reviewer's assignment: INVITED → ACCEPTED → SUBMITTED, INVITED → DECLINED (with a reason), and REMOVED by an
 * officer from INVITED or ACCEPTED. A submitted review is final; so are a decline and a removal.
 */
export const REVIEW_ASSIGNMENT_STATE = defineStateMachine({
  subject: 'A review assignment',
  states: Object.values(ReviewAssignmentState),
  actions: Object.values(ReviewAssignmentAction),
  forbidden: REVIEW_ERRORS.REVIEW_ASSIGNMENT_TRANSITION_FORBIDDEN,
  transitions: {
    [A.Accept]: { [S.Invited]: S.Accepted },
    [A.Decline]: { [S.Invited]: S.Declined },
    [A.Write]: { [S.Accepted]: S.Accepted },
    [A.Submit]: { [S.Accepted]: S.Submitted },
    [A.Remove]: { [S.Invited]: S.Removed, [S.Accepted]: S.Removed },
    [A.MoveDueDate]: { [S.Invited]: S.Invited, [S.Accepted]: S.Accepted },
  },
  refusals: {
    [A.Accept]: {
      error: REVIEW_ERRORS.REVIEW_INVITATION_ANSWERED,
      message: 'This invitation was already answered, or withdrawn by the agency',
    },
    [A.Decline]: {
      error: REVIEW_ERRORS.REVIEW_INVITATION_ANSWERED,
      message: 'This invitation was already answered, or withdrawn by the agency',
    },
  },
});

/** Why the review cannot be written or submitted in this state, in the reviewer's terms. */
export function assertWritable(state: ReviewAssignmentState, action: ReviewAssignmentAction.Write | ReviewAssignmentAction.Submit): void {
  if (state === S.Invited) throw REVIEW_ERRORS.REVIEW_NOT_ACCEPTED();
  if (state === S.Submitted) throw REVIEW_ERRORS.REVIEW_ALREADY_SUBMITTED();
  REVIEW_ASSIGNMENT_STATE.next(state, action);
}
