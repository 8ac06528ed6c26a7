import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './domain-error';

/** Thrown by the global validation pipe; carries every invalid field at once. */
export class InvalidInputException extends BadRequestException {
  constructor(readonly errors: FieldProblem[]) {
    super('The request has invalid fields');
  }
}

/**
 * Flattens nested class-validator errors into `{ field: 'team.0.email', message }` pairs. A required field that is
 * absent (or null) fails every rule on it; "must be shorter than 254 characters" would then mislead, so it is
 * reported once, as missing.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints && (error.value === undefined || error.value === null)) {
      return [{ field, message: error.value === undefined ? `${field} is required` : `${field} must not be null` }];
    }
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, strings are not coerced silently, and every failure is listed. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInputException(flattenValidationErrors(errors)),
  });
