import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { COMMON_ERRORS } from './common.errors';
import { Problem, PROBLEM_CONTENT_TYPE, problemOf, statusProblem } from './problem';
import { InvalidInputException } from './validation';
import { isDependencyUnavailable, loggableError } from './unavailable';

/** When a client may try again after a dependency was unreachable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The single place where failures become HTTP answers: RFC 9457 problem details with a stable `type`.
 * Unexpected errors are logged with their stack (never a query's parameters) and answered as a bare 500: no stack,
 * SQL or secret leaves. An unreachable database or Redis is a 503 with Retry-After: the request changed nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = this.toProblem(exception, request.url);
    if (answer.code === COMMON_ERRORS.DEPENDENCY_UNAVAILABLE.code) {
      this.logger.warn({ err: loggableError(exception), reqId: request.id }, 'A dependency is unreachable');
      void reply.header('retry-after', RETRY_AFTER_SECONDS);
    } else if (answer.status >= 500 && !(exception instanceof DomainError)) {
      // A domain's own 503 (not ready, shutting down) is an answer, not a failure of the code.
      this.logger.error({ err: loggableError(exception), reqId: request.id }, 'Unhandled error');
    }
    void reply.status(answer.status).header('content-type', PROBLEM_CONTENT_TYPE).send(answer);
  }

  toProblem(exception: unknown, instance: string): Problem {
    if (exception instanceof DomainError) return problemOf(exception, instance);
    if (exception instanceof InvalidInputException) return problemOf(COMMON_ERRORS.VALIDATION_FAILED(exception.errors), instance);
    if (exception instanceof HttpException) return statusProblem(exception.getStatus(), this.safeDetail(exception), instance);
    if (isDependencyUnavailable(exception)) return problemOf(COMMON_ERRORS.DEPENDENCY_UNAVAILABLE(), instance);
    const status = this.statusOfFrameworkError(exception);
    const detail = status < 500 && exception instanceof Error ? exception.message : 'An unexpected error occurred';
    return statusProblem(status, detail, instance);
  }

  /** Fastify's own errors (malformed JSON, body too large) carry a 4xx statusCode worth keeping. */
  private statusOfFrameworkError(exception: unknown): number {
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private safeDetail(exception: HttpException): string | undefined {
    const response = exception.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    return typeof message === 'string' ? message : undefined;
  }
}
