import { Matches, ValidationOptions } from 'class-validator';

/** Line breaks (CR, LF, NEL, the Unicode line and paragraph separators) and every other control character. */
const NOT_SINGLE_LINE = /[\p{Cc}\u2028\u2029]/u;

/**
 * Text shown on one line: a person's name, a title, an institution. Such text reaches e-mail headers (the
 * recipient's display name, a subject), CSV cells and page titles, where a line break could forge a header or a
 * row; it is refused at the door, naming the field, instead of failing later in the outbox or the worker.
 */
export const IsSingleLine = (options: ValidationOptions = {}) =>
  Matches(new RegExp(`^[^${NOT_SINGLE_LINE.source.slice(1, -1)}]*$`, 'u'), {
    message: ({ property }) => `${property} must be a single line without control characters`,
    ...options,
  });
