import { Injectable } from '@nestjs/common';
import { Call } from '../calls/call.entity';
import { EmailType, EmailVariables } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { MailContext, Notifier } from '../notifications/notifier';
import { Addressee, RecipientDirectory } from '../notifications/recipients';
import { ReviewAssignment } from './review-assignment.entity';

/** The e-mails of review assignments: logged for both agencies of the call, about the assignment. */
@Injectable()
export class ReviewMail {
  constructor(
    private readonly notifier: Notifier,
    private readonly directory: RecipientDirectory,
    readonly links: PublicLinks,
  ) {}

  context(assignment: Pick<ReviewAssignment, 'id'>, call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>): MailContext {
    return { about: { type: 'REVIEW_ASSIGNMENT', id: assignment.id }, agencyIds: [call.homeAgencyId, call.partnerAgencyId] };
  }

  tell<T extends EmailType>(
    type: T,
    recipients: readonly Addressee[],
    assignment: Pick<ReviewAssignment, 'id'>,
    call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>,
    occurrence: string,
    variables: (to: Addressee) => EmailVariables[T],
  ): Promise<number> {
    return this.notifier.tell(type, recipients, this.context(assignment, call), occurrence, variables);
  }

  async account(userId: string): Promise<Addressee | undefined> {
    return (await this.directory.accounts([userId])).get(userId);
  }

  /** The call's zone, then the reader's own if it differs. */
  timezones(call: Pick<Call, 'timezone'>, to: Addressee): string[] {
    return [...new Set([call.timezone, to.timezone])];
  }

  assignmentUrl(assignment: Pick<ReviewAssignment, 'id'>, to: Addressee): string {
    return this.links.reviewAssignment(assignment.id, to.language);
  }
}
