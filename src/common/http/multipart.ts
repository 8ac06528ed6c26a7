import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { COMMON_ERRORS } from '../errors/common.errors';
import { DomainError } from '../errors/domain-error';

export interface FilePart {
  filename: string;
  /** The bytes as they arrive; `truncated` once @fastify/multipart's size limit cut them short. */
  content: Readable & { truncated: boolean };
}

const malformed = () => COMMON_ERRORS.MULTIPART_MALFORMED();

/** @fastify/multipart's own errors carry a 4xx status worth keeping (a limit reached); busboy's do not. */
const asProblem = (error: unknown) => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof DomainError || (typeof status === 'number' && status >= 400 && status < 500) ? error : malformed();
};

/**
 * The file part of a multipart request, or undefined when none was sent. Busboy reports a body without a boundary,
 * or one cut short, as a plain Error, thrown here or later from the stream while it is read: both become a 400
 * MULTIPART_MALFORMED problem instead of a 500.
 */
export async function filePart(request: FastifyRequest): Promise<FilePart | undefined> {
  if (!request.isMultipart()) return undefined;
  const part = await request.file().catch((error: unknown) => {
    throw asProblem(error);
  });
  if (!part) return undefined;
  const source = part.file;
  const content = Readable.from(
    (async function* () {
      try {
        yield* source;
      } catch (error) {
        throw asProblem(error);
      }
    })(),
    { objectMode: false },
  );
  // Whoever reads the file sees its errors through the iteration; when nobody reads it any more (the request was
  // refused, or its transaction failed, before or while the file was read) an error must not go unheard, since an
  // 'error' event without a listener takes the whole process down.
  source.on('error', () => undefined);
  content.on('error', () => undefined);
  Object.defineProperty(content, 'truncated', { get: () => source.truncated });
  return { filename: part.filename, content: content as FilePart['content'] };
}

/**
 * Reads the rest of a refused upload and throws it away. A body cut short fails while it is drained: without a
 * listener that 'error' event would be uncaught and take the whole process down with it.
 */
export function discard(content: Readable): void {
  content.on('error', () => undefined);
  content.resume();
}
