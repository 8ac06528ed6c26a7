import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Call } from '../calls/call.entity';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { money } from '../common/money/money';
import { Page, pageOf } from '../common/pagination/page';
import { Proposal } from '../proposals/proposal.entity';
import { TeamRole } from '../proposals/team-member.entity';
import { AWARD_ACCESS } from './award-access';
import { awardCalendar } from './award-calendar';
import { Award } from './award.entity';
import { AWARD_ERRORS } from './awards.errors';
import { AwardQuery } from './dto/report.dto';
import { ReportReminders } from './report-reminders';
import { ReportState } from './report-state';
import { Report } from './report.entity';

/** The awards a PI is principal investigator of (confirmed). */
const AS_PI = `award.proposal_id IN (SELECT proposal_id FROM team_member WHERE user_id = :userId AND role = 'PI' AND confirmed_at IS NOT NULL)`;
const OF_AGENCY = `:agencyId IN (call.home_agency_id, call.partner_agency_id)`;

/** Awards: created by finalization with their report calendar, read by their PIs and their call's agencies. */
@Injectable()
export class AwardsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reminders: ReportReminders,
    private readonly audit: AuditService,
  ) {}

  private get awards() {
    return this.txHost.tx.getRepository(Award);
  }

  /**
   * In the finalization's transaction: the award of a proposal both agencies fund, its dates in the call's zone,
   * its interim and final reports, and their reminders to the PIs.
   */
  async create(actorId: string, call: Call, proposal: Proposal, amounts: { home: string; partner: string }): Promise<Award> {
    const calendar = awardCalendar(call.projectStartsAt, proposal.durationMonths ?? call.durationLimitMonths, call.timezone);
    const award = await this.awards.save(
      this.awards.create({
        proposalId: proposal.id,
        callId: call.id,
        homeAmount: amounts.home,
        homeCurrency: call.homeAgency.currency,
        partnerAmount: amounts.partner,
        partnerCurrency: call.partnerAgency.currency,
        startsAt: calendar.startsAt,
        endsAt: calendar.endsAt,
      }),
    );
    const reports = this.txHost.tx.getRepository(Report);
    const pis = proposal.team
      .filter((member) => member.role === TeamRole.PrincipalInvestigator && member.userId && member.confirmedAt)
      .map((member) => member.userId!);
    for (const { kind, dueAt } of calendar.reports) {
      const report = await reports.save(reports.create({ awardId: award.id, kind, dueAt, state: ReportState.Due, submission: 0 }));
      await this.reminders.schedule(report, pis);
    }
    await this.audit.record({
      actorId,
      entityType: 'AWARD',
      entityId: award.id,
      action: 'CREATED',
      data: {
        proposalId: proposal.id,
        callId: call.id,
        home: money(amounts.home, call.homeAgency.currency),
        partner: money(amounts.partner, call.partnerAgency.currency),
        startsAt: calendar.startsAt.toISOString(),
        endsAt: calendar.endsAt.toISOString(),
        reports: calendar.reports.map(({ kind, dueAt }) => ({ kind, dueAt: dueAt.toISOString() })),
      },
    });
    return award;
  }

  /** A PI sees theirs, an officer those of their agency's calls, an admin all; anyone else none. */
  async list(user: Principal, query: AwardQuery): Promise<Page<Award>> {
    const builder = this.withDetails(this.awards.createQueryBuilder('award'));
    if (!hasRole(user, Role.Admin)) {
      const officer = hasRole(user, Role.Officer) && user.agencyId !== null;
      builder.andWhere(officer ? `(${AS_PI} OR ${OF_AGENCY})` : AS_PI, { userId: user.id, agencyId: user.agencyId });
    }
    if (query.callId) builder.andWhere('award.call_id = :callId', { callId: query.callId });
    builder.orderBy('award.starts_at', 'DESC').addOrderBy('award.id');
    return pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
  }

  /** The award if the caller may see it; 404 otherwise, as if it did not exist. */
  async getVisible(user: Principal, id: string): Promise<Award> {
    const award = await this.load(id);
    AWARD_ACCESS.assertVisible(user, { call: award.call, team: award.proposal.team });
    return award;
  }

  async load(id: string): Promise<Award> {
    const award = await this.withDetails(this.awards.createQueryBuilder('award')).where('award.id = :id', { id }).getOne();
    if (!award) throw AWARD_ERRORS.AWARD_NOT_FOUND();
    return award;
  }

  private withDetails(builder: SelectQueryBuilder<Award>): SelectQueryBuilder<Award> {
    return builder
      .innerJoinAndSelect('award.call', 'call')
      .innerJoinAndSelect('call.homeAgency', 'homeAgency')
      .innerJoinAndSelect('call.partnerAgency', 'partnerAgency')
      .innerJoinAndSelect('award.proposal', 'proposal')
      .leftJoinAndSelect('proposal.team', 'team')
      .leftJoinAndSelect('award.reports', 'report')
      .leftJoinAndSelect('report.reviews', 'review')
      .leftJoinAndSelect('report.attachment', 'reportFile');
  }
}
