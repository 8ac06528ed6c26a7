import { ApiProperty } from '@nestjs/swagger';
import { DeliveryStatus, WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { WebhookAttempt } from '../webhook-attempt.entity';

export class WebhookEndpointView {
  @ApiProperty() id!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty() url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ description: 'false while paused or after a long run of failures' }) active!: boolean;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ nullable: true, type: String }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) disabledAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() version!: number;

  static of(endpoint: WebhookEndpoint): WebhookEndpointView {
    const { id, agencyId, url, description, eventTypes, active, consecutiveFailures, disabledReason, disabledAt, createdAt, version } =
      endpoint;
    return { id, agencyId, url, description, eventTypes, active, consecutiveFailures, disabledReason, disabledAt, createdAt, version };
  }
}

/** Answered once, when the endpoint is created or its secret rotated: the secret is never shown again. */
export class WebhookSecretView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Shown once; verify signatures with it (Standard Webhooks)',
  })
  secret!: string;

  @ApiProperty({ nullable: true, type: Date, description: 'Until then deliveries are signed with the previous secret as well' })
  previousSecretValidUntil!: Date | null;
}

export class CreatedWebhookEndpointView extends WebhookEndpointView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Shown once; verify signatures with it (Standard Webhooks)',
  })
  secret!: string;
}

export class WebhookAttemptView {
  @ApiProperty() attemptedAt!: Date;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() durationMs!: number;

  static of({ attemptedAt, statusCode, error, durationMs }: WebhookAttempt): WebhookAttemptView {
    return { attemptedAt, statusCode, error, durationMs };
  }
}

export class WebhookDeliveryView {
  @ApiProperty({ description: 'Sent as the webhook-id header of every attempt' }) id!: string;
  @ApiProperty() endpointId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: DeliveryStatus }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty() nextAttemptAt!: Date;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiProperty() createdAt!: Date;

  /** `delivery` with its event loaded. */
  static of(delivery: WebhookDelivery): WebhookDeliveryView {
    return {
      id: delivery.id,
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      eventType: delivery.event.type,
      callId: delivery.event.callId,
      status: delivery.status,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt,
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      deliveredAt: delivery.deliveredAt,
      createdAt: delivery.createdAt,
    };
  }
}

export class WebhookDeliveryDetailView extends WebhookDeliveryView {
  @ApiProperty({ description: 'The exact body every attempt sends and signs' }) body!: string;
  @ApiProperty({ type: [WebhookAttemptView] }) attemptLog!: WebhookAttemptView[];

  /** `delivery` with its event and attempts loaded. */
  static detailOf(delivery: WebhookDelivery): WebhookDeliveryDetailView {
    return { ...WebhookDeliveryView.of(delivery), body: delivery.event.body, attemptLog: delivery.attemptLog.map(WebhookAttemptView.of) };
  }
}
