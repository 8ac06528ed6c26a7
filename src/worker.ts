import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvironmentOrExit } from './config/environment';

async function bootstrap(): Promise<void> {
  // Validated before the worker's modules load, so a bad variable stops the process with one clear line.
  loadEnvironmentOrExit();
  const { WorkerModule } = await import('./worker.module.js');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  await worker.init();
  worker.get(Logger).log('Worker started');
}

void bootstrap();
