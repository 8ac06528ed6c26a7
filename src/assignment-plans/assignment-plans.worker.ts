import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job } from 'bullmq';
import { Environment } from '../config/environment';
import { createWorker } from '../notifications/queues';
import { ASSIGNMENT_PLAN_QUEUE, AssignmentPlanJob } from './assignment-plan-queue';
import { AssignmentPlanSolver } from './assignment-plan-solver';

/** Consumes plan jobs, one at a time per worker (a solve is CPU-bound and works in slices). */
@Injectable()
export class AssignmentPlansWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AssignmentPlansWorker.name);
  private close: (() => Promise<void>) | null = null;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly solver: AssignmentPlanSolver,
  ) {}

  onApplicationBootstrap(): void {
    const { worker, close } = createWorker<AssignmentPlanJob>(ASSIGNMENT_PLAN_QUEUE, (job) => this.run(job), this.config, 1);
    worker.on('error', (error) => this.logger.warn({ reason: error.message }, 'Queue worker error'));
    this.close = close;
    void worker.run();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close?.();
  }

  private run(job: Job<AssignmentPlanJob>): Promise<void> {
    return this.solver.solve(job.data.planId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
