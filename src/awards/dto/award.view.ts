import { ApiProperty } from '@nestjs/swagger';
import { Money, money } from '../../common/money/money';
import { MoneyDto } from '../../common/money/money.dto';
import { Award } from '../award.entity';
import { ReportVerdict } from '../report-review.entity';
import { AWAITING_PIS, ReportState } from '../report-state';
import { Report, ReportKind } from '../report.entity';

export class ReportFileView {
  @ApiProperty() id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() uploadedAt!: Date;
  @ApiProperty({ description: 'Where to download it (the proposal attachment it is stored as)' }) href!: string;
}

export class ReportVerdictView {
  @ApiProperty({ description: 'The submission the verdict is on (1 for the first)' }) submission!: number;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: ReportVerdict }) verdict!: ReportVerdict;
  @ApiProperty() comment!: string;
  @ApiProperty() recordedAt!: Date;
}

export class ReportView {
  @ApiProperty() id!: string;
  @ApiProperty() awardId!: string;
  @ApiProperty({ enum: ReportKind }) kind!: ReportKind;
  @ApiProperty() dueAt!: Date;
  @ApiProperty({ enum: ReportState }) state!: ReportState;
  @ApiProperty({ description: 'Past its due date and still awaited from the PIs' }) overdue!: boolean;
  @ApiProperty({ description: 'How many times it was submitted' }) submission!: number;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt!: Date | null;
  @ApiProperty({ nullable: true, type: ReportFileView }) file!: ReportFileView | null;
  @ApiProperty({ type: [ReportVerdictView], description: "The agencies' verdicts, on every submission, oldest first" })
  verdicts!: ReportVerdictView[];
  @ApiProperty() version!: number;

  /** `report` with its reviews and attachment loaded. */
  static of(report: Report, proposalId: string, now: Date): ReportView {
    const attachment = report.attachment;
    return {
      id: report.id,
      awardId: report.awardId,
      kind: report.kind,
      dueAt: report.dueAt,
      state: report.state,
      overdue: AWAITING_PIS.includes(report.state) && report.dueAt.getTime() < now.getTime(),
      submission: report.submission,
      submittedAt: report.submittedAt,
      acceptedAt: report.acceptedAt,
      file: attachment
        ? {
            id: attachment.id,
            filename: attachment.filename,
            size: attachment.size,
            sha256: attachment.sha256,
            uploadedAt: attachment.uploadedAt,
            href: `/api/v1/proposals/${proposalId}/attachments/${attachment.id}`,
          }
        : null,
      verdicts: [...(report.reviews ?? [])]
        .sort((a, b) => a.submission - b.submission || a.recordedAt.getTime() - b.recordedAt.getTime())
        .map(({ submission, agencyId, verdict, comment, recordedAt }) => ({ submission, agencyId, verdict, comment, recordedAt })),
      version: report.version,
    };
  }
}

export class AwardAmountsView {
  @ApiProperty({ type: MoneyDto }) home!: Money;
  @ApiProperty({ type: MoneyDto }) partner!: Money;
}

export class AwardProposalView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) acronym!: string | null;
}

/** An award with both sides' amounts and its report calendar. */
export class AwardView {
  @ApiProperty() id!: string;
  @ApiProperty() callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty() homeAgencyId!: string;
  @ApiProperty() partnerAgencyId!: string;
  @ApiProperty({ type: AwardProposalView }) proposal!: AwardProposalView;
  @ApiProperty({ type: AwardAmountsView }) amounts!: AwardAmountsView;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty({ description: 'IANA zone of the call, in which the dates are meant' }) timezone!: string;
  @ApiProperty({ type: [ReportView] }) reports!: ReportView[];

  /** `award` with its proposal, call and reports (their reviews and attachments) loaded. */
  static of(award: Award, now: Date): AwardView {
    return {
      id: award.id,
      callId: award.callId,
      callTitle: award.call.title,
      homeAgencyId: award.call.homeAgencyId,
      partnerAgencyId: award.call.partnerAgencyId,
      proposal: { id: award.proposal.id, title: award.proposal.title, acronym: award.proposal.acronym },
      amounts: { home: money(award.homeAmount, award.homeCurrency), partner: money(award.partnerAmount, award.partnerCurrency) },
      startsAt: award.startsAt,
      endsAt: award.endsAt,
      timezone: award.call.timezone,
      reports: [...(award.reports ?? [])]
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
        .map((report) => ReportView.of(report, award.proposalId, now)),
    };
  }
}
