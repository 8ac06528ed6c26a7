import { errorCatalogue } from '../common/errors/error-catalogue';

export const CALL_ERRORS = errorCatalogue('calls', {
  CALL_NOT_FOUND: { kind: 'not-found', message: 'Call not found' },
  CALL_INVALID: { kind: 'invalid', message: 'The call cannot be saved as given' },
  CALL_PARTY_OFFICER_REQUIRED: { kind: 'forbidden', message: 'Only officers of the two agencies of this call may do this' },
  CALL_NOT_PUBLISHABLE: { kind: 'conflict', message: 'The call cannot be published yet' },
  CALL_EXTENSION_INVALID: { kind: 'invalid', message: 'The deadline cannot be moved as asked' },
  CALL_TRANSITION_FORBIDDEN: { kind: 'conflict', message: 'The call cannot do this in its current state' },
  CALL_NOT_IN_DECISION: {
    kind: 'conflict',
    message: 'Funding decisions are recorded only while the call is IN_DECISION; once it is finalized they are frozen',
  },
});
