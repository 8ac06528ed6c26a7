import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { COMMON_ERRORS } from './common.errors';
import { CODE_OF_STATUS, Problem, PROBLEM_CONTENT_TYPE, problemOf, problemType } from './problem';
import { InvalidInputException } from './validation';

/**
 * The single place where failures become HTTP answers: RFC 9457 problem details with a stable `type`.
 * Unexpected errors are logged with their stack and answered as a bare 500: no stack, SQL or secret leaves.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request.url);
    if (problem.status >= 500) this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  toProblem(exception: unknown, instance: string): Problem {
    if (exception instanceof DomainError) return problemOf(exception, instance);
    if (exception instanceof InvalidInputException) return problemOf(COMMON_ERRORS.VALIDATION_FAILED(exception.errors), instance);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = CODE_OF_STATUS[status] ?? CODE_OF_STATUS[status >= 500 ? 500 : 400];
      return this.problem(known.code, status, known.title, this.safeDetail(exception, known.title), instance);
    }
    const status = this.statusOfFrameworkError(exception);
    const known = CODE_OF_STATUS[status] ?? CODE_OF_STATUS[500];
    const detail = status < 500 && exception instanceof Error ? exception.message : 'An unexpected error occurred';
    return this.problem(known.code, status, known.title, detail, instance);
  }

  /** Fastify's own errors (malformed JSON, body too large) carry a 4xx statusCode worth keeping. */
  private statusOfFrameworkError(exception: unknown): number {
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private safeDetail(exception: HttpException, fallback: string): string {
    const response = exception.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    return typeof message === 'string' ? message : fallback;
  }

  private problem(code: string, status: number, title: string, detail: string, instance: string, errors?: Problem['errors']): Problem {
    return { type: problemType(code), title, status, detail, instance, code, ...(errors?.length ? { errors } : {}) };
  }
}
