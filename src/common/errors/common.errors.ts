import { errorCatalogue } from './error-catalogue';

/** Problems any module can meet: malformed input and concurrent edits. */
export const COMMON_ERRORS = errorCatalogue('common', {
  VALIDATION_FAILED: { kind: 'bad-request', message: 'One or more fields are invalid' },
  STALE_VERSION: { kind: 'conflict', message: 'The resource has changed since you read it; reload and try again' },
  VERSION_REQUIRED: {
    kind: 'precondition-required',
    message: 'Send the version you read (a version field or If-Match), so that nobody overwrites a change unseen',
  },
});
