import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Call } from '../calls/call.entity';
import { Clock } from '../common/time/clock';
import { AssignmentPlan, AssignmentPlanState, PlanInfeasibility, ReviewerLoad } from './assignment-plan.entity';
import { LoadedProblem, PlanProblemLoader } from './plan-problem';
import { Infeasibility } from './solver/infeasibility';
import { solveAssignment } from './solver/solve-assignment';

const LOADED = 0.5;
/** Candidates of contended proposals are multiplied by WIDEN, at most MAX_WIDENINGS times. */
const WIDEN = 4;
const MAX_WIDENINGS = 2;

/**
 * The worker's half of a plan: loads the call's problem, solves it (src/assignment-plans/solver), and stores the
 * plan or why there is none. Progress goes to the plan's row between slices of the solve, so that any API replica
 * can show it. A plan already finished (a job delivered twice) is left alone.
 */
@Injectable()
export class AssignmentPlanSolver {
  private readonly logger = new Logger(AssignmentPlanSolver.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly loader: PlanProblemLoader,
    private readonly clock: Clock,
  ) {}

  private get plans() {
    return this.txHost.tx.getRepository(AssignmentPlan);
  }

  async solve(planId: string, isLastAttempt: boolean): Promise<void> {
    const started = await this.plans.update(
      { id: planId, state: In([AssignmentPlanState.Queued, AssignmentPlanState.Running]) },
      { state: AssignmentPlanState.Running, progress: 0 },
    );
    if (!started.affected) return;
    const plan = await this.plans.findOneByOrFail({ id: planId });
    try {
      const call = await this.txHost.tx.getRepository(Call).findOneByOrFail({ id: plan.callId });
      // Progress: reading the candidates is the first half, solving the second.
      const progress = (fraction: number) =>
        this.plans.update(planId, { progress: Math.round(fraction * 1000) / 1000 }).then(() => undefined);
      const loadedAt = performance.now();
      let loaded = await this.loader.load(call, plan.settings.candidatesPerProposal, (fraction) => progress(LOADED * fraction));
      let loadMillis = performance.now() - loadedAt;
      const solve = () => solveAssignment(loaded.problem, { onProgress: (fraction) => progress(LOADED + (1 - LOADED) * fraction) });
      let outcome = await solve();
      // Only the top K candidates per proposal were read: proposals competing for the same few reviewers may have
      // fit colleagues beyond them. Widen those proposals' candidates and solve again before saying no plan exists.
      let widened = 0;
      for (
        let k = plan.settings.candidatesPerProposal * WIDEN;
        !outcome.feasible && outcome.infeasibility.contention.length > 0;
        k *= WIDEN
      ) {
        if (widened === MAX_WIDENINGS) break;
        const contended = [...new Set(outcome.infeasibility.contention.flatMap((group) => group.proposals))].map(
          (p) => loaded.proposalIds[p],
        );
        const wideningAt = performance.now();
        loaded = await loaded.widen(contended, k);
        loadMillis += performance.now() - wideningAt;
        outcome = await solve();
        widened++;
      }
      const stats = { ...outcome.stats, loadMillis, conflictedPairs: loaded.conflictedPairs, widened };
      if (outcome.feasible) {
        const { problem, proposalIds, reviewers } = loaded;
        const pairs = Array.from(outcome.plan.chosen, (i) => {
          const reviewer = reviewers[problem.candidates.reviewer[i]];
          return {
            proposalId: proposalIds[problem.candidates.proposal[i]],
            reviewerId: reviewer.id,
            reviewerAgencyId: reviewer.agencyId,
            fit: problem.candidates.fit[i],
          };
        });
        const loads: ReviewerLoad[] = reviewers.map((reviewer, r) => ({
          reviewerId: reviewer.id,
          agencyId: reviewer.agencyId,
          current: reviewer.current,
          planned: outcome.plan.loads[r],
          cap: call.maxAssignmentsPerReviewer,
        }));
        await this.finish(planId, { state: AssignmentPlanState.Ready, pairs, loads, objective: outcome.plan.objective, stats });
      } else {
        await this.finish(planId, { state: AssignmentPlanState.Infeasible, infeasibility: named(outcome.infeasibility, loaded), stats });
      }
    } catch (error) {
      this.logger.warn({ planId, reason: error instanceof Error ? error.message : String(error) }, 'Assignment plan failed');
      if (isLastAttempt)
        await this.finish(planId, { state: AssignmentPlanState.Failed, failure: 'The plan could not be computed; ask again' });
      throw error;
    }
  }

  private async finish(planId: string, changes: Partial<AssignmentPlan>): Promise<void> {
    await this.plans.update(planId, { ...changes, progress: 1, finishedAt: this.clock.now(), version: () => 'version + 1' });
  }
}

/** The explanation with ids instead of indices. */
function named(why: Infeasibility, { proposalIds, reviewers, agencyIds }: LoadedProblem): PlanInfeasibility {
  return {
    shortfall: why.shortfall,
    shortages: why.shortages.map((s) => ({
      proposalId: proposalIds[s.proposal],
      agencyId: s.agency === null ? null : agencyIds[s.agency],
      needed: s.needed,
      available: s.available,
      missing: s.missing,
    })),
    contention: why.contention.map((g) => ({
      proposalIds: g.proposals.map((p) => proposalIds[p]),
      reviewerIds: g.reviewers.map((r) => reviewers[r].id),
      needed: g.needed,
      missing: g.missing,
    })),
    bindingReviewerIds: why.bindingReviewers.map((r) => reviewers[r].id),
  };
}
