import { HttpStatus } from '@nestjs/common';
import { DomainErrorKind, FieldProblem } from './domain-error';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable URN per kind of error: clients switch on it; it never depends on where the API is deployed. */
export const problemType = (code: string) => `urn:joint-calls:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export const STATUS_OF_KIND: Record<DomainErrorKind, HttpStatus> = {
  malformed: HttpStatus.BAD_REQUEST,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'too-many-requests': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Codes for failures that come from the framework rather than the domain, by HTTP status. */
export const CODE_OF_STATUS: Record<number, { code: string; title: string }> = {
  400: { code: 'BAD_REQUEST', title: 'Bad request' },
  401: { code: 'UNAUTHENTICATED', title: 'Authentication required' },
  403: { code: 'FORBIDDEN', title: 'Forbidden' },
  404: { code: 'NOT_FOUND', title: 'Not found' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed' },
  409: { code: 'CONFLICT', title: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE', title: 'Unprocessable content' },
  429: { code: 'TOO_MANY_REQUESTS', title: 'Too many requests' },
  500: { code: 'INTERNAL', title: 'Internal server error' },
  503: { code: 'UNAVAILABLE', title: 'Service unavailable' },
};
