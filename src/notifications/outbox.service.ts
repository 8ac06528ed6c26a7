import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isEmail } from 'class-validator';
import { EmailType, EmailVariables } from './email-types';
import { OutboundEmail } from './outbound-email.entity';
import { Recipient } from './recipients';

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
    const { to } = email;
    // Addresses reach SMTP headers: refuse anything that could smuggle another header or recipient.
    if (!isEmail(to.email) || HEADER_BREAK.test(to.email) || HEADER_BREAK.test(to.name)) {
      throw new InvalidRecipientError(`Refusing to e-mail ${JSON.stringify(to.email)}`);
    }
    const idempotencyKey = [email.type, to.email.toLowerCase(), email.about.type, email.about.id, email.occurrence].join('|');
    const tx = this.txHost.tx;
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(OutboundEmail)
      .values({
        idempotencyKey,
        type: email.type,
        recipientEmail: to.email.toLowerCase(),
        recipientName: to.name,
        language: to.language,
        variables: email.variables,
        sensitive: email.sensitive ?? false,
        subjectType: email.about.type,
        subjectId: email.about.id,
        agencyIds: email.agencyIds ?? [],
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const inserted = (result.raw as unknown[]).length > 0;
    if (inserted) await tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return inserted;
  }
}
