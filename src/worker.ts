import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvironmentOrExit } from './config/environment';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  loadEnvironmentOrExit();
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  await worker.init();
  worker.get(Logger).log('Worker started');
}

void bootstrap();
