import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyInstance } from 'fastify';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { Options } from 'pino-http';
import { Environment } from '../../config/environment';
import { REDACTED, redactQuery, redactUrl } from './redact-url';

/** The request logger's options: credentials, cookies and tokens in query strings never reach the log. */
export function requestLogOptions(level: string): Options {
  return {
    level,
    // The API's Fastify adapter assigns request ids (see createApiAdapter); pino-http reuses them.
    genReqId: (request) => request.id ?? randomUUID(),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.query.token'],
      censor: REDACTED,
    },
    serializers: {
      // Receives pino's serialized request; its url is the full request target, query string included.
      req: (request: { url?: string; query?: unknown }) => {
        if (typeof request.url === 'string') request.url = redactUrl(request.url);
        // Fastify's parsed query too: `access_token`, `refreshToken`... not only `token`.
        if (request.query && typeof request.query === 'object') request.query = redactQuery(request.query as Record<string, unknown>);
        return request;
      },
    },
    // Nest runs this middleware through @fastify/middie, which rewrites req.url relative to the mount path;
    // only originalUrl holds the path.
    autoLogging: {
      ignore: (request: IncomingMessage & { originalUrl?: string }) => (request.originalUrl ?? request.url ?? '').startsWith('/health'),
    },
  };
}

/**
 * One line per answered request, from a Fastify hook: "request completed" (or "request errored" for a 5xx) with the
 * request (id, method, redacted URL and query, headers without credentials), the status and the response time, as
 * pino-http writes it. No child logger is made per request and nothing runs per request when info is not logged:
 * pino-http, mounted as a Nest middleware, cost about a tenth of an authenticated read's CPU (the middleware engine, a
 * child logger serialising the request up front, and an AsyncLocalStorage context per request). The lines an
 * application writes while serving a request carry its id themselves (`reqId`). Probes are not logged.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const logger = PinoLogger.root as Logger | undefined;
    if (logger?.isLevelEnabled('info') && !request.url.startsWith('/health')) {
      const responseTime = Math.round(reply.elapsedTime);
      if (reply.statusCode >= 500) {
        const err = new Error(`failed with status code ${reply.statusCode}`);
        logger.info({ req: request, res: reply.raw, err, responseTime }, 'request errored');
      } else {
        logger.info({ req: request, res: reply.raw, responseTime }, 'request completed');
      }
    }
    done();
  });
}

/** Structured JSON logs (pino); requests are logged by {@link logRequests}. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        pinoHttp: requestLogOptions(config.get('LOG_LEVEL', { infer: true })),
        // No request middleware: see logRequests.
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
