import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { Page, PageQuery } from '../common/pagination/page';
import { UpdateWebhookEndpoint, WebhookDeliveryQuery, WebhookEndpointInput } from './dto/webhook-endpoint.dto';
import {
  CreatedWebhookEndpointView,
  WebhookDeliveryDetailView,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookSecretView,
} from './dto/webhook.view';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhooks')
@Controller()
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  /** Your agency's webhook endpoints (admins: every agency's). */
  @Get('webhook-endpoints')
  @Roles(Role.Officer, Role.Admin)
  async list(@CurrentUser() user: Principal, @Query() query: PageQuery): Promise<Page<WebhookEndpointView>> {
    const page = await this.endpoints.list(user, query);
    return { ...page, items: page.items.map(WebhookEndpointView.of) };
  }

  /** Registers an endpoint for your agency; the answer holds its signing secret, shown this once. */
  @Post('webhook-endpoints')
  @Roles(Role.Officer)
  async create(@CurrentUser() user: Principal, @Body() input: WebhookEndpointInput): Promise<CreatedWebhookEndpointView> {
    const { endpoint, secret } = await this.endpoints.create(user, input);
    return { ...WebhookEndpointView.of(endpoint), secret };
  }

  /** One of your agency's endpoints. */
  @Get('webhook-endpoints/:id')
  @Roles(Role.Officer, Role.Admin)
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookEndpointView> {
    return WebhookEndpointView.of(await this.endpoints.get(user, id));
  }

  /** Changes an endpoint's URL or event types, pauses it, or resumes it after it was disabled. */
  @Patch('webhook-endpoints/:id')
  @Roles(Role.Officer)
  async update(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() changes: UpdateWebhookEndpoint,
  ): Promise<WebhookEndpointView> {
    return WebhookEndpointView.of(await this.endpoints.update(user, id, changes));
  }

  /** Issues a new signing secret, shown this once; the previous one keeps signing for 24 hours. */
  @Post('webhook-endpoints/:id/rotate-secret')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async rotateSecret(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSecretView> {
    return this.endpoints.rotateSecret(user, id);
  }

  /** Removes an endpoint, its pending deliveries and its log. */
  @Delete('webhook-endpoints/:id')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.endpoints.remove(user, id);
  }

  /** The delivery log of your agency's endpoints, newest event first. */
  @Get('webhook-deliveries')
  @Roles(Role.Officer, Role.Admin)
  async deliveryLog(@CurrentUser() user: Principal, @Query() query: WebhookDeliveryQuery): Promise<Page<WebhookDeliveryView>> {
    const page = await this.deliveries.list(user, query);
    return { ...page, items: page.items.map(WebhookDeliveryView.of) };
  }

  /** One delivery with its body and every attempt (when, status code or error, duration). */
  @Get('webhook-deliveries/:id')
  @Roles(Role.Officer, Role.Admin)
  async delivery(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookDeliveryDetailView> {
    return WebhookDeliveryDetailView.detailOf(await this.deliveries.get(user, id));
  }

  /** Sends a delivery again, with the same webhook-id and a fresh set of attempts. */
  @Post('webhook-deliveries/:id/replay')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async replay(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookDeliveryDetailView> {
    return WebhookDeliveryDetailView.detailOf(await this.deliveries.replay(user, id));
  }
}
