import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { spreadsheetFile } from '../common/export/export-format';
import { EXPORT_MEDIA_TYPES } from '../common/export/spreadsheet';
import { Role } from '../common/identity/role';
import { JointOutcome } from '../decisions/decision.rules';
import { DecisionsService } from '../decisions/decisions.service';
import { RankingQuery } from '../reviews/dto/ranking.dto';
import { RankingService } from '../reviews/ranking.service';
import { RankingWithDecisionsView } from './dto/ranking-with-decisions.view';
import { rankingSheet } from './ranking-sheet';

@ApiTags('reviews')
@Controller('calls')
export class RankingController {
  constructor(
    private readonly ranking: RankingService,
    private readonly decisions: DecisionsService,
  ) {}

  /**
   * Rank a call's proposals, with both agencies' decisions (JSON, or ?format=csv or xlsx)
   * @remarks Over submitted reviews only: per proposal the number of reviews, their mean total (each review's total
   * is the weighted mean of its criteria scaled to 0-100), the sample standard deviation, the mean by each agency's
   * reviewers, a distinct rank and a flag when it has fewer reviews than the call's minimum. Calibrated columns beside
   * them (unless calibration=false): the z-score mean and the least-squares quality without each reviewer's
   * leniency, each with its rank, and a warning when the reviews connect the reviewers too weakly for that. Then each
   * agency's decision and amount in its currency, and the joint outcome. The files hold the same lines, headed in the
   * reader's language, dates in the call's time zone, amounts exact.
   */
  @Get(':id/ranking')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('application/json', EXPORT_MEDIA_TYPES.csv, EXPORT_MEDIA_TYPES.xlsx)
  @ApiOkResponse({ type: RankingWithDecisionsView })
  async get(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() { format, calibration }: RankingQuery,
  ): Promise<RankingWithDecisionsView | StreamableFile> {
    const call = await this.ranking.callFor(user, id);
    const calibrated = calibration !== 'false';
    const ranking = await this.ranking.view(call, calibrated);
    const decisions = await this.decisions.ofCall(call);
    const view: RankingWithDecisionsView = {
      ...ranking,
      items: ranking.items.map((item) => ({
        ...item,
        decisions: decisions.get(item.proposalId) ?? { outcome: JointOutcome.Undecided, home: null, partner: null },
      })),
    };
    if (format === undefined || format === 'json') return view;
    const sides = {
      home: { code: call.homeAgency.code, currency: call.homeAgency.currency },
      partner: { code: call.partnerAgency.code, currency: call.partnerAgency.currency },
    };
    const sheet = rankingSheet(view.items, sides, user.language, calibrated);
    return spreadsheetFile(
      format,
      sheet,
      { language: user.language, timeZone: call.timezone },
      `ranking-${sides.home.code}-${sides.partner.code}-${id.slice(0, 8)}`,
    );
  }
}
