import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { EmailRequest } from '../notifications/outbox.service';
import { HandlesReminder, ReminderHandler } from '../notifications/reminders/reminder-handler';
import { Reminder } from '../notifications/reminders/reminder.entity';
import { DAY_MS, ReminderService } from '../notifications/reminders/reminder.service';
import { ProposalMail } from '../proposals/proposal-mail';
import { AWAITING_PIS, ReportState } from './report-state';
import { Report, ReportKind } from './report.entity';

/** Reminders to an award's PIs about a report, by when they fire relative to its due date. */
export const REPORT_REMINDERS = {
  AWARD_REPORT_30D: -30 * DAY_MS,
  AWARD_REPORT_7D: -7 * DAY_MS,
  /** A day after the due date: the report is overdue. */
  AWARD_REPORT_OVERDUE: DAY_MS,
} as const;

const SUBJECT = 'REPORT';

/**
 * The reminders of a report's due date to the award's PIs: scheduled when the award is created (and moved if the
 * date moves), stopped once the report is accepted, and at their time sent only while the PIs are the ones
 * expected to act (due, or a revision requested) and the due date is the one they were scheduled for.
 */
@Injectable()
@HandlesReminder(...Object.keys(REPORT_REMINDERS))
export class ReportReminders implements ReminderHandler {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reminders: ReminderService,
    private readonly mail: ProposalMail,
    private readonly clock: Clock,
  ) {}

  /** Schedules (or moves) each PI's reminders of the report that still lie ahead. */
  async schedule(report: Pick<Report, 'id' | 'dueAt'>, recipientIds: readonly string[]): Promise<void> {
    for (const recipientId of recipientIds) {
      await this.reminders.scheduleAround({
        offsets: REPORT_REMINDERS,
        subject: { type: SUBJECT, id: report.id },
        recipientId,
        dueAt: report.dueAt,
        now: this.clock.now(),
      });
    }
  }

  stop(reportId: string): Promise<number> {
    return this.reminders.cancel({ type: SUBJECT, id: reportId });
  }

  async evaluate(reminder: Reminder): Promise<EmailRequest[]> {
    const report = await this.txHost.tx.getRepository(Report).findOne({
      where: { id: reminder.subjectId },
      relations: { award: { proposal: { team: true }, call: { homeAgency: true, partnerAgency: true } } },
    });
    if (!report || !AWAITING_PIS.includes(report.state) || report.dueAt.toISOString() !== reminder.expectation.dueAt) return [];
    const { proposal, call } = report.award;
    const recipient = (await this.mail.pis(proposal.team)).find((pi) => pi.userId === reminder.recipientId);
    if (!recipient) return [];
    return [
      {
        type: EmailType.ReportReminder,
        to: recipient,
        about: { type: 'AWARD', id: report.awardId },
        occurrence: `${reminder.kind}|${report.kind}`,
        variables: {
          name: recipient.name,
          proposalTitle: proposal.title,
          interim: report.kind === ReportKind.Interim,
          dueAt: report.dueAt.toISOString(),
          timezones: this.mail.timezones(call, recipient.side),
          overdue: reminder.kind === 'AWARD_REPORT_OVERDUE',
          revisionRequested: report.state === ReportState.RevisionRequested,
          awardUrl: this.mail.links.award(report.awardId, recipient.language),
        },
        agencyIds: [call.homeAgencyId, call.partnerAgencyId],
      },
    ];
  }
}
