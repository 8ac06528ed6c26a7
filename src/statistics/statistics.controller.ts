import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { csvExport } from '../common/export/csv-export';
import { exportFile, ResponseFormatQuery } from '../common/export/export-format';
import { EXPORT_MEDIA_TYPES, Sheet } from '../common/export/spreadsheet';
import { xlsxExport } from '../common/export/xlsx-export';
import { Role } from '../common/identity/role';
import { CallStatisticsView } from './dto/statistics.view';
import { statisticsSheet } from './statistics-sheet';
import { StatisticsService } from './statistics.service';

@ApiTags('calls')
@Controller('calls')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /**
   * A call's figures (JSON, or a file with ?format=csv or xlsx)
   * @remarks Proposals by state, field, institution and country; requested, funded and awarded amounts per agency in its
   * currency; joint outcomes and the success rate; reviews done, due and overdue. For the officers of the call's
   * agencies and admins. The files hold the same figures, one per line, headed in the reader's language.
   */
  @Get(':id/statistics')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('application/json', EXPORT_MEDIA_TYPES.csv, EXPORT_MEDIA_TYPES.xlsx)
  @ApiOkResponse({ type: CallStatisticsView })
  async ofCall(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() { format }: ResponseFormatQuery,
  ): Promise<CallStatisticsView | StreamableFile> {
    const { figures, call } = await this.statistics.ofCall(user, id);
    if (format === undefined || format === 'json') return figures;
    const sheet = statisticsSheet(figures, { home: call.homeAgency.code, partner: call.partnerAgency.code }, user.language);
    const options = { language: user.language, timeZone: call.timezone };
    const content = format === 'csv' ? csvExport(sheet, options) : xlsxExport([sheet as Sheet<unknown>], options);
    return exportFile(content, format, `statistics-${call.homeAgency.code}-${call.partnerAgency.code}-${id.slice(0, 8)}`);
  }
}
