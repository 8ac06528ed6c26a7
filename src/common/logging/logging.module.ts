import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from '../../config/environment';

/**
 * Structured JSON logs (pino) with the request id on every line of a request. Credentials and cookies never
 * reach the log.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          // The API's Fastify adapter assigns request ids (see createApiAdapter); pino-http reuses them.
          genReqId: (request: IncomingMessage & { id?: string }) => request.id ?? randomUUID(),
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          // Nest runs this middleware through @fastify/middie, which rewrites req.url relative to the mount path;
          // only originalUrl holds the path.
          autoLogging: {
            ignore: (request: IncomingMessage & { originalUrl?: string }) =>
              (request.originalUrl ?? request.url ?? '').startsWith('/health'),
          },
        },
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
