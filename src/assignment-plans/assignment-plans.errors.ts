import { errorCatalogue } from '../common/errors/error-catalogue';

/** Whole-call assignment plans. */
export const ASSIGNMENT_PLAN_ERRORS = errorCatalogue('assignment-plans', {
  ASSIGNMENT_PLAN_NOT_FOUND: { kind: 'not-found', message: 'Assignment plan not found' },
  ASSIGNMENT_PLAN_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the call's agencies may do this" },
  ASSIGNMENT_PLAN_CALL_NOT_ASSIGNING: {
    kind: 'conflict',
    message: 'Reviewers are planned for a call whose submissions are closed and whose decisions have not started',
  },
  ASSIGNMENT_PLAN_NOT_READY: { kind: 'conflict', message: 'Only a ready plan can be confirmed' },
  ASSIGNMENT_PLAN_PAIR_UNKNOWN: { kind: 'invalid', message: 'A pair to change is not in the plan, or not in the call' },
});
