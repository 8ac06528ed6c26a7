import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { awardCalendar } from '../awards/award-calendar';
import { Award } from '../awards/award.entity';
import { REPORT_REMINDERS } from '../awards/report-reminders';
import { ReportReview } from '../awards/report-review.entity';
import { AWAITING_PIS, ReportState } from '../awards/report-state';
import { Report } from '../awards/report.entity';
import { reportFileKind } from '../awards/reports.service';
import { CallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { Decision, DecisionKind } from '../decisions/decision.entity';
import { ReminderService } from '../notifications/reminders/reminder.service';
import { Attachment } from '../proposals/attachments/attachment.entity';
import { AttachmentStore } from '../proposals/attachments/attachment-store';
import { Proposal } from '../proposals/proposal.entity';
import { TeamRole } from '../proposals/team-member.entity';
import { User } from '../users/user.entity';
import { demoCalls, OFFICER_NSTC, taipeiTime } from './demo-calls.data';
import { DemoDecided, DemoDecision, finalizedStory, inDecisionStory, OFFICER_ISF, OFFICER_LMT } from './demo-decisions.data';
import { demoPdf } from './demo-pdf';

export interface DemoDecisionsResult {
  decisions: number;
  awards: number;
}

/**
 * Writes the decisions of the demo story (demo-decisions.data.ts) into the tables after the calls and proposals:
 * each agency's decisions on the proposals of the call in decision and of the finalized call, the budget ledgers
 * they commit, and the finalized call's awards with their reports, files, verdicts and pending reminders. A
 * proposal that already has decisions is left as it is, so a second run inserts nothing.
 */
@Injectable()
export class DemoDecisionsSeeder {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly store: AttachmentStore,
    private readonly reminders: ReminderService,
  ) {}

  async run(now = new Date()): Promise<DemoDecisionsResult> {
    const at = (days: number, hour = 10) => taipeiTime(now, days, hour);
    const story = demoCalls(now);
    const officers = new Map(
      (await this.txHost.tx.getRepository(User).findBy({ email: In([OFFICER_NSTC, OFFICER_LMT, OFFICER_ISF]) })).map((user) => [
        user.email,
        user,
      ]),
    );
    const result: DemoDecisionsResult = { decisions: 0, awards: 0 };
    for (const [state, decided, partnerOfficer] of [
      [CallState.InDecision, inDecisionStory(at), OFFICER_LMT],
      [CallState.Finalized, finalizedStory(at), OFFICER_ISF],
    ] as const) {
      const title = story.find((call) => call.state === state)!.title;
      const call = await this.txHost.tx
        .getRepository(Call)
        .findOne({ where: { title }, relations: { homeAgency: true, partnerAgency: true } });
      if (!call) continue;
      for (const entry of decided) {
        const proposal = await this.txHost.tx
          .getRepository(Proposal)
          .findOne({ where: { callId: call.id, title: entry.proposal.title }, relations: { team: true } });
        if (!proposal || (await this.txHost.tx.getRepository(Decision).existsBy({ proposalId: proposal.id }))) continue;
        const sides = [
          [call.homeAgencyId, entry.home, officers.get(OFFICER_NSTC)],
          [call.partnerAgencyId, entry.partner, officers.get(partnerOfficer)],
        ] as const;
        for (const [agencyId, decision, officer] of sides) {
          if (!decision) continue;
          if (!officer) throw new Error(`The demo decisions need the demo officer of agency ${agencyId}`);
          await this.decide(call, proposal, agencyId, decision, officer);
          result.decisions++;
        }
        if (entry.reports) {
          await this.award(call, proposal, entry, officers, partnerOfficer, now);
          result.awards++;
        }
      }
      // The ledgers hold what the decisions commit, as the API keeps them.
      await this.txHost.tx.query(
        `INSERT INTO call_budget (call_id, agency_id, currency, total, committed)
         SELECT $1, agency.id, agency.currency, agency.total,
                (SELECT coalesce(sum(amount), 0) FROM decision WHERE call_id = $1 AND agency_id = agency.id AND kind = 'FUND')
         FROM (VALUES ($2::uuid, $3::char(3), $4::numeric), ($5::uuid, $6::char(3), $7::numeric)) AS agency (id, currency, total)
         ON CONFLICT (call_id, agency_id) DO UPDATE SET committed = excluded.committed`,
        [
          call.id,
          call.homeAgencyId,
          call.homeAgency.currency,
          call.homeTotalBudget,
          call.partnerAgencyId,
          call.partnerAgency.currency,
          call.partnerTotalBudget,
        ],
      );
    }
    return result;
  }

  private async decide(call: Call, proposal: Proposal, agencyId: string, decision: DemoDecision, officer: User): Promise<void> {
    await this.txHost.tx.getRepository(Decision).insert({
      proposalId: proposal.id,
      callId: call.id,
      agencyId,
      kind: decision.decision,
      amount: decision.decision === DecisionKind.Fund ? decision.amount! : null,
      note: decision.note,
      officerId: officer.id,
      recordedAt: decision.recordedAt,
      version: 1,
    });
    await this.audit.record({
      actorId: officer.id,
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      action: 'DECISION_RECORDED',
      reason: decision.note,
      data: { agencyId, decision: decision.decision, amount: decision.amount ?? null, demo: true },
    });
  }

  private async award(
    call: Call,
    proposal: Proposal,
    entry: DemoDecided,
    officers: Map<string, User>,
    partnerOfficer: string,
    now: Date,
  ): Promise<void> {
    const tx = this.txHost.tx;
    const calendar = awardCalendar(call.projectStartsAt, proposal.durationMonths ?? call.durationLimitMonths, call.timezone);
    const award = await tx.getRepository(Award).save(
      tx.getRepository(Award).create({
        proposalId: proposal.id,
        callId: call.id,
        homeAmount: entry.home!.amount!,
        homeCurrency: call.homeAgency.currency,
        partnerAmount: entry.partner!.amount!,
        partnerCurrency: call.partnerAgency.currency,
        startsAt: calendar.startsAt,
        endsAt: calendar.endsAt,
        createdAt: call.decisionExpectedAt,
      }),
    );
    await this.audit.record({
      actorId: null,
      entityType: 'AWARD',
      entityId: award.id,
      action: 'CREATED',
      data: { proposalId: proposal.id, demo: true },
    });
    const pis = proposal.team
      .filter((member) => member.role === TeamRole.PrincipalInvestigator && member.userId)
      .map((member) => member.userId!);
    const uploader = pis[0];
    for (const spec of entry.reports!) {
      const dueAt = calendar.reports.find((report) => report.kind === spec.kind)!.dueAt;
      const report = await tx.getRepository(Report).save(
        tx.getRepository(Report).create({
          awardId: award.id,
          kind: spec.kind,
          dueAt,
          state: spec.state,
          submission: spec.submissions.length,
          submittedAt: spec.submissions.at(-1) ?? null,
          acceptedAt: spec.state === ReportState.Accepted ? spec.verdicts.at(-1)!.recordedAt : null,
          version: 1 + spec.submissions.length + spec.verdicts.length,
        }),
      );
      if (spec.submissions.length > 0) {
        const pdf = demoPdf(`Demo ${spec.kind.toLowerCase()} report`, [
          `${proposal.title} (${proposal.acronym})`,
          `Call: ${call.title}`,
          'Sample report generated by the Joint Calls demo seed for local use; it is not a real report.',
        ]);
        const attachment = await tx.getRepository(Attachment).save(
          tx.getRepository(Attachment).create({
            proposalId: proposal.id,
            kind: reportFileKind(spec.kind),
            filename: `${(proposal.acronym ?? 'project').toLowerCase()}-${spec.kind.toLowerCase()}-report.pdf`,
            contentType: 'application/pdf',
            size: pdf.length,
            sha256: createHash('sha256').update(pdf).digest('hex'),
            uploadedById: uploader,
            uploadedAt: spec.submissions.at(-1),
          }),
        );
        await this.store.write(
          attachment.id,
          (async function* () {
            yield pdf;
          })(),
          async () => {},
        );
        await tx.getRepository(Report).update(report.id, { attachmentId: attachment.id });
      }
      for (const verdict of spec.verdicts) {
        const officer = officers.get(verdict.agency === 'NSTC' ? OFFICER_NSTC : partnerOfficer)!;
        await tx.getRepository(ReportReview).insert({
          reportId: report.id,
          submission: verdict.submission,
          agencyId: verdict.agency === 'NSTC' ? call.homeAgencyId : call.partnerAgencyId,
          verdict: verdict.verdict,
          comment: verdict.comment,
          officerId: officer.id,
          recordedAt: verdict.recordedAt,
        });
      }
      // The reminders the award's PIs would have: those still ahead, for reports still awaited from them.
      if (AWAITING_PIS.includes(spec.state)) {
        for (const recipientId of pis) {
          await this.reminders.scheduleAround({
            offsets: REPORT_REMINDERS,
            subject: { type: 'REPORT', id: report.id },
            recipientId,
            dueAt,
            now,
          });
        }
      }
    }
  }
}
