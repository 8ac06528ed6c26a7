import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
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

/** Structured JSON logs (pino) with the request id on every line of a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        pinoHttp: requestLogOptions(config.get('LOG_LEVEL', { infer: true })),
        // Probes get no request logger at all (Nest would otherwise mount it on "/health" and "/health/" and run it twice).
        exclude: [
          { path: 'health', method: RequestMethod.ALL },
          { path: 'health/{*splat}', method: RequestMethod.ALL },
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
