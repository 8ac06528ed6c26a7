import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallsModule } from '../calls/calls.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { AssignmentPlanRequeueSweep } from './assignment-plan-requeue.sweep';
import { AssignmentPlanSolver } from './assignment-plan-solver';
import { AssignmentPlan } from './assignment-plan.entity';
import { AssignmentPlansController } from './assignment-plans.controller';
import { AssignmentPlansService } from './assignment-plans.service';
import { AssignmentPlansWorker } from './assignment-plans.worker';
import { PlanProblemLoader } from './plan-problem';

/** Whole-call reviewer assignment: officers ask for a plan and confirm it (API). */
@Module({
  imports: [TypeOrmModule.forFeature([AssignmentPlan]), CallsModule, ReviewsModule],
  controllers: [AssignmentPlansController],
  providers: [AssignmentPlansService],
})
export class AssignmentPlansModule {}

/** The worker's half: solving plans. */
@Module({
  imports: [TypeOrmModule.forFeature([AssignmentPlan])],
  providers: [PlanProblemLoader, AssignmentPlanSolver, AssignmentPlansWorker, AssignmentPlanRequeueSweep],
})
export class AssignmentPlansWorkerModule {}
