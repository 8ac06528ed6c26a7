import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/time/clock';
import { Environment } from '../../config/environment';
import { EmailType } from '../../notifications/email-types';
import { PublicLinks } from '../../notifications/links';
import { Notifier } from '../../notifications/notifier';
import { RecipientDirectory } from '../../notifications/recipients';
import { retryDelayMs } from '../webhook-retry.rules';
import { SendOutcome } from './webhook-sender';

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  /** Attempts made, this one included. */
  attempts: number;
}

/**
 * Writes down a failed attempt, in one transaction: the attempt log, the delivery's new status (PENDING with its next
 * time, or FAILED after the last attempt), and the endpoint's run of failures, which past the threshold disables it
 * and tells its agency's officers. (A success is one statement: WebhookQueue.markDelivered.)
 */
@Injectable()
export class WebhookSettlement {
  private readonly logger = new Logger(WebhookSettlement.name);
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly disableAfter: number;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly directory: RecipientDirectory,
    private readonly clock: Clock,
    private readonly links: PublicLinks,
    config: ConfigService<Environment, true>,
  ) {
    this.maxAttempts = config.get('WEBHOOK_MAX_ATTEMPTS', { infer: true });
    this.retryBaseMs = config.get('WEBHOOK_RETRY_BASE_MS', { infer: true });
    this.disableAfter = config.get('WEBHOOK_DISABLE_AFTER_FAILURES', { infer: true });
  }

  @Transactional()
  async failed(delivery: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
    const tx = this.txHost.tx;
    await tx.query(
      `INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
       VALUES ($1, now() - $2 * interval '1 millisecond', $3, $4, $2)`,
      [delivery.id, outcome.durationMs, outcome.statusCode, outcome.error],
    );
    const final = delivery.attempts >= this.maxAttempts;
    const reason = outcome.error ?? `HTTP ${outcome.statusCode}`;
    await tx.query(
      `UPDATE webhook_delivery SET status = $2, lease_until = NULL, last_status_code = $3, last_error = $4,
         next_attempt_at = now() + $5 * interval '1 millisecond'
       WHERE id = $1`,
      [
        delivery.id,
        final ? 'FAILED' : 'PENDING',
        outcome.statusCode,
        reason,
        final ? 0 : retryDelayMs(delivery.attempts, this.retryBaseMs),
      ],
    );
    const [[endpoint]] = await tx.query<
      [{ consecutive_failures: number; active: boolean; agency_id: string; url: string; description: string }[], number]
    >(
      `UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
       RETURNING consecutive_failures, active, agency_id, url, description`,
      [delivery.endpointId],
    );
    if (endpoint?.active && endpoint.consecutive_failures >= this.disableAfter) await this.disable(delivery.endpointId, endpoint, reason);
  }

  private async disable(
    endpointId: string,
    endpoint: { consecutive_failures: number; agency_id: string; url: string; description: string },
    lastError: string,
  ) {
    const disabledReason = `Disabled after ${endpoint.consecutive_failures} failed attempts in a row; the last: ${lastError}`.slice(0, 500);
    await this.txHost.tx.query(
      `UPDATE webhook_endpoint SET active = false, disabled_reason = $2, disabled_at = now(), version = version + 1 WHERE id = $1`,
      [endpointId, disabledReason],
    );
    await this.audit.record({
      actorId: null,
      entityType: 'WEBHOOK_ENDPOINT',
      entityId: endpointId,
      action: 'DISABLED',
      reason: disabledReason,
    });
    const officers = await this.directory.officersOf([endpoint.agency_id]);
    await this.notifier.tell(
      EmailType.WebhookEndpointDisabled,
      officers,
      { about: { type: 'WEBHOOK_ENDPOINT', id: endpointId }, agencyIds: [endpoint.agency_id] },
      `disabled-${this.clock.now().toISOString()}`,
      (officer) => ({
        name: officer.name,
        endpoint: endpoint.description || endpoint.url.replace(/^https?:\/\//, ''),
        endpointId,
        failures: endpoint.consecutive_failures,
        lastError,
        disabledAt: this.clock.now().toISOString(),
        timezone: officer.timezone,
        endpointUrl: this.links.webhookEndpoint(endpointId, officer.language),
      }),
    );
    this.logger.warn({ endpointId, failures: endpoint.consecutive_failures }, 'Webhook endpoint disabled after a run of failures');
  }
}
