import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { assertVersionIfSent } from '../common/concurrency/versioning';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { Notifier } from '../notifications/notifier';
import { Upload, AttachmentsService } from '../proposals/attachments/attachments.service';
import { ProposalMail } from '../proposals/proposal-mail';
import { WebhookEvents } from '../webhooks/webhook-events';
import { AWARD_ACCESS } from './award-access';
import { Award } from './award.entity';
import { AwardsService } from './awards.service';
import { AWARD_ERRORS } from './awards.errors';
import { ReportReminders } from './report-reminders';
import { ReportReview, ReportVerdict } from './report-review.entity';
import { AWAITING_PIS, REPORT_STATE, ReportAction, ReportState } from './report-state';
import { Report, ReportKind } from './report.entity';
import { reportOutcome } from './report.rules';

/** Where a report's file is kept: an attachment of the proposal of this kind (the call's own kinds cannot take it). */
export const reportFileKind = (kind: ReportKind) => `report-${kind.toLowerCase()}`;

/**
 * Reports of an award: the PIs upload a PDF (stored and checked as proposal attachments are), each agency accepts
 * it or asks for a revision with a comment, and it is ACCEPTED once both accepted the same submission. One
 * transaction per use case, the report's row locked; the audit trail, the e-mails and the webhook event go with it.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly awards: AwardsService,
    private readonly attachments: AttachmentsService,
    private readonly reminders: ReportReminders,
    private readonly mail: ProposalMail,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
  ) {}

  private get reports() {
    return this.txHost.tx.getRepository(Report);
  }

  /** A PI submits (or resubmits after a revision request) the report of this kind, or the earliest one awaited. */
  @Transactional()
  async submit(user: Principal, awardId: string, kind: ReportKind | undefined, upload: Upload): Promise<{ award: Award; report: Report }> {
    const award = await this.awards.load(awardId).catch((error: unknown) => {
      upload.content.resume();
      throw error;
    });
    const team = award.proposal.team;
    const awaited = [...award.reports].filter((report) => AWAITING_PIS.includes(report.state)).sort((a, b) => +a.dueAt - +b.dueAt);
    const target = kind
      ? award.reports.find((report) => report.kind === kind)
      : (awaited[0] ?? award.reports.find((r) => r.kind === ReportKind.Final));
    try {
      AWARD_ACCESS.assert(user, 'report', { call: award.call, team });
      await this.lock(target!.id);
    } catch (error) {
      upload.content.resume();
      throw error;
    }
    const report = await this.reports.findOneByOrFail({ id: target!.id });
    let next: ReportState;
    try {
      next = REPORT_STATE.next(report.state, ReportAction.Submit);
    } catch (error) {
      upload.content.resume();
      throw error;
    }
    const file = await this.attachments.storePdf(award.proposalId, reportFileKind(report.kind), user.id, upload);
    const now = this.clock.now();
    const submission = report.submission + 1;
    await this.reports.update(report.id, {
      state: next,
      submission,
      attachmentId: file.id,
      submittedAt: now,
      version: report.version + 1,
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'AWARD',
      entityId: award.id,
      action: 'REPORT_SUBMITTED',
      fromState: report.state,
      toState: next,
      data: { reportId: report.id, kind: report.kind, submission, file: { id: file.id, size: file.size, sha256: file.sha256 } },
    });
    await this.webhooks.record({
      type: 'award.report_submitted',
      call: award.call,
      data: {
        awardId: award.id,
        proposalId: award.proposalId,
        callId: award.callId,
        reportId: report.id,
        kind: report.kind,
        submission,
        dueAt: report.dueAt.toISOString(),
        submittedAt: now.toISOString(),
        file: { size: file.size, sha256: file.sha256 },
      },
    });
    await this.notifier.tell(
      EmailType.ReportSubmitted,
      await this.mail.officers(award.call),
      this.context(award),
      `report-${report.id}-submission-${submission}`,
      (officer) => ({
        name: officer.name,
        proposalTitle: award.proposal.title,
        interim: report.kind === ReportKind.Interim,
        resubmission: submission > 1,
        submittedAt: now.toISOString(),
        dueAt: report.dueAt.toISOString(),
        timezone: award.call.timezone,
        awardUrl: this.mail.links.award(award.id, officer.language),
      }),
    );
    return this.reload(award.id, report.id);
  }

  @Transactional()
  accept(user: Principal, reportId: string, input: { comment?: string; version?: number }) {
    return this.judge(user, reportId, ReportVerdict.Accepted, input.comment ?? '', input.version);
  }

  @Transactional()
  requestRevision(user: Principal, reportId: string, input: { comment: string; version?: number }) {
    return this.judge(user, reportId, ReportVerdict.RevisionRequested, input.comment, input.version);
  }

  /** One agency's verdict on the current submission; the report's state follows both agencies' verdicts on it. */
  private async judge(user: Principal, reportId: string, verdict: ReportVerdict, comment: string, version?: number) {
    const [row] = await this.txHost.tx.query<{ award_id: string }[]>(`SELECT award_id FROM report WHERE id = $1`, [reportId]);
    if (!row) throw AWARD_ERRORS.REPORT_NOT_FOUND();
    const award = await this.awards.load(row.award_id).catch(() => {
      throw AWARD_ERRORS.REPORT_NOT_FOUND();
    });
    if (!AWARD_ACCESS.canSee(user, { call: award.call, team: award.proposal.team })) throw AWARD_ERRORS.REPORT_NOT_FOUND();
    AWARD_ACCESS.assert(user, 'review', { call: award.call, team: award.proposal.team });
    await this.lock(reportId);
    const report = await this.reports.findOneOrFail({ where: { id: reportId }, relations: { reviews: true } });
    // Only a submitted report is judged; the refusal names the state the report is in.
    if (!REPORT_STATE.can(report.state, ReportAction.RecordAcceptance))
      throw REPORT_STATE.refusal(report.state, verdict === ReportVerdict.Accepted ? ReportAction.Accept : ReportAction.RequestRevision);
    assertVersionIfSent('The report', report.version, version);
    const agencyId = user.agencyId!;
    const current = report.reviews.filter((review) => review.submission === report.submission);
    if (current.some((review) => review.agencyId === agencyId)) throw AWARD_ERRORS.REPORT_ALREADY_REVIEWED();

    const now = this.clock.now();
    const reviews = this.txHost.tx.getRepository(ReportReview);
    await reviews.insert({ reportId, submission: report.submission, agencyId, verdict, comment, officerId: user.id, recordedAt: now });
    const action = reportOutcome([...current, { agencyId, verdict }], [award.call.homeAgencyId, award.call.partnerAgencyId]);
    const next = REPORT_STATE.next(report.state, action);
    await this.reports.update(reportId, {
      state: next,
      version: report.version + 1,
      ...(next === ReportState.Accepted ? { acceptedAt: now } : {}),
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'AWARD',
      entityId: award.id,
      action: verdict === ReportVerdict.Accepted ? 'REPORT_ACCEPTED_BY_AGENCY' : 'REPORT_REVISION_REQUESTED',
      fromState: report.state,
      toState: next,
      reason: comment || null,
      data: { reportId, kind: report.kind, submission: report.submission, agencyId },
    });

    const interim = report.kind === ReportKind.Interim;
    const pis = (await this.mail.pis(award.proposal.team)).filter((pi) => pi.userId !== null);
    if (next === ReportState.RevisionRequested) {
      const agency = agencyId === award.call.homeAgencyId ? award.call.homeAgency : award.call.partnerAgency;
      await this.notifier.tell(
        EmailType.ReportRevisionRequested,
        pis,
        this.context(award),
        `report-${reportId}-revision-${report.submission}`,
        (pi) => ({
          name: pi.name,
          proposalTitle: award.proposal.title,
          interim,
          agency: agency.name,
          comment,
          awardUrl: this.mail.links.award(award.id, pi.language),
        }),
      );
    }
    if (next === ReportState.Accepted) {
      await this.reminders.stop(reportId);
      await this.notifier.tell(EmailType.ReportAccepted, pis, this.context(award), `report-${reportId}-accepted`, (pi) => ({
        name: pi.name,
        proposalTitle: award.proposal.title,
        interim,
        awardUrl: this.mail.links.award(award.id, pi.language),
      }));
    }
    return this.reload(award.id, reportId);
  }

  private async lock(reportId: string): Promise<void> {
    await this.reports
      .createQueryBuilder('report')
      .select('report.id')
      .where('report.id = :reportId', { reportId })
      .setLock('pessimistic_write')
      .getRawOne();
  }

  private async reload(awardId: string, reportId: string): Promise<{ award: Award; report: Report }> {
    const award = await this.awards.load(awardId);
    return { award, report: award.reports.find((report) => report.id === reportId)! };
  }

  private context(award: Award) {
    return { about: { type: 'AWARD', id: award.id }, agencyIds: [award.call.homeAgencyId, award.call.partnerAgencyId] };
  }
}
