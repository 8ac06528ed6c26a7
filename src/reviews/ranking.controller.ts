import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { RankingQuery, RankingView } from './dto/ranking.dto';
import { RankingService } from './ranking.service';

@ApiTags('reviews')
@Controller('calls')
export class RankingController {
  constructor(private readonly ranking: RankingService) {}

  /**
   * Rank a call's proposals by their submitted reviews (JSON, or CSV with ?format=csv)
   * @remarks Over submitted reviews only: per proposal the number of reviews, their mean total (each review's total
   * is the weighted mean of its criteria scaled to 0-100), the sample standard deviation, the mean by each agency's
   * reviewers, a distinct rank and a flag when it has fewer reviews than the call's minimum.
   */
  @Get(':id/ranking')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RankingView })
  async get(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() { format }: RankingQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RankingView | string> {
    if (format !== 'csv') return this.ranking.json(user, id);
    const csv = await this.ranking.csv(user, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ranking-${id}.csv"`);
    return csv;
  }
}
