import { QueryFailedError } from 'typeorm';
import { isDependencyUnavailable, loggableError } from './unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe(isDependencyUnavailable.name, () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that waited too long', new Error('timeout exceeded when trying to connect')],
    ['PostgreSQL shutting down', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['PostgreSQL still starting', withCode('57P03')],
    ['a connection exception', withCode('08006')],
    ['too many clients', withCode('53300')],
    ['Redis gone', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })],
    ['a cause that is one of them', new Error('wrapped', { cause: withCode('ECONNREFUSED') })],
  ])('recognises %s', (_what, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', new QueryFailedError('SELEC', [], withCode('42601'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
  ])('leaves %s to be a 500', (_what, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});

describe(loggableError.name, () => {
  it("keeps the kind, message, codes and stack, never a query's parameters", () => {
    const error = new QueryFailedError('INSERT INTO "user" (password_hash) VALUES ($1)', ['$argon2id$v=19$secret'], withCode('08006'));
    const logged = JSON.stringify(loggableError(error));
    expect(logged).not.toContain('argon2');
    expect(loggableError(error)).toMatchObject({ type: 'QueryFailedError', sqlState: '08006', stack: expect.any(String) });
  });
});
