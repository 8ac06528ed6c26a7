import { Injectable } from '@nestjs/common';
import { EmailType, EmailVariables } from './email-types';
import { MailSubject, OutboxService } from './outbox.service';
import { Addressee } from './recipients';

/** Where an e-mail belongs: what it is about, and the agencies whose officers see it in the notification log. */
export interface MailContext {
  about: MailSubject;
  agencyIds: readonly string[];
}

/**
 * Tells people something by e-mail, inside the caller's transaction: one outbox row per recipient, each with
 * variables made for that recipient (their name, their language's links, their time zones). Every module sends
 * through this rather than building outbox requests by hand.
 */
@Injectable()
export class Notifier {
  constructor(private readonly outbox: OutboxService) {}

  /** Returns how many e-mails were newly requested (an occurrence already requested is not requested again). */
  async tell<T extends EmailType, A extends Addressee>(
    type: T,
    recipients: readonly A[],
    context: MailContext,
    occurrence: string,
    variables: (to: A) => EmailVariables[T],
    options: { sensitive?: boolean } = {},
  ): Promise<number> {
    return this.outbox.requestAll(
      recipients.map((to) => ({
        type,
        to: { email: to.email, name: to.name, language: to.language },
        about: context.about,
        occurrence,
        variables: variables(to),
        agencyIds: [...context.agencyIds],
        sensitive: options.sensitive,
      })),
    );
  }
}
