import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { CallStatisticsView } from './dto/statistics.view';
import { StatisticsService } from './statistics.service';

@ApiTags('calls')
@Controller('calls')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /**
   * A call's figures
   * @remarks Proposals by state, field, institution and country; requested, funded and awarded amounts per agency in its
   * currency; joint outcomes and the success rate; reviews done, due and overdue. For the officers of the call's agencies and admins.
   */
  @Get(':id/statistics')
  @Roles(Role.Officer, Role.Admin)
  ofCall(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CallStatisticsView> {
    return this.statistics.ofCall(user, id);
  }
}
