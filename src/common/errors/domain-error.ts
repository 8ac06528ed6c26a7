/**
 * A failure the domain can name. Services throw these; the problem-details filter is the only place that turns
 * them into HTTP answers, so the code, not the message, is what clients and tests rely on.
 */
export type DomainErrorKind =
  /** The request cannot be read at all (broken multipart, hostile nesting, text that is not Unicode): 400. */
  | 'bad-request'
  /** The request was read, and what it asks is invalid: 422. */
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-required'
  | 'too-large'
  | 'too-many-requests'
  | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    /** Stable, upper snake case: PROPOSAL_CALL_CLOSED. Becomes the problem `type`. */
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** Each unmet rule or invalid field, reported at once. */
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * RFC 9457 extension members that tell the client what it needs to act (the budget that remains, the proposals
   * still missing a decision). Never overrides a standard member.
   */
  extensions: Record<string, unknown> = {};

  with(extensions: Record<string, unknown>): this {
    this.extensions = { ...this.extensions, ...extensions };
    return this;
  }
}
