import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, statusProblem } from './problem';

/**
 * Answers made before (or around) Nest's exception filter, in the same problem+json as every other error:
 * Node's HTTP parser, Fastify's router, and whatever a plugin (CORS, Bull Board, static files) sends itself.
 */

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: `The request line and headers together exceed ${maxHeaderSize / 1024} KiB; a long URL counts against the same limit`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' },
};

/** Node's 'clientError': the request could not be parsed, so the answer is written to the socket as it is. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, detail: 'The request is not valid HTTP/1.1' };
  const body = JSON.stringify(statusProblem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const ROUTER_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The path is not valid: a percent sign must start a valid %XX escape of UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than any identifier the API uses',
};

/** Fastify's router refuses the path before any hook or handler runs: a bad escape (400), a too long parameter (414). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(statusProblem(status, ROUTER_ERRORS[error.code], request.url));
}

const PREFLIGHT = 'A CORS preflight needs an allowed Origin and an Access-Control-Request-Method header';

/**
 * The last onSend hook: an error answer that is not problem+json (a plugin's text/plain or its own JSON, which may
 * quote an internal message) is replaced by the problem for its status. Nothing of the original body is kept.
 */
export async function problemsOnly(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || String(reply.getHeader('content-type') ?? '').startsWith(PROBLEM_CONTENT_TYPE)) return payload;
  if (payload instanceof Readable) payload.destroy();
  const detail = request.method === 'OPTIONS' && reply.statusCode === 400 ? PREFLIGHT : undefined;
  void reply.removeHeader('content-length').header('content-type', PROBLEM_CONTENT_TYPE);
  return JSON.stringify(statusProblem(reply.statusCode, detail, request.url));
}
