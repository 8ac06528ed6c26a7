import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { PageQuery } from '../common/pagination/page';
import { Role } from '../common/identity/role';
import { CreateAgency, CreateAgreement, CreateOffice } from './dto/reference-data.dto';
import { ReferenceDataService } from './reference-data.service';

@ApiTags('reference data')
@Controller()
export class ReferenceDataController {
  constructor(private readonly referenceData: ReferenceDataService) {}

  /** List the funding agencies */
  @Get('agencies')
  @Authenticated()
  listAgencies(@Query() query: PageQuery) {
    return this.referenceData.listAgencies(query);
  }

  /** Read an agency */
  @Get('agencies/:id')
  @Authenticated()
  getAgency(@Param('id', ParseUUIDPipe) id: string) {
    return this.referenceData.getAgency(id);
  }

  /** Add an agency */
  @Post('agencies')
  @Roles(Role.Admin)
  createAgency(@CurrentUser() admin: Principal, @Body() input: CreateAgency) {
    return this.referenceData.createAgency(admin.id, input);
  }

  /** List NSTC's S&T offices abroad */
  @Get('offices')
  @Authenticated()
  listOffices(@Query() query: PageQuery) {
    return this.referenceData.listOffices(query);
  }

  /** Read an office */
  @Get('offices/:id')
  @Authenticated()
  getOffice(@Param('id', ParseUUIDPipe) id: string) {
    return this.referenceData.getOffice(id);
  }

  /** Add an office */
  @Post('offices')
  @Roles(Role.Admin)
  createOffice(@CurrentUser() admin: Principal, @Body() input: CreateOffice) {
    return this.referenceData.createOffice(admin.id, input);
  }

  /** List the agreements calls are issued under */
  @Get('agreements')
  @Authenticated()
  listAgreements(@Query() query: PageQuery) {
    return this.referenceData.listAgreements(query);
  }

  /** Read an agreement */
  @Get('agreements/:id')
  @Authenticated()
  getAgreement(@Param('id', ParseUUIDPipe) id: string) {
    return this.referenceData.getAgreement(id);
  }

  /** Add an agreement */
  @Post('agreements')
  @Roles(Role.Admin)
  createAgreement(@CurrentUser() admin: Principal, @Body() input: CreateAgreement) {
    return this.referenceData.createAgreement(admin.id, input);
  }
}
