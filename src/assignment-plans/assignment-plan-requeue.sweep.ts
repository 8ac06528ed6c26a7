import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PeriodicSweep, Sweeps } from '../common/scheduling/periodic-sweep';
import { Environment } from '../config/environment';
import { createQueue } from '../notifications/queues';
import { ASSIGNMENT_PLAN_QUEUE, AssignmentPlanJob } from './assignment-plan-queue';

/**
 * The API queues a plan's job after committing its row; if Redis was away at that moment, the plan would wait
 * forever. This sweep queues again every plan still QUEUED after a minute: the job id is the plan's, so a job that
 * is in fact waiting (behind a long solve) is not doubled, and the solver ignores a plan that is no longer queued.
 */
@Injectable()
@Sweeps('requeue-assignment-plans')
export class AssignmentPlanRequeueSweep implements PeriodicSweep, OnModuleDestroy {
  private readonly queue: ReturnType<typeof createQueue<AssignmentPlanJob>>;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    config: ConfigService<Environment, true>,
  ) {
    this.queue = createQueue<AssignmentPlanJob>(ASSIGNMENT_PLAN_QUEUE, config);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  async sweep(): Promise<number> {
    const stale = await this.txHost.tx.query<{ id: string }[]>(
      `SELECT id FROM assignment_plan WHERE state = 'QUEUED' AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT 100`,
    );
    for (const { id } of stale)
      await this.queue.queue.add('solve', { planId: id }, { jobId: id, attempts: 2, backoff: { type: 'exponential', delay: 5000 } });
    return stale.length;
  }
}
