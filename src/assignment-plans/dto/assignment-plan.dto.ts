import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { Versioned } from '../../common/concurrency/versioned.dto';
import { IsInstant } from '../../common/validation/instant';
import { IsOmittable } from '../../common/validation/omittable';
import { AssignmentPlan, AssignmentPlanState } from '../assignment-plan.entity';

export class RequestAssignmentPlan {
  @ApiProperty({
    required: false,
    default: 30,
    example: 30,
    description: "Candidates per proposal from the expertise fit (half from each agency's pool); more is slower and rarely better",
  })
  @IsOmittable()
  @IsInt()
  @Min(2)
  @Max(200)
  candidatesPerProposal?: number;
}

export class PlanPairRef {
  @ApiProperty() @IsUUID() proposalId!: string;
  @ApiProperty() @IsUUID() reviewerId!: string;
}

export class ConfirmAssignmentPlan extends Versioned {
  @ApiProperty({ type: [PlanPairRef], required: false, description: 'Planned pairs the officer leaves out' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => PlanPairRef)
  remove?: PlanPairRef[];

  @ApiProperty({
    type: [PlanPairRef],
    required: false,
    description: 'Pairs the officer adds (checked for conflicts and caps like the rest)',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => PlanPairRef)
  add?: PlanPairRef[];

  @IsInstant({ required: false, description: "When the reviews are due; by default the call's reviewDueAt" })
  @IsOmittable()
  dueAt?: Date;
}

export class PlannedPairView {
  @ApiProperty() proposalId!: string;
  @ApiProperty() reviewerId!: string;
  @ApiProperty() reviewerAgencyId!: string;
  @ApiProperty({ description: 'Expertise fit (0-100), as in the reviewer suggestions' }) fit!: number;
}

export class ReviewerLoadView {
  @ApiProperty() reviewerId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ description: 'Live assignments in the call before the plan' }) current!: number;
  @ApiProperty({ description: 'New assignments in the plan' }) planned!: number;
  @ApiProperty({ description: "The call's maxAssignmentsPerReviewer" }) cap!: number;
}

export class ShortageView {
  @ApiProperty() proposalId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The agency whose reviewer is lacking; null when short in all' })
  agencyId!: string | null;
  @ApiProperty() needed!: number;
  @ApiProperty({ description: 'Unconflicted candidates (of that agency) with capacity left' }) available!: number;
  @ApiProperty() missing!: number;
}

export class ContentionView {
  @ApiProperty({ type: [String] }) proposalIds!: string[];
  @ApiProperty({ type: [String], description: 'Reviewers whose cap binds for these proposals' }) reviewerIds!: string[];
  @ApiProperty({ description: 'New reviews these proposals need together' }) needed!: number;
  @ApiProperty({ description: 'Of those, how many no plan can place' }) missing!: number;
}

export class InfeasibilityView {
  @ApiProperty({ description: 'Needed reviews that no plan can place' }) shortfall!: number;
  @ApiProperty({ type: [ShortageView], description: 'Proposals without enough unconflicted reviewers even alone' })
  shortages!: ShortageView[];
  @ApiProperty({ type: [ContentionView], description: 'Proposals competing for reviewers whose caps bind' })
  contention!: ContentionView[];
  @ApiProperty({ type: [String] }) bindingReviewerIds!: string[];
}

export class RefusedPairView {
  @ApiProperty() proposalId!: string;
  @ApiProperty() reviewerId!: string;
  @ApiProperty({ example: 'REVIEW_CONFLICT_OF_INTEREST' }) code!: string;
  @ApiProperty() detail!: string;
}

export class CreatedPairView {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() proposalId!: string;
  @ApiProperty() reviewerId!: string;
}

export class ConfirmationView {
  @ApiProperty({ type: [CreatedPairView] }) created!: CreatedPairView[];
  @ApiProperty({ type: [RefusedPairView], description: 'Pairs refused at confirmation (a conflict or a cap reached since the plan)' })
  refused!: RefusedPairView[];
}

export class SettingsView {
  @ApiProperty() minReviews!: number;
  @ApiProperty() maxAssignmentsPerReviewer!: number;
  @ApiProperty() candidatesPerProposal!: number;
}

export class AssignmentPlanView {
  @ApiProperty() id!: string;
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: AssignmentPlanState }) state!: AssignmentPlanState;
  @ApiProperty({ description: 'Share of the solving done, 0..1' }) progress!: number;
  @ApiProperty({ type: SettingsView }) settings!: SettingsView;
  @ApiProperty({ nullable: true, type: Number, description: 'Total fit of the planned pairs (the maximum under the constraints)' })
  objective!: number | null;
  @ApiProperty({ type: [PlannedPairView], nullable: true }) pairs!: PlannedPairView[] | null;
  @ApiProperty({ type: [ReviewerLoadView], nullable: true }) loads!: ReviewerLoadView[] | null;
  @ApiProperty({ type: InfeasibilityView, nullable: true }) infeasibility!: InfeasibilityView | null;
  @ApiProperty({ type: ConfirmationView, nullable: true }) confirmation!: ConfirmationView | null;
  @ApiProperty({ nullable: true, type: String }) failure!: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Solver figures: proposals, reviewers, candidates, loadMillis, maxFlowMillis, millis, ...',
  })
  stats!: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) confirmedAt!: Date | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;

  static of(plan: AssignmentPlan): AssignmentPlanView {
    return {
      id: plan.id,
      callId: plan.callId,
      state: plan.state,
      progress: plan.progress,
      settings: plan.settings,
      objective: plan.objective,
      pairs: plan.pairs,
      loads: plan.loads,
      infeasibility: plan.infeasibility,
      confirmation: plan.confirmation,
      failure: plan.failure,
      stats: plan.stats,
      finishedAt: plan.finishedAt,
      confirmedAt: plan.confirmedAt,
      version: plan.version,
      createdAt: plan.createdAt,
    };
  }
}
