import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { EmailDeliveryService } from './delivery/email-delivery.service';
import { EmailRelayService } from './delivery/email-relay.service';
import { createQueue, createWorker, EMAIL_QUEUE, EmailJob, MAINTENANCE_QUEUE, MaintenanceJob } from './queues';
import { ReminderSweepService } from './reminders/reminder-sweep.service';

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
  private readonly sweeps: Record<MaintenanceJob, () => Promise<number>>;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly delivery: EmailDeliveryService,
    relay: EmailRelayService,
    reminders: ReminderSweepService,
  ) {
    const maintenance = createQueue(MAINTENANCE_QUEUE, config);
    this.maintenance = maintenance.queue;
    this.closers.push(maintenance.close);
    this.sweeps = {
      [MaintenanceJob.RelayOutbox]: () => relay.wake(),
      [MaintenanceJob.SweepReminders]: () => reminders.sweep(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.get('SWEEP_INTERVAL_MS', { infer: true });
    for (const name of Object.values(MaintenanceJob)) {
      await this.maintenance.upsertJobScheduler(name, { every }, { name, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
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
    // Workers first: they finish the jobs in hand (an e-mail half sent is worse than a slower stop).
    for (const close of this.closers) await close();
  }

  private deliver(job: Job<EmailJob>) {
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(job.data.emailId, isLastAttempt);
  }

  private runSweep(job: Job): Promise<number> {
    const sweep = this.sweeps[job.name as MaintenanceJob];
    if (!sweep) throw new Error(`No handler for maintenance job ${job.name}`);
    return sweep();
  }
}
