import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles, Authenticated } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Versioned } from '../common/concurrency/versioned.dto';
import { notFound } from '../common/errors/domain-error';
import { Page } from '../common/pagination/page';
import { PublicLinks } from '../notifications/links';
import { Role } from '../common/identity/role';
import { callCalendar } from './call-calendar';
import { PUBLIC_CALL_STATES } from './call-state';
import { CallsService } from './calls.service';
import { CallInput, CallQuery, CancelCall, ExtendCall, UpdateCall } from './dto/call.dto';
import { CallView } from './dto/call.view';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly links: PublicLinks,
  ) {}

  /** List the calls you may see */
  @Get()
  @Authenticated()
  async list(@CurrentUser() user: Principal, @Query() query: CallQuery): Promise<Page<CallView>> {
    const page = await this.calls.list(user, query);
    const now = new Date();
    return { ...page, items: page.items.map((call) => CallView.of(call, now)) };
  }

  /** Write a new call, in draft */
  @Post()
  @Roles(Role.Officer)
  async create(@CurrentUser() user: Principal, @Body() input: CallInput): Promise<CallView> {
    return CallView.of(await this.calls.create(user, input), new Date());
  }

  /** Read a call */
  @Get(':id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CallView> {
    return CallView.of(await this.calls.getVisible(user, id), new Date());
  }

  /** Edit a draft call (any approval given is withdrawn) */
  @Patch(':id')
  @Roles(Role.Officer)
  async update(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() changes: UpdateCall): Promise<CallView> {
    return CallView.of(await this.calls.update(user, id, changes), new Date());
  }

  /** Approve the call's current text for your agency */
  @Post(':id/approve')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async approve(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() { version }: Versioned): Promise<CallView> {
    return CallView.of(await this.calls.approve(user, id, version), new Date());
  }

  /** Publish a call both agencies have approved */
  @Post(':id/publish')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async publish(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CallView> {
    return CallView.of(await this.calls.publish(user, id), new Date());
  }

  /** Move a call's deadline later */
  @Post(':id/extend')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async extend(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() extension: ExtendCall): Promise<CallView> {
    return CallView.of(await this.calls.extend(user, id, extension), new Date());
  }

  /** Cancel a draft or published call */
  @Post(':id/cancel')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async cancel(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() { reason }: CancelCall): Promise<CallView> {
    return CallView.of(await this.calls.cancel(user, id, reason), new Date());
  }

  /** Start the review of a closed call */
  @Post(':id/start-review')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async startReview(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CallView> {
    return CallView.of(await this.calls.startReview(user, id), new Date());
  }

  /**
   * The call's deadlines as iCalendar
   * @remarks For anyone's calendar application: no sign-in, published calls only.
   */
  @Get(':id/calendar.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  async calendar(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    const call = await this.calls.load(id);
    if (!call || !PUBLIC_CALL_STATES.includes(call.state)) throw notFound('Call');
    return callCalendar(call, this.links.call(call.id));
  }
}
