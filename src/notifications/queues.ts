import { hostname } from 'node:os';
import { ConfigService } from '@nestjs/config';
import { Processor, Queue, QueueOptions, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Environment } from '../config/environment';

/** E-mail deliveries: one job per outbound e-mail, its id the row's id. */
export const EMAIL_QUEUE = 'email';
/** Periodic sweeps (see PeriodicSweep), driven by BullMQ job schedulers: one run per interval across all workers. */
export const MAINTENANCE_QUEUE = 'maintenance';

export interface EmailJob {
  emailId: string;
}

/** Everything BullMQ writes lives under the deployment's Redis prefix. */
export const bullPrefix = (config: ConfigService<Environment, true>) => `${config.get('REDIS_PREFIX', { infer: true })}:bull`;

/**
 * A producer. It fails fast while Redis is away (the outbox row stays PENDING and is relayed later) instead of
 * queueing commands in memory.
 */
export function createQueue<T>(name: string, config: ConfigService<Environment, true>, options: Omit<QueueOptions, 'connection'> = {}) {
  const connection = new Redis(config.get('REDIS_URL', { infer: true }), { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  connection.on('error', () => undefined); // an outage is reported by readiness and by the failing command
  const queue = new Queue<T>(name, { ...options, connection, prefix: bullPrefix(config) });
  queue.on('error', () => undefined);
  return {
    queue,
    close: async () => {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/** A consumer. Its connection waits for Redis to come back, as BullMQ requires of workers. */
export function createWorker<T>(name: string, processor: Processor<T>, config: ConfigService<Environment, true>, concurrency: number) {
  const connection = new Redis(config.get('REDIS_URL', { infer: true }), { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  // Named after the process, so that a job says which worker ran it (Bull Board shows it).
  const worker = new Worker<T>(name, processor, {
    connection,
    prefix: bullPrefix(config),
    concurrency,
    autorun: false,
    name: `${hostname()}:${process.pid}`,
  });
  return {
    worker,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
