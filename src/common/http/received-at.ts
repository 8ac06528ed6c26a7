import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** When the API had read the whole request (its body parsed), by this replica's clock. */
    receivedAt?: Date;
  }
}

/**
 * The first preValidation hook: the moment the whole request has been read. A deadline is judged by it, not by when
 * a busy server got round to the request's transaction (DESIGN.md: "receivedAt").
 */
export async function recordReceivedAt(request: FastifyRequest): Promise<void> {
  request.receivedAt = new Date();
}

/** Injects when the request was received (see recordReceivedAt). */
export const ReceivedAt = createParamDecorator((_: unknown, context: ExecutionContext): Date => {
  const receivedAt = context.switchToHttp().getRequest<FastifyRequest>().receivedAt;
  if (!receivedAt) throw new Error('The request carries no receivedAt: recordReceivedAt is not registered');
  return receivedAt;
});
