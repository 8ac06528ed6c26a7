import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { filePart } from '../common/http/multipart';
import { Role } from '../common/identity/role';
import { Page } from '../common/pagination/page';
import { Clock } from '../common/time/clock';
import { AwardsService } from './awards.service';
import { AWARD_ERRORS } from './awards.errors';
import { AwardView, ReportView } from './dto/award.view';
import { AcceptReport, AwardQuery, ReportKindQuery, RequestRevision } from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('awards')
@Controller()
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  /** List the awards you may see: yours as a PI, your agency's calls' as an officer */
  @Get('awards')
  @Authenticated()
  async list(@CurrentUser() user: Principal, @Query() query: AwardQuery): Promise<Page<AwardView>> {
    const page = await this.awards.list(user, query);
    return { ...page, items: page.items.map((award) => AwardView.of(award, this.clock.now())) };
  }

  /** Read an award: both agencies' amounts, its dates and its report calendar */
  @Get('awards/:id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AwardView> {
    return AwardView.of(await this.awards.getVisible(user, id), this.clock.now());
  }

  /**
   * Submit a report of the award as a PDF (at most 20 MiB), or its revision
   * @remarks Streamed into storage and checked by content, as proposal attachments are. Without `kind`, the earliest
   * report awaited from the PIs.
   */
  @Post('awards/:id/reports')
  @Roles(Role.Researcher)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  async submit(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() { kind }: ReportKindQuery,
    @Req() request: FastifyRequest,
  ): Promise<ReportView> {
    const file = await filePart(request);
    if (!file) throw AWARD_ERRORS.REPORT_FILE_MISSING([{ field: 'file', message: 'no file was sent' }]);
    const { award, report } = await this.reports.submit(user, id, kind, file);
    return ReportView.of(report, award.proposalId, this.clock.now());
  }

  /** Accept a submitted report for your agency */
  @Post('reports/:id/accept')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async accept(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() input: AcceptReport): Promise<ReportView> {
    const { award, report } = await this.reports.accept(user, id, input);
    return ReportView.of(report, award.proposalId, this.clock.now());
  }

  /** Ask the PIs for a revision of a submitted report, saying what to change */
  @Post('reports/:id/request-revision')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async requestRevision(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: RequestRevision,
  ): Promise<ReportView> {
    const { award, report } = await this.reports.requestRevision(user, id, input);
    return ReportView.of(report, award.proposalId, this.clock.now());
  }
}
