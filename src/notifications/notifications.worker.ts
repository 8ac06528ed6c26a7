import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { Environment } from '../config/environment';
import { PeriodicSweeps } from '../common/scheduling/periodic-sweep';
import { EmailDeliveryService } from './delivery/email-delivery.service';
import { createQueue, createWorker, EMAIL_QUEUE, EmailJob, MAINTENANCE_QUEUE } from './queues';

/**
 * The worker's BullMQ side: consumes e-mail jobs and runs the periodic sweeps. The sweeps are BullMQ job
 * schedulers, so one fires per interval across all workers; if one fires twice, or not for a while, nothing
 * breaks, because what is due is decided by PostgreSQL.
 */
@Injectable()
export class NotificationsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsWorker.name);
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly maintenance: Queue;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly delivery: EmailDeliveryService,
    private readonly sweeps: PeriodicSweeps,
  ) {
    const maintenance = createQueue(MAINTENANCE_QUEUE, config);
    this.maintenance = maintenance.queue;
    this.closers.push(maintenance.close);
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.get('SWEEP_INTERVAL_MS', { infer: true });
    await this.ensureSchedulers(every);
    // Redis may lose the schedulers (a restart without persistence, an eviction): no sweep would ever run again, and
    // no reminder would be sent. Checked every few sweeps, and put back; upserting one that exists changes nothing.
    this.watchdog = setInterval(
      () =>
        void this.ensureSchedulers(every, true).catch((error: unknown) =>
          this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Could not check the sweeps’ schedulers'),
        ),
      Math.max(5 * every, 5_000),
    );
    const email = createWorker<EmailJob>(
      EMAIL_QUEUE,
      (job) => this.deliver(job),
      this.config,
      this.config.get('MAIL_CONCURRENCY', { infer: true }),
    );
    const maintenance = createWorker(MAINTENANCE_QUEUE, (job) => this.runSweep(job), this.config, 1);
    for (const { worker, close } of [email, maintenance]) {
      worker.on('error', (error) => this.logger.warn({ reason: error.message }, 'Queue worker error'));
      this.closers.unshift(close);
      void worker.run();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.watchdog);
    // Workers first: they finish the jobs in hand (an e-mail half sent is worse than a slower stop).
    for (const close of this.closers) await close();
  }

  /** Creates each sweep's job scheduler; with `onlyMissing`, only those Redis lost, saying so. */
  private async ensureSchedulers(every: number, onlyMissing = false): Promise<void> {
    for (const name of this.sweeps.names()) {
      if (onlyMissing && (await this.maintenance.getJobScheduler(name))) continue;
      await this.maintenance.upsertJobScheduler(name, { every }, { name, opts: { removeOnComplete: 100, removeOnFail: 100 } });
      if (onlyMissing) this.logger.warn({ sweep: name }, 'The job scheduler of a sweep was gone from Redis; recreated');
    }
  }

  private deliver(job: Job<EmailJob>) {
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(job.data.emailId, isLastAttempt);
  }

  private runSweep(job: Job): Promise<number> {
    const sweep = this.sweeps.get(job.name);
    // A scheduler left over from an older release whose sweep is gone: nothing to do, and say so once per run.
    if (!sweep) throw new UnrecoverableError(`No periodic sweep is named ${job.name}`);
    return sweep.sweep();
  }
}
