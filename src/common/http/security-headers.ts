import type { FastifyReply, FastifyRequest } from 'fastify';

/** The API answers JSON, CSV, iCalendar and PDFs: nothing in them may run, be framed or be sniffed into HTML. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";
/**
 * A page of its own scripts and styles (partly inline) calling its own JSON: never framed, loading nothing from
 * elsewhere. `baseUri` for a page that names its assets relative to a <base href> of its own (Bull Board).
 */
export const ownAssetsPolicy = (baseUri: "'none'" | "'self'" = "'none'") =>
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  `font-src 'self'; frame-ancestors 'none'; base-uri ${baseUri}; form-action 'none'`;
/** Swagger UI. */
const DOCS_POLICY = ownAssetsPolicy();

/**
 * The last onSend hook: the headers every answer carries, whoever made it (a controller, the exception filter,
 * Fastify's router, a plugin). The e-mail link pages and the queue dashboard set their own Content-Security-Policy
 * in their scope, which is kept; HSTS is left to whoever terminates TLS for the whole host.
 */
export async function securityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('x-frame-options')) void reply.header('x-frame-options', 'DENY');
  if (!reply.hasHeader('referrer-policy')) void reply.header('referrer-policy', 'no-referrer');
  if (!reply.hasHeader('cross-origin-opener-policy')) void reply.header('cross-origin-opener-policy', 'same-origin');
  if (!reply.hasHeader('content-security-policy')) {
    void reply.header('content-security-policy', request.url.startsWith('/docs') ? DOCS_POLICY : API_POLICY);
  }
  // Answers about people and proposals are nobody else's: no shared cache keeps them.
  if (!reply.hasHeader('cache-control') && (request.url.startsWith('/api/') || reply.statusCode >= 400)) {
    void reply.header('cache-control', 'no-store');
  }
  return payload;
}
