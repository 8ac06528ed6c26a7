import { ApiProperty } from '@nestjs/swagger';
import { CallDecisionsView } from '../../decisions/dto/decision.view';
import { RankedProposalView, RankingView } from '../../reviews/dto/ranking.dto';

export class RankedProposalWithDecisionsView extends RankedProposalView {
  @ApiProperty({ type: CallDecisionsView, description: 'Both agencies’ decisions (null until recorded) and the joint outcome' })
  decisions!: CallDecisionsView;
}

/** The ranking an officer decides from: the reviews' figures and both agencies' decisions side by side. */
export class RankingWithDecisionsView extends RankingView {
  @ApiProperty({ type: [RankedProposalWithDecisionsView] }) declare items: RankedProposalWithDecisionsView[];
}
