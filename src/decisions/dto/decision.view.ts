import { ApiProperty } from '@nestjs/swagger';
import { Money, money } from '../../common/money/money';
import { MoneyDto } from '../../common/money/money.dto';
import { Side } from '../../proposals/team-member.entity';
import { DecisionKind } from '../decision.entity';
import { JointOutcome } from '../decision.rules';

export class AgencyDecisionView {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: Side }) side!: Side;
  @ApiProperty({ enum: DecisionKind }) decision!: DecisionKind;
  @ApiProperty({ type: MoneyDto, nullable: true }) amount!: Money | null;
  @ApiProperty() note!: string;
  @ApiProperty() officerId!: string;
  @ApiProperty() recordedAt!: Date;
  @ApiProperty({ description: 'Send it back to change this decision' }) version!: number;
}

/** Both agencies' decisions on a proposal side by side, with what they mean together. */
export class ProposalDecisionsView {
  @ApiProperty() proposalId!: string;
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: JointOutcome }) outcome!: JointOutcome;
  @ApiProperty({ description: 'The call is finalized: the decisions can no longer change' }) frozen!: boolean;
  @ApiProperty({ type: AgencyDecisionView, nullable: true }) home!: AgencyDecisionView | null;
  @ApiProperty({ type: AgencyDecisionView, nullable: true }) partner!: AgencyDecisionView | null;
}

export const agencyDecisionView = (
  decision: {
    agencyId: string;
    kind: DecisionKind;
    amount: string | null;
    note: string;
    officerId: string;
    recordedAt: Date;
    version: number;
  },
  side: Side,
  currency: string,
): AgencyDecisionView => ({
  agencyId: decision.agencyId,
  side,
  decision: decision.kind,
  amount: decision.amount === null ? null : money(decision.amount, currency),
  note: decision.note,
  officerId: decision.officerId,
  recordedAt: decision.recordedAt,
  version: decision.version,
});
