import { DomainError } from '../common/errors/domain-error';
import { describeStateMachine } from '../common/state-machine/state-machine.testing';
import { assertWritable, REVIEW_ASSIGNMENT_STATE, ReviewAssignmentAction, ReviewAssignmentState } from './review-assignment-state';

const S = ReviewAssignmentState;
const A = ReviewAssignmentAction;

describeStateMachine(
  'REVIEW_ASSIGNMENT_STATE',
  REVIEW_ASSIGNMENT_STATE,
  [
    [S.Invited, A.Accept, S.Accepted],
    [S.Invited, A.Decline, S.Declined],
    [S.Accepted, A.Write, S.Accepted],
    [S.Accepted, A.Submit, S.Submitted],
    [S.Invited, A.Remove, S.Removed],
    [S.Accepted, A.Remove, S.Removed],
    [S.Invited, A.MoveDueDate, S.Invited],
    [S.Accepted, A.MoveDueDate, S.Accepted],
  ],
  { [A.Accept]: 'REVIEW_INVITATION_ANSWERED', [A.Decline]: 'REVIEW_INVITATION_ANSWERED' },
);

describe(assertWritable.name, () => {
  const codeOf = (state: ReviewAssignmentState, action: ReviewAssignmentAction.Write | ReviewAssignmentAction.Submit) => {
    try {
      assertWritable(state, action);
      return 'allowed';
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it.each([
    [S.Invited, 'REVIEW_NOT_ACCEPTED'],
    [S.Accepted, 'allowed'],
    [S.Submitted, 'REVIEW_ALREADY_SUBMITTED'],
    [S.Declined, 'REVIEW_ASSIGNMENT_TRANSITION_FORBIDDEN'],
    [S.Removed, 'REVIEW_ASSIGNMENT_TRANSITION_FORBIDDEN'],
  ])('in state %s answers %s, for a draft and a submission alike', (state, expected) => {
    expect([codeOf(state, A.Write), codeOf(state, A.Submit)]).toEqual([expected, expected]);
  });
});
