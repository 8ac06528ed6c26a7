import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CallState } from '../calls/call-state';
import { CallClosed, CallDeadlineExtended } from '../calls/call.events';
import { Call } from '../calls/call.entity';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { Notifier } from '../notifications/notifier';
import { EmailRequest } from '../notifications/outbox.service';
import { HandlesReminder, ReminderHandler } from '../notifications/reminders/reminder-handler';
import { Reminder } from '../notifications/reminders/reminder.entity';
import { DAY_MS, HOUR_MS, ReminderService } from '../notifications/reminders/reminder.service';
import { ProposalMail } from './proposal-mail';
import { ProposalState } from './proposal-state';
import { Proposal } from './proposal.entity';

/** Reminders to the PIs of an unsubmitted draft, by when they fire relative to the call's deadline. */
export const DEADLINE_REMINDERS = {
  PROPOSAL_DEADLINE_7D: -7 * DAY_MS,
  PROPOSAL_DEADLINE_1D: -DAY_MS,
  PROPOSAL_DEADLINE_1H: -HOUR_MS,
} as const;

/**
 * Everything about a proposal's deadline: the reminders to its PIs (scheduled on creation and confirmation, moved
 * when the call is extended, dropped on submission or withdrawal and, at their time, sent only if the draft is
 * still unsubmitted and the deadline unchanged), the notice of an extension, and the agencies' notice of closing.
 */
@Injectable()
@HandlesReminder(...Object.keys(DEADLINE_REMINDERS))
export class ProposalDeadlines implements ReminderHandler {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reminders: ReminderService,
    private readonly notifier: Notifier,
    private readonly mail: ProposalMail,
    private readonly clock: Clock,
  ) {}

  /** Schedules (or moves) a PI's reminders that still lie ahead of the call's deadline. */
  remind(proposalId: string, userId: string, call: Pick<Call, 'closesAt'>): Promise<void> {
    return this.reminders.scheduleAround({
      offsets: DEADLINE_REMINDERS,
      subject: { type: 'PROPOSAL', id: proposalId },
      recipientId: userId,
      dueAt: call.closesAt,
      now: this.clock.now(),
    });
  }

  cancel(proposalId: string): Promise<number> {
    return this.reminders.cancel({ type: 'PROPOSAL', id: proposalId }, { kinds: Object.keys(DEADLINE_REMINDERS) });
  }

  /** At the reminder's time: still a draft, the call still open with the same deadline, the recipient still its PI. */
  async evaluate(reminder: Reminder): Promise<EmailRequest[]> {
    const proposal = await this.txHost.tx
      .getRepository(Proposal)
      .findOne({ where: { id: reminder.subjectId }, relations: { team: true, call: { homeAgency: true, partnerAgency: true } } });
    if (!proposal || proposal.state !== ProposalState.Draft) return [];
    const { call } = proposal;
    if (call.state !== CallState.Published || call.closesAt.toISOString() !== reminder.expectation.dueAt) return [];
    const recipient = (await this.mail.pis(proposal.team)).find((pi) => pi.userId === reminder.recipientId);
    if (!recipient) return [];
    const context = this.mail.context({ proposal, call });
    return [
      {
        type: EmailType.DeadlineReminder,
        to: recipient,
        about: context.about,
        occurrence: reminder.kind,
        variables: {
          name: recipient.name,
          proposalTitle: proposal.title,
          callTitle: call.title,
          closesAt: call.closesAt.toISOString(),
          timezones: this.mail.timezones(call, recipient.side),
          proposalUrl: this.mail.proposalUrl(proposal, recipient),
        },
        agencyIds: [...context.agencyIds],
      },
    ];
  }

  /** In the extension's transaction: every draft's reminders move and its PIs are told the new deadline. */
  @OnEvent(CallDeadlineExtended.event, { promisify: true, suppressErrors: false })
  async onDeadlineExtended(event: CallDeadlineExtended): Promise<void> {
    const call = await this.txHost.tx
      .getRepository(Call)
      .findOneOrFail({ where: { id: event.callId }, relations: { homeAgency: true, partnerAgency: true } });
    const drafts = await this.txHost.tx
      .getRepository(Proposal)
      .find({ where: { callId: event.callId, state: ProposalState.Draft }, relations: { team: true } });
    for (const proposal of drafts) {
      const pis = (await this.mail.pis(proposal.team)).filter((pi) => pi.userId !== null);
      for (const pi of pis) await this.remind(proposal.id, pi.userId!, call);
      await this.mail.tell(EmailType.DeadlineExtended, pis, { proposal, call }, `extended-to-${event.closesAt.toISOString()}`, (to) => ({
        name: to.name,
        proposalTitle: proposal.title,
        callTitle: call.title,
        previousClosesAt: event.previousClosesAt.toISOString(),
        closesAt: event.closesAt.toISOString(),
        timezones: this.mail.timezones(call, to.side),
        proposalUrl: this.mail.proposalUrl(proposal, to),
      }));
    }
  }

  /** In the closing transaction: the officers of both agencies learn how many proposals came in. */
  @OnEvent(CallClosed.event, { promisify: true, suppressErrors: false })
  async onCallClosed(event: CallClosed): Promise<void> {
    const call = await this.txHost.tx.getRepository(Call).findOneOrFail({ where: { id: event.callId } });
    const submittedCount = await this.txHost.tx.getRepository(Proposal).countBy({ callId: call.id, state: ProposalState.Submitted });
    await this.notifier.tell(
      EmailType.CallClosed,
      await this.mail.officers(call),
      { about: { type: 'CALL', id: call.id }, agencyIds: [call.homeAgencyId, call.partnerAgencyId] },
      `closed-at-${event.closedAt.toISOString()}`,
      (officer) => ({
        name: officer.name,
        callTitle: call.title,
        closedAt: event.closedAt.toISOString(),
        timezones: [call.timezone],
        submittedCount,
        callUrl: this.mail.links.call(call.id, officer.language),
      }),
    );
  }
}
