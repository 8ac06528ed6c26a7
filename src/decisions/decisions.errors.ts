import { errorCatalogue } from '../common/errors/error-catalogue';

export const DECISION_ERRORS = errorCatalogue('decisions', {
  DECISION_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the call's agencies record funding decisions" },
  DECISION_INVALID: { kind: 'invalid', message: 'The decision cannot be recorded as given' },
  DECISION_PROPOSAL_NOT_UNDER_REVIEW: {
    kind: 'conflict',
    message: 'Funding decisions are recorded only on proposals under review',
  },
  BUDGET_EXCEEDED: { kind: 'conflict', message: "The amount exceeds what remains of your agency's budget for this call" },
  DECISIONS_MISSING: { kind: 'conflict', message: 'The call cannot be finalized: some proposals still miss a decision' },
});
