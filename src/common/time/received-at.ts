import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Clock } from './clock';

declare module 'fastify' {
  interface FastifyRequest {
    /** When the API had read the whole request (headers and body), by its Clock; see {@link stampReceivedAt}. */
    receivedAt: Date | null;
  }
}

/**
 * Stamps every request with the instant the API had read it whole: a `preValidation` hook runs once Fastify has
 * parsed the body, before validation, guards and the handler, so the stamp does not depend on how long the request
 * then waits for a connection, a lock or the CPU. A deadline judged by it ("a submission counts by when the API
 * received it") does not refuse someone who sent in time because the system was busy at the deadline.
 */
export function stampReceivedAt(fastify: FastifyInstance, clock: Clock): void {
  fastify.decorateRequest('receivedAt', null);
  fastify.addHook('preValidation', (request, _reply, done) => {
    request.receivedAt = clock.now();
    done();
  });
}

/** Injects the request's {@link stampReceivedAt} instant into a handler parameter. */
export const ReceivedAt = createParamDecorator((_: unknown, context: ExecutionContext): Date => {
  const receivedAt = context.switchToHttp().getRequest<FastifyRequest>().receivedAt;
  if (!receivedAt) throw new Error('ReceivedAt used on a request that was not stamped (see stampReceivedAt)');
  return receivedAt;
});
