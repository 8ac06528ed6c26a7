import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { CallState } from '../calls/call-state';
import { CallClosed, CallDeadlineExtended } from '../calls/call.events';
import { Call } from '../calls/call.entity';
import { EmailType } from '../notifications/email-types';
import { EmailRequest, OutboxService } from '../notifications/outbox.service';
import { HandlesReminder, ReminderHandler } from '../notifications/reminders/reminder-handler';
import { Reminder } from '../notifications/reminders/reminder.entity';
import { ReminderService } from '../notifications/reminders/reminder.service';
import { Role } from '../common/identity/role';
import { User } from '../users/user.entity';
import { ProposalMail } from './proposal-mail';
import { ProposalState } from './proposal-state';
import { Proposal } from './proposal.entity';

/** Reminders to the PIs of an unsubmitted draft, by how long before the deadline they fire. */
export const DEADLINE_REMINDERS = {
  PROPOSAL_DEADLINE_7D: 7 * 24 * 3600 * 1000,
  PROPOSAL_DEADLINE_1D: 24 * 3600 * 1000,
  PROPOSAL_DEADLINE_1H: 3600 * 1000,
} as const;
const KINDS = Object.keys(DEADLINE_REMINDERS);

/**
 * Everything about a proposal's deadline: the reminders to its PIs (scheduled on creation and confirmation, moved
 * when the call is extended, dropped on submission or withdrawal and, at their time, sent only if the draft is
 * still unsubmitted and the deadline unchanged), the notice of an extension, and the agencies' notice of closing.
 */
@Injectable()
@HandlesReminder(...KINDS)
export class ProposalDeadlines implements ReminderHandler {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reminders: ReminderService,
    private readonly outbox: OutboxService,
    private readonly mail: ProposalMail,
  ) {}

  /** Schedules a PI's reminders that still lie ahead of the call's deadline. */
  async remind(proposalId: string, userId: string, call: Pick<Call, 'closesAt'>): Promise<void> {
    const now = Date.now();
    await this.reminders.schedule(
      ...Object.entries(DEADLINE_REMINDERS)
        .map(([kind, before]) => ({ kind, dueAt: new Date(call.closesAt.getTime() - before) }))
        .filter(({ dueAt }) => dueAt.getTime() > now)
        .map(({ kind, dueAt }) => ({
          kind,
          subject: { type: 'PROPOSAL', id: proposalId },
          recipientId: userId,
          dueAt,
          expectation: { closesAt: call.closesAt.toISOString() },
        })),
    );
  }

  cancel(proposalId: string): Promise<number> {
    return this.reminders.cancel({ type: 'PROPOSAL', id: proposalId }, { kinds: KINDS });
  }

  /** At the reminder's time: still a draft, the call still open with the same deadline, the recipient still its PI. */
  async evaluate(reminder: Reminder): Promise<EmailRequest[]> {
    const proposal = await this.txHost.tx
      .getRepository(Proposal)
      .findOne({ where: { id: reminder.subjectId }, relations: { team: true, call: { homeAgency: true, partnerAgency: true } } });
    if (!proposal || proposal.state !== ProposalState.Draft) return [];
    const { call } = proposal;
    if (call.state !== CallState.Published || call.closesAt.toISOString() !== reminder.expectation.closesAt) return [];
    const recipient = (await this.mail.pis(proposal.team)).find((pi) => pi.userId === reminder.recipientId);
    if (!recipient) return [];
    return [
      {
        type: EmailType.DeadlineReminder,
        to: recipient,
        about: { type: 'PROPOSAL', id: proposal.id },
        occurrence: reminder.kind,
        variables: {
          name: recipient.name,
          proposalTitle: proposal.title,
          callTitle: call.title,
          closesAt: call.closesAt.toISOString(),
          timezones: this.mail.timezones(call, recipient.side),
          proposalUrl: this.mail.proposalUrl(proposal),
        },
        agencyIds: [call.homeAgencyId, call.partnerAgencyId],
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
      for (const pi of await this.mail.pis(proposal.team)) {
        if (!pi.userId) continue;
        await this.remind(proposal.id, pi.userId, call);
        await this.mail.send(EmailType.DeadlineExtended, pi, { proposal, call }, `extended-to-${event.closesAt.toISOString()}`, {
          name: pi.name,
          proposalTitle: proposal.title,
          callTitle: call.title,
          previousClosesAt: event.previousClosesAt.toISOString(),
          closesAt: event.closesAt.toISOString(),
          timezones: this.mail.timezones(call, pi.side),
          proposalUrl: this.mail.proposalUrl(proposal),
        });
      }
    }
  }

  /** In the closing transaction: the officers of both agencies learn how many proposals came in. */
  @OnEvent(CallClosed.event, { promisify: true, suppressErrors: false })
  async onCallClosed(event: CallClosed): Promise<void> {
    const call = await this.txHost.tx.getRepository(Call).findOneOrFail({ where: { id: event.callId } });
    const submittedCount = await this.txHost.tx.getRepository(Proposal).countBy({ callId: call.id, state: In([ProposalState.Submitted]) });
    const officers = await this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('user')
      .where('user.agency_id IN (:...agencies) AND :role = ANY(user.roles) AND user.active', {
        agencies: [call.homeAgencyId, call.partnerAgencyId],
        role: Role.Officer,
      })
      .getMany();
    for (const officer of officers) {
      await this.outbox.request({
        type: EmailType.CallClosed,
        to: officer,
        about: { type: 'CALL', id: call.id },
        occurrence: `closed-at-${event.closedAt.toISOString()}`,
        variables: {
          name: officer.name,
          callTitle: call.title,
          closedAt: event.closedAt.toISOString(),
          timezones: [call.timezone],
          submittedCount,
          callUrl: this.mail.links.call(call.id, officer.language),
        },
        agencyIds: [call.homeAgencyId, call.partnerAgencyId],
      });
    }
  }
}
