import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailRenderer } from '../email-renderer';
import { EmailType } from '../email-types';
import { EmailStatus, OutboundEmail } from '../outbound-email.entity';
import { MailerService } from './mailer.service';

/** How long a worker may hold a claimed e-mail before another may take it over (it must have crashed). */
const CLAIM_LEASE = '2 minutes';
/** While a queued job holds the row, the relay leaves it alone this long. */
export const RELAY_LEASE = '5 minutes';

export type DeliveryOutcome = 'sent' | 'already-handled';

/**
 * Delivers one outbound e-mail at most once: a conditional UPDATE claims the row before the mail server is
 * contacted, so a duplicated job, a retry after success or a second worker finds nothing to claim.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger(EmailDeliveryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailRenderer,
    private readonly mailer: MailerService,
  ) {}

  async deliver(emailId: string, isLastAttempt: boolean): Promise<DeliveryOutcome> {
    const email = await this.claim(emailId);
    if (!email) return 'already-handled';
    try {
      const { subject, html, text } = this.renderer.render(email.type as EmailType, email.language, email.variables as never);
      const messageId = await this.mailer.send({
        to: { name: email.recipientName, address: email.recipientEmail },
        subject,
        html,
        text,
        language: email.language,
        messageId: `<${email.id}@joint-calls>`,
      });
      await this.dataSource.query(
        `UPDATE outbound_email SET status = 'SENT', sent_at = now(), lease_until = NULL, last_error = NULL, message_id = $2,
           variables = CASE WHEN sensitive THEN NULL ELSE variables END
         WHERE id = $1`,
        [email.id, messageId],
      );
      return 'sent';
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const status = isLastAttempt ? EmailStatus.Failed : EmailStatus.Pending;
      await this.dataSource.query(
        `UPDATE outbound_email SET status = $2, last_error = $3, lease_until = NULL, relay_after = now() + interval '${RELAY_LEASE}' WHERE id = $1`,
        [email.id, status, reason],
      );
      this.logger.warn({ emailId, attempt: email.attempts, final: isLastAttempt, reason }, 'E-mail delivery failed');
      throw error;
    }
  }

  private async claim(emailId: string): Promise<OutboundEmail | undefined> {
    const [rows] = await this.dataSource.query<[OutboundEmail[], number]>(
      `UPDATE outbound_email SET status = 'SENDING', attempts = attempts + 1, lease_until = now() + interval '${CLAIM_LEASE}'
       WHERE id = $1 AND (status = 'PENDING' OR (status = 'SENDING' AND lease_until < now()))
       RETURNING id, type, language, variables, recipient_email AS "recipientEmail", recipient_name AS "recipientName", attempts`,
      [emailId],
    );
    return rows[0];
  }
}
