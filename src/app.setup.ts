import { RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import { AdminBasicAuth } from './auth/admin-basic-auth';
import { versionFromIfMatch } from './common/concurrency/if-match';
import { COMMON_ERRORS } from './common/errors/common.errors';
import { clientErrorHandler, frameworkErrors, problemsOnly } from './common/errors/http-layer-problems';
import { createValidationPipe } from './common/errors/validation';
import { stampReceivedAt } from './common/time/received-at';
import { Clock } from './common/time/clock';
import { refuseUnsafeInput } from './common/validation/raw-input';
import { logRequests } from './common/logging/logging.module';
import { Environment, trustedProxies } from './config/environment';
import { securityHeaders } from './common/http/security-headers';
import { QueueDashboard } from './notifications/queue-dashboard';
import { PageServer } from './pages/page-server';
import { MAX_ATTACHMENT_BYTES } from './proposals/attachments/attachment.limits';

/** Largest JSON body accepted; attachments are streamed through their own route. */
export const JSON_BODY_LIMIT = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify with a request id on every request: the X-Request-Id a proxy sent when it is sane, a UUID otherwise.
 * The id is echoed back and appears on every log line of the request.
 */
export function createApiAdapter(
  { TRUST_PROXY }: Pick<Environment, 'TRUST_PROXY'> = { TRUST_PROXY: new Environment().TRUST_PROXY },
): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustedProxies(TRUST_PROXY),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // Answers made before Nest sees the request are problem+json too (see http-layer-problems.ts).
    clientErrorHandler,
    frameworkErrors,
    // Fastify's own 503 while closing is plain JSON written to the socket; the onRequest hook below answers it.
    return503OnClosing: false,
    // No Nest middleware (requests are logged by a Fastify hook): without @fastify/middie no request pays for it.
    skipMiddie: true,
  });
  const fastify = adapter.getInstance();
  // While shutting down, new requests are shed (the load balancer retries them elsewhere) and answers close their
  // connection: a client holding a keep-alive connection would otherwise keep the server open after its last request.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) throw COMMON_ERRORS.SHUTTING_DOWN();
  });
  logRequests(fastify);
  fastify.addHook('preValidation', refuseUnsafeInput);
  fastify.addHook('preValidation', versionFromIfMatch);
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  fastify.addHook('onSend', problemsOnly);
  fastify.addHook('onSend', securityHeaders);
  return adapter;
}

/**
 * Everything both `main.ts` and the e2e tests apply to the API application, so the tests exercise exactly what
 * production serves.
 */
export async function configureApi(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  stampReceivedAt(app.getHttpAdapter().getInstance(), app.get(Clock));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 20 } });
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, exposedHeaders: ['x-request-id', 'retry-after'] });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Joint Calls API')
      .setDescription(
        'Bilateral joint calls for research proposals between NSTC and its counterpart agencies. ' +
          'Errors are RFC 9457 problem details (application/problem+json) with a stable `type`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  const adminAuth = app.get(AdminBasicAuth);
  await app.get(QueueDashboard).mount(app, (authorization) => adminAuth.isAdmin(authorization));
  await app.get(PageServer).mount(app);
}
