import { DomainError, DomainErrorKind, FieldProblem } from './domain-error';

/**
 * Makes the DomainError of one code: `CALL_ERRORS.CALL_CLOSED()`, with the catalogue's message, or with the fields
 * at fault (`CALL_ERRORS.CALL_INVALID(problems)`), or with a message of the moment and the fields.
 */
export interface ErrorFactory {
  (errors?: FieldProblem[]): DomainError;
  (message: string, errors?: FieldProblem[]): DomainError;
  readonly code: string;
  readonly kind: DomainErrorKind;
}

export interface ErrorSpec {
  kind: DomainErrorKind;
  /** What the client is told when the thrower has nothing more precise to say. */
  message: string;
}

/** Every code declared so far, and the module that declared it. */
const declared = new Map<string, string>();

/**
 * A module's problem codes, declared once in its `<module>.errors.ts`. A code is stable: it becomes the problem
 * `type` that clients switch on. Declaring a code another module already declared fails when the modules load
 * (and the catalogue spec loads them all), so two meanings can never share one code.
 */
export function errorCatalogue<const T extends Record<string, ErrorSpec>>(
  module: string,
  specs: T,
): { readonly [K in keyof T]: ErrorFactory } {
  const factories = {} as Record<string, ErrorFactory>;
  for (const [code, spec] of Object.entries(specs)) {
    declare(module, code);
    const factory = (messageOrErrors?: string | FieldProblem[], errors: FieldProblem[] = []) =>
      typeof messageOrErrors === 'string'
        ? new DomainError(code, spec.kind, messageOrErrors, errors)
        : new DomainError(code, spec.kind, spec.message, messageOrErrors ?? []);
    factories[code] = Object.assign(factory, { code, kind: spec.kind });
  }
  return factories as { readonly [K in keyof T]: ErrorFactory };
}

/** Codes a module answers without a factory (the framework's own failures by HTTP status), kept unique too. */
export function reserveProblemCodes(module: string, codes: string[]): void {
  for (const code of codes) declare(module, code);
}

function declare(module: string, code: string): void {
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) throw new Error(`Problem code ${code} of ${module} is not UPPER_SNAKE_CASE`);
  const owner = declared.get(code);
  if (owner !== undefined && owner !== module) throw new Error(`Problem code ${code} is declared by both ${owner} and ${module}`);
  declared.set(code, module);
}

/** The codes declared by the modules loaded so far, for the catalogue spec. */
export const declaredProblemCodes = (): ReadonlyMap<string, string> => declared;
