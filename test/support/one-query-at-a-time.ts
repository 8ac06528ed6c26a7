/**
 * Fails a test file in which a query was sent on a pg client still running one (collected by e2e-environment.js):
 * inside a transaction, queries share one connection and must be awaited one after the other.
 */
declare const __concurrentQueries: string[];

afterAll(() => {
  expect(__concurrentQueries).toEqual([]);
});
