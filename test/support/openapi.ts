/**
 * The API as its OpenAPI document describes it, for the suites that walk every operation (every-operation,
 * generated-input, authorization-matrix): the operations, their schemas resolved, and what no answer may ever be.
 */
export type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface DocumentedOperation {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/calls/{id}. */
  path: string;
  operation: Operation;
}

/** Every operation of the document, in its order. */
export function operationsOf(document: OpenApi): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
  );
}

/** Follows $ref (and a single allOf, as Swagger writes a described $ref) to the schema itself. */
export function resolveSchema(document: OpenApi, schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return ref ? resolveSchema(document, document.components.schemas[ref.replace('#/components/schemas/', '')]) : schema;
}

export const jsonBodyOf = (document: OpenApi, operation: Operation) =>
  resolveSchema(document, operation.requestBody?.content['application/json']?.schema);
export const takesMultipart = (operation: Operation) => !!operation.requestBody?.content['multipart/form-data'];
export const queryOf = (operation: Operation) => (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
export const pathParametersOf = (operation: Operation) => (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
export const isNumeric = (schema: Schema | undefined) => ['integer', 'number'].some((type) => [schema?.type].flat().includes(type));
export const isNullable = (schema: Schema) => schema.nullable === true || [schema.type].flat().includes('null');

/** The secret the walking suites give the app, so that an answer quoting it is caught. */
export const WALK_JWT_SECRET = 'a-secret-no-answer-may-ever-contain-0123456789';

/** What must never leave the process: stack frames, SQL and driver messages, secrets, password hashes. */
export const LEAKS = [
  /at .+\.(js|ts):\d+/,
  /QueryFailedError|invalid byte sequence|violates|relation "|syntax error at|duplicate key/i,
  /\b(SELECT|INSERT|UPDATE|DELETE)\b[^"]*\b(FROM|INTO|SET|WHERE)\b/,
  /\$argon2/,
  /postgres:\/\//,
  /redis:\/\//,
  new RegExp(WALK_JWT_SECRET),
];

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * What is wrong with an answer whatever the request was: a 5xx, an error that is not problem+json (or whose
 * problem does not carry its own status), a stack, SQL or a secret in the body or a header. Empty when nothing.
 */
export function answerProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (answer.status >= 400) {
    const contentType = String(answer.headers['content-type']);
    if (!contentType.startsWith('application/problem+json')) problems.push(`${answer.status} answered as ${contentType}`);
    else {
      const body = safeJson(answer.text) as { status?: unknown; type?: unknown; title?: unknown } | undefined;
      if (body?.status !== answer.status || typeof body.type !== 'string' || typeof body.title !== 'string') {
        problems.push(`${answer.status} with a malformed problem: ${answer.text.slice(0, 200)}`);
      }
    }
  }
  const everything = `${JSON.stringify(answer.headers)}\n${answer.text}`;
  const leak = LEAKS.find((pattern) => pattern.test(everything));
  if (leak) problems.push(`the answer matches ${leak}: ${excerpt(everything, leak)}`);
  return problems;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function excerpt(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return text.slice(Math.max(0, at - 60), at + 100);
}
