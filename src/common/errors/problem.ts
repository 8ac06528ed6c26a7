import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorKind, FieldProblem } from './domain-error';
import { reserveProblemCodes } from './error-catalogue';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path; absent when the request could not even be parsed. */
  instance?: string;
  code: string;
  errors?: FieldProblem[];
  /** Extension members of some problems (e.g. `remaining` of a refused funding decision). */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable URN per kind of error: clients switch on it; it never depends on where the API is deployed. */
export const problemType = (code: string) => `urn:joint-calls:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export const STATUS_OF_KIND: Record<DomainErrorKind, HttpStatus> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'precondition-required': HttpStatus.PRECONDITION_REQUIRED,
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
  406: { code: 'NOT_ACCEPTABLE', title: 'Not acceptable' },
  408: { code: 'REQUEST_TIMEOUT', title: 'Request timeout' },
  409: { code: 'CONFLICT', title: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  414: { code: 'URI_TOO_LONG', title: 'URI too long' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE', title: 'Unprocessable content' },
  428: { code: 'PRECONDITION_REQUIRED', title: 'Precondition required' },
  429: { code: 'TOO_MANY_REQUESTS', title: 'Too many requests' },
  431: { code: 'HEADERS_TOO_LARGE', title: 'Request header fields too large' },
  500: { code: 'INTERNAL', title: 'Internal server error' },
  503: { code: 'UNAVAILABLE', title: 'Service unavailable' },
};

export function problem(code: string, status: number, title: string, detail: string, instance?: string, errors?: FieldProblem[]): Problem {
  return { type: problemType(code), title, status, detail, ...(instance ? { instance } : {}), code, ...(errors?.length ? { errors } : {}) };
}

/** The problem for a failure only its HTTP status describes: the framework's, not the domain's. */
export function statusProblem(status: number, detail?: string, instance?: string): Problem {
  const known = CODE_OF_STATUS[status] ?? CODE_OF_STATUS[status >= 500 ? 500 : 400];
  return problem(known.code, status, known.title, detail ?? known.title, instance);
}

reserveProblemCodes(
  'http',
  Object.values(CODE_OF_STATUS).map(({ code }) => code),
);

/** The problem answer of a domain error. */
export function problemOf(error: DomainError, instance: string): Problem {
  const status = STATUS_OF_KIND[error.kind];
  return { ...error.extensions, ...problem(error.code, status, CODE_OF_STATUS[status].title, error.message, instance, error.errors) };
}
