import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { CallState, effectiveCallState } from '../calls/call-state';
import { CallsService } from '../calls/calls.service';
import { Principal } from '../common/access/principal';
import { assertVersion } from '../common/concurrency/versioning';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { Environment } from '../config/environment';
import { createQueue } from '../notifications/queues';
import { AssignmentsService } from '../reviews/assignments.service';
import { ASSIGNMENT_PLAN_ACCESS } from './assignment-plan-access';
import { ASSIGNMENT_PLAN_QUEUE, AssignmentPlanJob } from './assignment-plan-queue';
import { AssignmentPlan, AssignmentPlanState, ConfirmOutcome } from './assignment-plan.entity';
import { ASSIGNMENT_PLAN_ERRORS } from './assignment-plans.errors';
import { ConfirmAssignmentPlan, RequestAssignmentPlan } from './dto/assignment-plan.dto';

/** Plans are asked for while reviewers can be assigned: submissions closed, decisions not started. */
const PLANNING_CALLS: readonly CallState[] = [CallState.Closed, CallState.InReview];
const DEFAULT_CANDIDATES = 30;

/**
 * Whole-call assignment plans, the API's half: an officer asks for one (a row, then a job for the worker, which
 * solves it: assignment-plan-solver.ts), reads it while it runs and after, and confirms it, with changes if they
 * wish: one transaction creates the assignments and sends the invitations through the reviews module, which checks
 * each pair's conflicts and the reviewer's cap again at that moment; a pair refused there is named and the others
 * go ahead (each pair in a savepoint, so one refusal does not undo the rest).
 */
@Injectable()
export class AssignmentPlansService implements OnModuleDestroy {
  private readonly queue: ReturnType<typeof createQueue<AssignmentPlanJob>>;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly assignments: AssignmentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: ConfigService<Environment, true>,
  ) {
    this.queue = createQueue<AssignmentPlanJob>(ASSIGNMENT_PLAN_QUEUE, config, {
      defaultJobOptions: { attempts: 2, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000, removeOnFail: 1000 },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  private get plans() {
    return this.txHost.tx.getRepository(AssignmentPlan);
  }

  /** Records the request and hands it to the worker once committed. */
  async request(user: Principal, callId: string, input: RequestAssignmentPlan): Promise<AssignmentPlan> {
    const plan = await this.createPlan(user, callId, input);
    await this.queue.queue.add('solve', { planId: plan.id }, { jobId: plan.id });
    return plan;
  }

  @Transactional()
  private async createPlan(user: Principal, callId: string, input: RequestAssignmentPlan): Promise<AssignmentPlan> {
    const call = await this.calls.getVisible(user, callId);
    // The call may be public; planning it is its agencies' business: 403 for anyone else who can see it.
    if (!ASSIGNMENT_PLAN_ACCESS.can(user, 'plan', call)) throw ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_OFFICER_REQUIRED();
    if (!PLANNING_CALLS.includes(effectiveCallState(call, this.clock.now())))
      throw ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_CALL_NOT_ASSIGNING();
    const plan = await this.plans.save(
      this.plans.create({
        callId,
        requestedById: user.id,
        settings: {
          minReviews: call.minReviewsPerProposal,
          maxAssignmentsPerReviewer: call.maxAssignmentsPerReviewer,
          candidatesPerProposal: input.candidatesPerProposal ?? DEFAULT_CANDIDATES,
        },
      }),
    );
    await this.audit.record({
      actorId: user.id,
      entityType: 'ASSIGNMENT_PLAN',
      entityId: plan.id,
      action: 'REQUESTED',
      toState: AssignmentPlanState.Queued,
      data: { callId, ...plan.settings },
    });
    return plan;
  }

  async getVisible(user: Principal, id: string): Promise<AssignmentPlan> {
    const plan = await this.plans.findOne({ where: { id }, relations: { call: true } });
    if (!plan) throw ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_NOT_FOUND();
    ASSIGNMENT_PLAN_ACCESS.assertVisible(user, plan.call);
    return plan;
  }

  @Transactional()
  async confirm(user: Principal, id: string, input: ConfirmAssignmentPlan): Promise<AssignmentPlan> {
    await this.txHost.tx.query(`SELECT 1 FROM assignment_plan WHERE id = $1 FOR UPDATE`, [id]);
    const plan = await this.getVisible(user, id);
    ASSIGNMENT_PLAN_ACCESS.assert(user, 'plan', plan.call);
    if (plan.state !== AssignmentPlanState.Ready) throw ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_NOT_READY();
    assertVersion('The assignment plan', plan.version, input.version);

    const key = (pair: { proposalId: string; reviewerId: string }) => `${pair.proposalId}/${pair.reviewerId}`;
    const planned = new Map((plan.pairs ?? []).map((pair) => [key(pair), pair]));
    const unknown = (input.remove ?? []).filter((pair) => !planned.has(key(pair)));
    if (unknown.length > 0)
      throw ASSIGNMENT_PLAN_ERRORS.ASSIGNMENT_PLAN_PAIR_UNKNOWN(
        unknown.map((pair, i) => ({ field: `remove[${i}]`, message: `(${pair.proposalId}, ${pair.reviewerId}) is not a planned pair` })),
      );
    for (const pair of input.remove ?? []) planned.delete(key(pair));
    const pairs = [...planned.values(), ...(input.add ?? []).filter((pair) => !planned.has(key(pair)))];

    await this.lockInOrder(pairs);
    const outcome: ConfirmOutcome = { created: [], refused: [] };
    for (const pair of pairs) {
      try {
        const assignment = await this.txHost.withTransaction(Propagation.Nested, () =>
          this.assignments.assign(user, pair.proposalId, { reviewerId: pair.reviewerId, ...(input.dueAt ? { dueAt: input.dueAt } : {}) }),
        );
        outcome.created.push({ assignmentId: assignment.id, proposalId: pair.proposalId, reviewerId: pair.reviewerId });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome.refused.push({ proposalId: pair.proposalId, reviewerId: pair.reviewerId, code: error.code, detail: error.message });
      }
    }
    await this.plans.update(id, {
      state: AssignmentPlanState.Confirmed,
      confirmation: outcome,
      confirmedById: user.id,
      confirmedAt: this.clock.now(),
      version: plan.version + 1,
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'ASSIGNMENT_PLAN',
      entityId: id,
      action: 'CONFIRMED',
      fromState: plan.state,
      toState: AssignmentPlanState.Confirmed,
      data: {
        created: outcome.created.length,
        refused: outcome.refused.length,
        removed: input.remove?.length ?? 0,
        added: input.add?.length ?? 0,
      },
    });
    return this.getVisible(user, id);
  }

  /**
   * Lock order, to rule out deadlocks: each pair's assign() locks its proposal's row, then its reviewer's, and holds
   * them to the end of the confirmation. Taken pair by pair in the plan's order, two confirmations in one call (or
   * one and an officer assigning by hand) crossed orders and deadlocked: a 500, found by test/reliability/races.
   * So every proposal's row is locked first, then every reviewer's, each by id; assign() then finds them held.
   */
  private async lockInOrder(pairs: readonly { proposalId: string; reviewerId: string }[]): Promise<void> {
    const ids = (pick: (pair: { proposalId: string; reviewerId: string }) => string) => [...new Set(pairs.map(pick))];
    await this.txHost.tx.query(`SELECT 1 FROM proposal WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids((p) => p.proposalId)]);
    await this.txHost.tx.query(`SELECT 1 FROM reviewer_profile WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`, [
      ids((p) => p.reviewerId),
    ]);
  }
}
