import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isEmail } from 'class-validator';
import { EmailType, EmailVariables } from './email-types';
import { Recipient } from './recipients';
import { prepared } from '../database/prepared';

/** The channel the worker's relay listens on; NOTIFY is delivered only when the transaction commits. */
export const OUTBOX_CHANNEL = 'outbound_email';

/** What an e-mail is about, for the log: a proposal, a call, a review assignment... */
export interface MailSubject {
  type: string;
  id: string;
}

export interface EmailRequest<T extends EmailType = EmailType> {
  type: T;
  to: Recipient;
  about: MailSubject;
  /** Which occurrence of this e-mail about that subject: 'registered', a reset id, a reminder id... */
  occurrence: string;
  variables: EmailVariables[T];
  /** Agencies whose officers see the e-mail in the notification log. */
  agencyIds?: string[];
  /** Holds a secret (a reset link): its variables are erased once it is sent. */
  sensitive?: boolean;
}

const HEADER_BREAK = /[\r\n]/;

export class InvalidRecipientError extends Error {}

/**
 * Requests e-mails inside the caller's transaction. Nothing is sent here: the row commits with the change that
 * caused it (or vanishes with it), and the worker delivers it.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Returns false when this occurrence was already requested (and so will not be sent again). */
  async request<T extends EmailType>(email: EmailRequest<T>): Promise<boolean> {
    return (await this.requestAll([email])) === 1;
  }

  /**
   * Requests several e-mails in one statement (one row each, and the NOTIFY that wakes the relay); returns how many
   * were newly requested. PostgreSQL delivers one notification however many rows raised it.
   */
  async requestAll(emails: readonly EmailRequest[]): Promise<number> {
    if (emails.length === 0) return 0;
    const parameters: unknown[] = [OUTBOX_CHANNEL];
    const rows = emails.map((email) => {
      const { to } = email;
      // Addresses reach SMTP headers: refuse anything that could smuggle another header or recipient.
      if (!isEmail(to.email) || HEADER_BREAK.test(to.email) || HEADER_BREAK.test(to.name)) {
        throw new InvalidRecipientError(`Refusing to e-mail ${JSON.stringify(to.email)}`);
      }
      const first = parameters.length + 1;
      parameters.push(
        [email.type, to.email.toLowerCase(), email.about.type, email.about.id, email.occurrence].join('|'),
        email.type,
        to.email.toLowerCase(),
        to.name,
        to.language,
        JSON.stringify(email.variables),
        email.sensitive ?? false,
        email.about.type,
        email.about.id,
        email.agencyIds ?? [],
      );
      const p = (offset: number) => `$${first + offset}`;
      return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb, ${p(6)}::boolean, ${p(7)}, ${p(8)}::uuid, ${p(9)}::uuid[])`;
    });
    // Plain SQL rather than a query builder: it is on the path of most use cases, where building cost more than running.
    const { rowCount } = await prepared(
      this.txHost.tx,
      `WITH inserted AS (
         INSERT INTO outbound_email (idempotency_key, type, recipient_email, recipient_name, language, variables, sensitive, subject_type, subject_id, agency_ids)
         VALUES ${rows.join(', ')}
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT pg_notify($1, '') FROM inserted`,
      parameters,
    );
    return rowCount ?? 0;
  }
}
