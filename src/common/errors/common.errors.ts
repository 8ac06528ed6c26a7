import { errorCatalogue } from './error-catalogue';

/** Problems any module can meet: malformed input and concurrent edits. */
export const COMMON_ERRORS = errorCatalogue('common', {
  VALIDATION_FAILED: { kind: 'bad-request', message: 'One or more fields are invalid' },
  INPUT_TOO_DEEP: { kind: 'bad-request', message: 'The body nests objects and arrays too deeply' },
  TEXT_MALFORMED: { kind: 'bad-request', message: 'Text must be well-formed Unicode without NUL characters' },
  MULTIPART_MALFORMED: {
    kind: 'bad-request',
    message: 'The multipart/form-data body cannot be read: it has no boundary, or it ends before its closing boundary',
  },
  SHUTTING_DOWN: { kind: 'unavailable', message: 'The server is shutting down; send the request again' },
  DEPENDENCY_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The service cannot reach its database or queue right now; nothing was changed, try again shortly',
  },
  STALE_VERSION: { kind: 'conflict', message: 'The resource has changed since you read it; reload and try again' },
  VERSION_REQUIRED: {
    kind: 'precondition-required',
    message: 'Send the version you read (a version field or If-Match), so that nobody overwrites a change unseen',
  },
});
