import { errorCatalogue } from '../common/errors/error-catalogue';

/** Reviewers, their conflicts, assignments, reviews and the ranking. */
export const REVIEW_ERRORS = errorCatalogue('reviews', {
  REVIEWER_NOT_FOUND: { kind: 'not-found', message: 'Reviewer not found' },
  REVIEWER_EDIT_FORBIDDEN: {
    kind: 'forbidden',
    message: "Only the reviewer or an officer of the agency that recruited them may change a reviewer's profile",
  },
  REVIEWER_ALREADY_EXISTS: { kind: 'conflict', message: 'This account already has a reviewer profile' },
  REVIEWER_NOT_IN_POOL: {
    kind: 'invalid',
    message: "The reviewer was recruited by neither of the call's agencies: assign reviewers of their pools",
  },
  REVIEWER_LOAD_CAP_REACHED: {
    kind: 'conflict',
    message: "The reviewer already has as many assignments in this call as the call's cap allows",
  },
  REVIEW_CONFLICT_OF_INTEREST: { kind: 'conflict', message: 'The reviewer has a conflict of interest with this proposal' },
  REVIEW_ASSIGNMENT_NOT_FOUND: { kind: 'not-found', message: 'Review assignment not found' },
  REVIEW_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the call's agencies may do this" },
  REVIEW_ASSIGNEE_REQUIRED: { kind: 'forbidden', message: 'Only the reviewer of this assignment may do this' },
  REVIEW_ASSIGNMENT_TRANSITION_FORBIDDEN: { kind: 'conflict', message: 'The review assignment cannot do this in its current state' },
  REVIEW_INVITATION_ANSWERED: { kind: 'conflict', message: 'This invitation was already answered, or withdrawn by the agency' },
  REVIEW_NOT_ACCEPTED: { kind: 'conflict', message: 'Accept the invitation before writing the review' },
  REVIEW_ALREADY_SUBMITTED: { kind: 'conflict', message: 'The review is submitted: it is final and can no longer change' },
  REVIEW_PROPOSAL_NOT_ASSIGNABLE: {
    kind: 'conflict',
    message: 'Reviewers are assigned to eligible proposals or proposals under review, in a call that is closed or in review',
  },
  REVIEW_CALL_CLOSED_FOR_REVIEWS: { kind: 'conflict', message: 'The call is decided or cancelled: its reviews can no longer change' },
  REVIEW_DUE_DATE_INVALID: { kind: 'invalid', message: 'The due date must lie in the future' },
  REVIEW_INVALID: { kind: 'invalid', message: 'The review has invalid scores' },
  REVIEW_INCOMPLETE: { kind: 'invalid', message: 'The review cannot be submitted yet' },
  REVIEWS_NOT_YET_VISIBLE: { kind: 'forbidden', message: 'The reviews of this proposal are not visible to you yet' },
  DECLARED_CONFLICT_NOT_FOUND: { kind: 'not-found', message: 'Declared conflict not found' },
  DECLARED_CONFLICT_INVALID: { kind: 'invalid', message: 'A declared conflict names one proposal, one person or one institution' },
  INSTITUTION_ALIAS_INVALID: { kind: 'invalid', message: 'The alias cannot be used' },
  INSTITUTION_ALIAS_NOT_FOUND: { kind: 'not-found', message: 'Institution alias not found' },
  INSTITUTION_ALIAS_TAKEN: { kind: 'conflict', message: 'This name is already an alias, or it is a name other aliases point to' },
});
