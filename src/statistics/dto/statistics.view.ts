import { ApiProperty } from '@nestjs/swagger';
import { CallState } from '../../calls/call-state';
import { Money } from '../../common/money/money';
import { MoneyDto } from '../../common/money/money.dto';
import { ProposalState } from '../../proposals/proposal-state';
import { Side } from '../../proposals/team-member.entity';

export class FieldCount {
  @ApiProperty({ nullable: true, type: String, description: 'null for proposals that named no field' }) field!: string | null;
  @ApiProperty() proposals!: number;
}

export class InstitutionCount {
  @ApiProperty({ enum: Side }) side!: Side;
  @ApiProperty() institution!: string;
  @ApiProperty() country!: string;
  @ApiProperty() proposals!: number;
}

export class CountryCount {
  @ApiProperty({ example: 'CZ' }) country!: string;
  @ApiProperty({ description: 'Submitted proposals with a principal investigator in the country' }) proposals!: number;
}

export class ProposalFigures {
  @ApiProperty({ description: 'Every proposal of the call, drafts and withdrawn ones included' }) total!: number;
  @ApiProperty({ description: 'Proposals submitted and not withdrawn: what the figures below count' }) submitted!: number;
  @ApiProperty({ description: 'Every proposal state, with zero where none is', example: { DRAFT: 2, SUBMITTED: 0, AWARDED: 3 } })
  byState!: Record<ProposalState, number>;
  @ApiProperty({ type: [FieldCount] }) byField!: FieldCount[];
  @ApiProperty({ type: [InstitutionCount], description: "By each principal investigator's institution" })
  byInstitution!: InstitutionCount[];
  @ApiProperty({ type: [CountryCount] }) byCountry!: CountryCount[];
}

export class AgencyFigures {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: Side }) side!: Side;
  @ApiProperty({ type: MoneyDto, description: "The agency's total budget for the call" }) budget!: Money;
  @ApiProperty({ type: MoneyDto, description: 'Requested from the agency by the submitted proposals' }) requested!: Money;
  @ApiProperty({ type: MoneyDto, description: "The sum of the agency's FUND decisions (whatever the other agency decided)" })
  funded!: Money;
  @ApiProperty({ type: MoneyDto, description: 'Granted by the agency to awarded projects (both agencies fund)' }) awarded!: Money;
  @ApiProperty({ type: MoneyDto, description: 'Budget not yet committed by FUND decisions' }) remaining!: Money;
}

export class OutcomeFigures {
  @ApiProperty() undecided!: number;
  @ApiProperty() awarded!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() waitlisted!: number;
}

export class SuccessRate {
  @ApiProperty({ description: 'Proposals both agencies fund' }) awarded!: number;
  @ApiProperty({ description: 'Proposals submitted and not withdrawn' }) submitted!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0.2500',
    description: 'awarded / submitted with four decimals; null when none was submitted',
  })
  rate!: string | null;
}

export class ReviewFigures {
  @ApiProperty({ description: 'Reviews submitted' }) done!: number;
  @ApiProperty({ description: 'Reviews still owed: assignments invited or accepted, not yet submitted' }) due!: number;
  @ApiProperty({ description: 'Of those owed, the ones past their due date' }) overdue!: number;
}

/** A call's figures, counted by the database at the moment of asking. */
export class CallStatisticsView {
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: CallState }) callState!: CallState;
  @ApiProperty({ type: ProposalFigures }) proposals!: ProposalFigures;
  @ApiProperty({ type: [AgencyFigures], description: 'Home agency first' }) agencies!: AgencyFigures[];
  @ApiProperty({ type: OutcomeFigures, description: 'Joint outcomes of the proposals under review or decided' }) outcomes!: OutcomeFigures;
  @ApiProperty({ type: SuccessRate }) successRate!: SuccessRate;
  @ApiProperty({ type: ReviewFigures }) reviews!: ReviewFigures;
}
