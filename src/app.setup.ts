import { RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/errors/validation';
import { Environment } from './config/environment';

/** Largest JSON body accepted; attachments are streamed through their own route. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Everything both `main.ts` and the e2e tests apply to the API application, so the tests exercise exactly what
 * production serves.
 */
export function configureApi(app: NestFastifyApplication): void {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
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
}
