import { QueryFailedError } from 'typeorm';

/** SQLSTATE 23505: a unique constraint refused the row. */
export const isUniqueViolation = (error: unknown, constraintHint?: string): boolean => {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string; detail?: string };
  if (driverError.code !== '23505') return false;
  return !constraintHint || `${driverError.constraint ?? ''} ${driverError.detail ?? ''}`.includes(constraintHint);
};

/** SQLSTATE 23503: a foreign key points at nothing. */
export const isForeignKeyViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503';
