import { errorCatalogue } from '../common/errors/error-catalogue';

export const USER_ERRORS = errorCatalogue('users', {
  USER_NOT_FOUND: { kind: 'not-found', message: 'User not found' },
  INVALID_ROLE_ASSIGNMENT: { kind: 'invalid', message: 'The roles cannot be assigned as asked' },
  EMAIL_TAKEN: { kind: 'conflict', message: 'An account with this e-mail already exists' },
  AGENCY_UNKNOWN: { kind: 'invalid', message: 'The agency does not exist' },
});
