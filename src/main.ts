import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnvironmentOrExit } from './config/environment';

async function bootstrap(): Promise<void> {
  // Validated before the application's modules load, so a bad variable stops the process with one clear line.
  const env = loadEnvironmentOrExit();
  const { AppModule } = await import('./app.module.js');
  const { configureApi, createApiAdapter } = await import('./app.setup.js');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createApiAdapter(env), { bufferLogs: true });
  await configureApi(app);
  await app.listen(env.PORT, '0.0.0.0');
}

void bootstrap();
