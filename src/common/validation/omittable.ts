import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null. class-validator's `@IsOptional()` skips null as well, which
 * carries null to a NOT NULL column (a 500): keep `@IsOptional()` for nullable fields only.
 */
export const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
