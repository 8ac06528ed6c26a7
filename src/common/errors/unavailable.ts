/** Socket failures: the database or Redis cannot be reached (refused, reset, timed out, not resolvable). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** PostgreSQL: class 08 (connection exception), shutting down or not accepting connections yet, too many clients. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
/** What the drivers say when a connection went away or never came (pg, its pool, ioredis). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Stream isn't writeable|Reached the max retries per request limit/i;

/**
 * Whether an error means a dependency (PostgreSQL, Redis) is unreachable rather than that the request or the code is
 * wrong: such a failure is answered 503 (try again), not 500. Looks through TypeORM's wrapper (driverError) and
 * error causes.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, driverError, cause, name } = error as Record<string, unknown>;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  return isDependencyUnavailable(driverError, depth + 1) || isDependencyUnavailable(cause, depth + 1);
}

/**
 * An error as the log keeps it: its kind, message, code and stack, never the query parameters TypeORM attaches
 * (a password hash being inserted, a token's digest) nor the driver's copy of them.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, driverError } = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(driverError?.code !== undefined ? { sqlState: driverError.code } : {}),
    stack: error.stack,
  };
}
