import { ApiProperty } from '@nestjs/swagger';
import { money, Money } from '../../common/money/money';
import { MoneyDto } from '../../common/money/money.dto';
import { CallState, effectiveCallState } from '../call-state';
import { Call, Instrument, ReviewCriterion } from '../call.entity';

export class BudgetView {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ type: MoneyDto }) maxPerProposal!: Money;
  @ApiProperty({ type: MoneyDto }) total!: Money;
}

export class CallBudgetsView {
  @ApiProperty({ type: BudgetView }) home!: BudgetView;
  @ApiProperty({ type: BudgetView }) partner!: BudgetView;
}

export class ApprovalView {
  @ApiProperty() agencyId!: string;
  @ApiProperty() officerId!: string;
  @ApiProperty() callVersion!: number;
  @ApiProperty() approvedAt!: Date;
}

/** A call as clients see it; the state is the effective one (a published call past its deadline shows CLOSED). */
export class CallView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: Instrument }) instrument!: Instrument;
  @ApiProperty() homeAgencyId!: string;
  @ApiProperty() partnerAgencyId!: string;
  @ApiProperty({ nullable: true, type: String }) agreementId!: string | null;
  @ApiProperty({ type: [String] }) scientificFields!: string[];
  @ApiProperty() opensAt!: Date;
  @ApiProperty() closesAt!: Date;
  @ApiProperty() timezone!: string;
  @ApiProperty() reviewDueAt!: Date;
  @ApiProperty() decisionExpectedAt!: Date;
  @ApiProperty() projectStartsAt!: Date;
  @ApiProperty() durationLimitMonths!: number;
  @ApiProperty({ type: CallBudgetsView }) budgets!: CallBudgetsView;
  @ApiProperty() reviewCriteria!: ReviewCriterion[];
  @ApiProperty({ type: [String] }) requiredAttachmentKinds!: string[];
  @ApiProperty() minReviewsPerProposal!: number;
  @ApiProperty() maxAssignmentsPerReviewer!: number;
  @ApiProperty({ enum: CallState }) state!: CallState;
  @ApiProperty({ type: [ApprovalView] }) approvals!: ApprovalView[];
  @ApiProperty() version!: number;

  /** `call` must have its agencies and approvals loaded. */
  static of(call: Call, now: Date): CallView {
    return {
      id: call.id,
      title: call.title,
      description: call.description,
      instrument: call.instrument,
      homeAgencyId: call.homeAgencyId,
      partnerAgencyId: call.partnerAgencyId,
      agreementId: call.agreementId,
      scientificFields: call.scientificFields,
      opensAt: call.opensAt,
      closesAt: call.closesAt,
      timezone: call.timezone,
      reviewDueAt: call.reviewDueAt,
      decisionExpectedAt: call.decisionExpectedAt,
      projectStartsAt: call.projectStartsAt,
      durationLimitMonths: call.durationLimitMonths,
      budgets: {
        home: {
          agencyId: call.homeAgencyId,
          maxPerProposal: money(call.homeMaxPerProposal, call.homeAgency.currency),
          total: money(call.homeTotalBudget, call.homeAgency.currency),
        },
        partner: {
          agencyId: call.partnerAgencyId,
          maxPerProposal: money(call.partnerMaxPerProposal, call.partnerAgency.currency),
          total: money(call.partnerTotalBudget, call.partnerAgency.currency),
        },
      },
      reviewCriteria: call.reviewCriteria,
      requiredAttachmentKinds: call.requiredAttachmentKinds,
      minReviewsPerProposal: call.minReviewsPerProposal,
      maxAssignmentsPerReviewer: call.maxAssignmentsPerReviewer,
      state: effectiveCallState(call, now),
      approvals: (call.approvals ?? []).map(({ agencyId, officerId, callVersion, approvedAt }) => ({
        agencyId,
        officerId,
        callVersion,
        approvedAt,
      })),
      version: call.version,
    };
  }
}
