import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { BatchedCalls } from '../../common/concurrency/batched-calls';
import { Environment } from '../../config/environment';
import { prepared } from '../../database/prepared';
import { EmailRenderer } from '../email-renderer';
import { EmailType } from '../email-types';
import { EmailStatus, OutboundEmail } from '../outbound-email.entity';
import { MailerService } from './mailer.service';

/** While a queued job holds the row, the relay leaves it alone this long. */
export const RELAY_LEASE = '5 minutes';

export type DeliveryOutcome = 'sent' | 'already-handled';

type Claimed = Pick<OutboundEmail, 'id' | 'type' | 'language' | 'variables' | 'recipientEmail' | 'recipientName' | 'attempts'>;

/**
 * Another worker holds the e-mail's claim. Thrown so that the job is tried again later instead of being completed:
 * if that worker died mid-send, its lease lapses and the next attempt sends the e-mail (it would otherwise stay
 * SENDING forever, its job done).
 */
export class ClaimedElsewhere extends Error {
  constructor(emailId: string) {
    super(`E-mail ${emailId} is claimed by another worker; trying again once its lease lapses`);
  }
}

/**
 * Delivers one outbound e-mail at most once: a conditional UPDATE claims the row before the mail server is
 * contacted, so a duplicated job, a retry after success or a second worker finds nothing to claim. The claims of
 * the jobs this worker starts together, and the SENT marks of those it finishes together, are one statement per
 * batch (BatchedCalls): a job still waits for its own row's statement, so nothing is acknowledged before it is stored.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger(EmailDeliveryService.name);
  private readonly claims = new BatchedCalls<string, Claimed | undefined>((ids) => this.claimAll(ids));
  private readonly marks = new BatchedCalls<{ id: string; messageId: string }, void>((sent) => this.markAllSent(sent));

  private readonly claimLeaseSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: EmailRenderer,
    private readonly mailer: MailerService,
    config: ConfigService<Environment, true>,
  ) {
    this.claimLeaseSeconds = config.get('MAIL_CLAIM_LEASE_SECONDS', { infer: true });
  }

  async deliver(emailId: string, isLastAttempt: boolean): Promise<DeliveryOutcome> {
    const email = await this.claims.call(emailId);
    if (!email) {
      if (await this.claimedElsewhere(emailId)) throw new ClaimedElsewhere(emailId);
      return 'already-handled';
    }
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
      await this.marks.call({ id: email.id, messageId });
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

  private async claimAll(ids: string[]): Promise<(Claimed | undefined)[]> {
    const { rows } = await prepared<Claimed>(
      this.dataSource.manager,
      `UPDATE outbound_email SET status = 'SENDING', attempts = attempts + 1, lease_until = now() + $2 * interval '1 second'
       WHERE id = ANY($1::uuid[]) AND (status = 'PENDING' OR (status = 'SENDING' AND lease_until < now()))
       RETURNING id, type, language, variables, recipient_email AS "recipientEmail", recipient_name AS "recipientName", attempts`,
      [ids, this.claimLeaseSeconds],
    );
    const claimed = new Map(rows.map((row) => [row.id, row]));
    // A job processed twice at the same moment may ask twice in one batch: the row goes to the first.
    return ids.map((id) => {
      const row = claimed.get(id);
      claimed.delete(id);
      return row;
    });
  }

  private async markAllSent(sent: { id: string; messageId: string }[]): Promise<void[]> {
    await prepared(
      this.dataSource.manager,
      `UPDATE outbound_email e SET status = 'SENT', sent_at = now(), lease_until = NULL, last_error = NULL, message_id = s.message_id,
         variables = CASE WHEN e.sensitive THEN NULL ELSE e.variables END
       FROM unnest($1::uuid[], $2::varchar[]) AS s(id, message_id)
       WHERE e.id = s.id`,
      [sent.map((email) => email.id), sent.map((email) => email.messageId)],
    );
    return sent.map(() => undefined);
  }

  private async claimedElsewhere(emailId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM outbound_email WHERE id = $1 AND status = 'SENDING'`, [emailId]);
    return rows.length > 0;
  }
}
