import type { FastifyRequest } from 'fastify';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * Edits and actions carry the version the client read, as a `version` body field or an `If-Match: "3"` header. Run
 * as a Fastify hook after body parsing, so the header's version is then validated like the body's; when both are
 * sent the body wins. An action sent without a body (submit, publish) gets one holding the version, so the header
 * is never silently ignored. (A hook rather than a Nest interceptor: a global interceptor puts RxJS on every request.)
 */
export async function versionFromIfMatch(request: FastifyRequest): Promise<void> {
  const header = request.headers['if-match'];
  if (!header || !['PATCH', 'POST', 'PUT'].includes(request.method)) return;
  const tag = VERSION_TAG.exec(String(header).trim());
  if (!tag) return;
  const body = request.body;
  if (body === undefined || body === null) request.body = { version: Number(tag[1]) };
  else if (typeof body === 'object' && !Array.isArray(body) && !('version' in body))
    (body as Record<string, unknown>).version = Number(tag[1]);
}
