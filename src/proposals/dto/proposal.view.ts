import { ApiProperty } from '@nestjs/swagger';
import { Call } from '../../calls/call.entity';
import { Money, money } from '../../common/money/money';
import { MoneyDto } from '../../common/money/money.dto';
import { Attachment } from '../attachments/attachment.entity';
import { ProposalState } from '../proposal-state';
import { Proposal } from '../proposal.entity';
import { Side, TeamRole } from '../team-member.entity';

export class TeamMemberView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TeamRole }) role!: TeamRole;
  @ApiProperty({ enum: Side }) side!: Side;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() institution!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ nullable: true, type: Date }) confirmedAt!: Date | null;
}

export class AttachmentView {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() uploadedAt!: Date;

  static of({ id, kind, filename, contentType, size, sha256, uploadedAt }: Attachment): AttachmentView {
    return { id, kind, filename, contentType, size, sha256, uploadedAt };
  }
}

export class VerdictView {
  @ApiProperty() agencyId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiProperty() reason!: string;
  @ApiProperty() recordedAt!: Date;
}

export class ProposalView {
  @ApiProperty() id!: string;
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: ProposalState }) state!: ProposalState;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) acronym!: string | null;
  @ApiProperty() abstract!: string;
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ nullable: true, type: String }) scientificField!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMonths!: number | null;
  @ApiProperty({ nullable: true, type: MoneyDto }) homeBudget!: Money | null;
  @ApiProperty({ nullable: true, type: MoneyDto }) partnerBudget!: Money | null;
  @ApiProperty({ type: [TeamMemberView] }) team!: TeamMemberView[];
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({ type: [VerdictView] }) eligibility!: VerdictView[];
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty() version!: number;

  /** `proposal` with its team, attachments and verdicts; `call` with its agencies. */
  static of(proposal: Proposal, call: Call): ProposalView {
    return {
      id: proposal.id,
      callId: proposal.callId,
      state: proposal.state,
      title: proposal.title,
      acronym: proposal.acronym,
      abstract: proposal.abstract,
      keywords: proposal.keywords,
      scientificField: proposal.scientificField,
      durationMonths: proposal.durationMonths,
      homeBudget: proposal.homeBudget === null ? null : money(proposal.homeBudget, call.homeAgency.currency),
      partnerBudget: proposal.partnerBudget === null ? null : money(proposal.partnerBudget, call.partnerAgency.currency),
      team: (proposal.team ?? []).map(({ id, role, side, name, email, institution, country, confirmedAt }) => ({
        id,
        role,
        side,
        name,
        email,
        institution,
        country,
        confirmedAt,
      })),
      attachments: (proposal.attachments ?? []).map(AttachmentView.of),
      eligibility: (proposal.verdicts ?? []).map(({ agencyId, eligible, reason, recordedAt }) => ({
        agencyId,
        eligible,
        reason,
        recordedAt,
      })),
      submittedAt: proposal.submittedAt,
      version: proposal.version,
    };
  }
}
