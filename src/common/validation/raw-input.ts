import type { FastifyRequest } from 'fastify';
import { COMMON_ERRORS } from '../errors/common.errors';
import { FieldProblem } from '../errors/domain-error';

/**
 * Deepest nesting of objects and arrays accepted in a body (our deepest DTO nests 4 levels). class-transformer and
 * class-validator recurse once per level: a body nested thousands of levels deep would overflow the stack.
 */
export const MAX_INPUT_DEPTH = 32;

const NUL = '\u0000';
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- NUL is exactly what this escapes
const ESCAPED = /[\u0000\ud800-\udfff]/g;

export interface RawInput {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * Refuses input that no field can legitimately hold, before any pipe or query sees it: nesting deeper than
 * MAX_INPUT_DEPTH, and strings with a NUL (PostgreSQL refuses it in text) or an unpaired UTF-16 surrogate (not
 * Unicode; it would be stored as U+FFFD). Every offending field is named, keys included.
 */
export function assertSafeInput({ body, query, params }: RawInput): void {
  if (deeperThan(body, MAX_INPUT_DEPTH)) {
    throw COMMON_ERRORS.INPUT_TOO_DEEP(`The body nests objects and arrays deeper than ${MAX_INPUT_DEPTH} levels`);
  }
  const problems = [...textProblems(body, ''), ...textProblems(query, ''), ...textProblems(params, '')];
  if (problems.length > 0) {
    throw COMMON_ERRORS.TEXT_MALFORMED(problems);
  }
}

/** The Fastify preValidation hook: runs after parsing, before Nest's guards and pipes. */
export async function refuseUnsafeInput(request: FastifyRequest): Promise<void> {
  assertSafeInput(request);
}

/** Stops descending at the limit, so the check itself never recurses deeper than `limit`. */
function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((child) => deeperThan(child, limit - 1));
}

function textProblems(value: unknown, path: string): FieldProblem[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field: path || 'body', message: `${path || 'body'} ${problem}` }] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const keyProblem = textProblem(key);
    const name = keyProblem ? escape(key) : key;
    const field = path ? `${path}.${name}` : name;
    return keyProblem ? [{ field, message: `the field name ${field} ${keyProblem}` }] : textProblems(child, field);
  });
}

/** For text that arrives outside the body, query and parameters (a header's credentials, for one). */
export const isSafeText = (text: string): boolean => textProblem(text) === undefined;

function textProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (UNPAIRED_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds an unpaired surrogate)';
  return undefined;
}

const escape = (key: string) => key.replace(ESCAPED, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
