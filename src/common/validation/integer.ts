/**
 * The largest PostgreSQL `integer`. Integers a request sends (versions, offsets) are bounded by it: an unbounded
 * `@IsInt()` accepts 1e19, which reaches SQL as a literal PostgreSQL refuses.
 */
export const MAX_INTEGER = 2_147_483_647;
