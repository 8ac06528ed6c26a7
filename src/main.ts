import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApi, createApiAdapter } from './app.setup';
import { loadEnvironmentOrExit } from './config/environment';

async function bootstrap(): Promise<void> {
  const env = loadEnvironmentOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createApiAdapter(), {
    bufferLogs: true,
  });
  await configureApi(app);
  await app.listen(env.PORT, '0.0.0.0');
}

void bootstrap();
