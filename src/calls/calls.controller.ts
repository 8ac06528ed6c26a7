import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles, Authenticated } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { OptionallyVersioned, Versioned } from '../common/concurrency/versioned.dto';
import { Page } from '../common/pagination/page';
import { PublicLinks } from '../notifications/links';
import { Role } from '../common/identity/role';
import { Clock } from '../common/time/clock';
import { callCalendar } from './call-calendar';
import { PUBLIC_CALL_STATES } from './call-state';
import { CALL_ERRORS } from './call.errors';
import { Call } from './call.entity';
import { CallsService } from './calls.service';
import { CallInput, CallQuery, CancelCall, ExtendCall, UpdateCall } from './dto/call.dto';
import { CallView } from './dto/call.view';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly links: PublicLinks,
    private readonly clock: Clock,
  ) {}

  private view(call: Call): CallView {
    return CallView.of(call, this.clock.now());
  }

  /** List the calls you may see */
  @Get()
  @Authenticated()
  async list(@CurrentUser() user: Principal, @Query() query: CallQuery): Promise<Page<CallView>> {
    const page = await this.calls.list(user, query);
    return { ...page, items: page.items.map((call) => this.view(call)) };
  }

  /** Write a new call, in draft */
  @Post()
  @Roles(Role.Officer)
  async create(@CurrentUser() user: Principal, @Body() input: CallInput): Promise<CallView> {
    return this.view(await this.calls.create(user, input));
  }

  /** Read a call */
  @Get(':id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CallView> {
    return this.view(await this.calls.getVisible(user, id));
  }

  /** Edit a draft call (any approval given is withdrawn) */
  @Patch(':id')
  @Roles(Role.Officer)
  async update(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() changes: UpdateCall): Promise<CallView> {
    return this.view(await this.calls.update(user, id, changes));
  }

  /** Approve the call's current text for your agency */
  @Post(':id/approve')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async approve(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() { version }: Versioned): Promise<CallView> {
    return this.view(await this.calls.approve(user, id, version));
  }

  /** Publish a call both agencies have approved */
  @Post(':id/publish')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async publish(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: OptionallyVersioned,
  ): Promise<CallView> {
    return this.view(await this.calls.publish(user, id, version));
  }

  /** Move a call's deadline later */
  @Post(':id/extend')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async extend(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() extension: ExtendCall): Promise<CallView> {
    return this.view(await this.calls.extend(user, id, extension));
  }

  /** Cancel a draft or published call */
  @Post(':id/cancel')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async cancel(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() cancellation: CancelCall,
  ): Promise<CallView> {
    return this.view(await this.calls.cancel(user, id, cancellation));
  }

  /** Start the review of a closed call */
  @Post(':id/start-review')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async startReview(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: OptionallyVersioned,
  ): Promise<CallView> {
    return this.view(await this.calls.startReview(user, id, version));
  }

  /** Start the funding decisions of a call in review */
  @Post(':id/start-decision')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async startDecision(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: OptionallyVersioned,
  ): Promise<CallView> {
    return this.view(await this.calls.startDecision(user, id, version));
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
    if (!call || !PUBLIC_CALL_STATES.includes(call.state)) throw CALL_ERRORS.CALL_NOT_FOUND();
    return callCalendar(call, this.links.call(call.id));
  }
}
