import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { isPartyOfficer } from '../calls/call-access';
import { effectiveCallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { CallsService } from '../calls/calls.service';
import { hasRole, Principal } from '../common/access/principal';
import { assertVersion } from '../common/concurrency/versioning';
import { DomainError, notFound } from '../common/errors/domain-error';
import { normaliseAmount } from '../common/money/money';
import { Page, pageOf } from '../common/pagination/page';
import { Role } from '../common/identity/role';
import { User } from '../users/user.entity';
import { CoInvestigatorDto, CreateProposal, ProposalQuery, UpdateProposal } from './dto/proposal.dto';
import { assertPi, assertVisible } from './proposal-access';
import { ProposalDeadlines } from './proposal-deadlines';
import { nextProposalState, ProposalAction, ProposalState } from './proposal-state';
import { Proposal } from './proposal.entity';
import { acceptsSubmissions } from './submission.rules';
import { TeamMember, TeamRole } from './team-member.entity';

/** A proposal with what every use case needs: its team, attachments, verdicts, and its call with both agencies. */
export interface ProposalContext {
  proposal: Proposal;
  call: Call;
}

@Injectable()
export class ProposalsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly deadlines: ProposalDeadlines,
    private readonly audit: AuditService,
  ) {}

  private get proposals() {
    return this.txHost.tx.getRepository(Proposal);
  }

  /** Loads a proposal (optionally locking its row) and its call; 404 when either is missing. */
  async load(id: string, lock = false): Promise<ProposalContext> {
    if (lock)
      await this.proposals.createQueryBuilder('p').select('p.id').where('p.id = :id', { id }).setLock('pessimistic_write').getRawOne();
    const proposal = await this.proposals.findOne({
      where: { id },
      relations: { team: true, attachments: true, verdicts: true },
      order: { team: { createdAt: 'ASC' } },
    });
    if (!proposal) throw notFound('Proposal');
    const call = await this.calls.load(proposal.callId);
    if (!call) throw notFound('Proposal');
    return { proposal, call };
  }

  async getVisible(user: Principal, id: string): Promise<ProposalContext> {
    const context = await this.load(id);
    assertVisible(user, context.proposal, context.call);
    return context;
  }

  /** A call's proposals: all of them for its agencies' officers and admins; researchers only see their own. */
  async listOfCall(user: Principal, callId: string, query: ProposalQuery): Promise<{ call: Call; page: Page<Proposal> }> {
    const call = await this.calls.getVisible(user, callId);
    const builder = this.proposals
      .createQueryBuilder('proposal')
      .leftJoinAndSelect('proposal.team', 'team')
      .leftJoinAndSelect('proposal.attachments', 'attachments')
      .leftJoinAndSelect('proposal.verdicts', 'verdicts')
      .where('proposal.call_id = :callId', { callId })
      .orderBy('proposal.created_at')
      .addOrderBy('proposal.id');
    if (!hasRole(user, Role.Admin) && !isPartyOfficer(user, call)) {
      builder.andWhere(`proposal.id IN (SELECT proposal_id FROM team_member WHERE user_id = :userId AND role = 'PI')`, { userId: user.id });
    }
    if (query.state) builder.andWhere('proposal.state = :state', { state: query.state });
    return { call, page: pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query) };
  }

  /** The proposals on which the user is a PI, across calls. */
  async mine(user: Principal, query: ProposalQuery): Promise<Page<Proposal>> {
    const builder = this.proposals
      .createQueryBuilder('proposal')
      .leftJoinAndSelect('proposal.team', 'team')
      .leftJoinAndSelect('proposal.attachments', 'attachments')
      .leftJoinAndSelect('proposal.verdicts', 'verdicts')
      .leftJoinAndSelect('proposal.call', 'call')
      .leftJoinAndSelect('call.homeAgency', 'homeAgency')
      .leftJoinAndSelect('call.partnerAgency', 'partnerAgency')
      .where(`proposal.id IN (SELECT proposal_id FROM team_member WHERE user_id = :userId AND role = 'PI')`, { userId: user.id })
      .orderBy('proposal.updated_at', 'DESC')
      .addOrderBy('proposal.id');
    if (query.state) builder.andWhere('proposal.state = :state', { state: query.state });
    return pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
  }

  /** A researcher opens a draft in a call that takes submissions, as the PI of one side. */
  @Transactional()
  async create(user: Principal, callId: string, input: CreateProposal): Promise<ProposalContext> {
    const call = await this.calls.getVisible(user, callId);
    if (!acceptsSubmissions({ ...call, state: effectiveCallState(call, new Date()) }, new Date())) {
      throw new DomainError('CALL_NOT_OPEN', 'conflict', 'This call does not take proposals now');
    }
    const me = await this.txHost.tx.getRepository(User).findOneByOrFail({ id: user.id });
    const { side, institution, country, coInvestigators, ...fields } = input;
    const proposal = await this.proposals.save(this.proposals.create({ ...this.columnsOf(fields), callId, createdById: user.id }));
    await this.txHost.tx.getRepository(TeamMember).insert({
      proposalId: proposal.id,
      role: TeamRole.PrincipalInvestigator,
      side,
      userId: user.id,
      name: me.name,
      email: me.email,
      institution,
      country: country.toUpperCase(),
      confirmedAt: new Date(),
    });
    await this.replaceCoInvestigators(proposal.id, coInvestigators ?? []);
    await this.deadlines.remind(proposal.id, user.id, call);
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      action: 'CREATED',
      toState: ProposalState.Draft,
    });
    return this.load(proposal.id);
  }

  /** Edits a draft against the version the client read. */
  @Transactional()
  async update(user: Principal, id: string, changes: UpdateProposal): Promise<ProposalContext> {
    const { proposal, call } = await this.load(id, true);
    assertPi(user, proposal, call);
    nextProposalState(proposal.state, ProposalAction.Edit);
    assertVersion('The proposal', proposal.version, changes.version);
    const { version: _version, coInvestigators, ...fields } = changes;
    await this.proposals.update(id, { ...this.columnsOf(fields), version: proposal.version + 1 });
    if (coInvestigators) await this.replaceCoInvestigators(id, coInvestigators);
    await this.audit.record({ actorId: user.id, entityType: 'PROPOSAL', entityId: id, action: 'EDITED' });
    return this.load(id);
  }

  /** A PI withdraws the proposal, in any state before the call is finalized; its reminders go with it. */
  @Transactional()
  async withdraw(user: Principal, id: string, reason: string | undefined): Promise<ProposalContext> {
    const { proposal, call } = await this.load(id, true);
    assertPi(user, proposal, call);
    const next = nextProposalState(proposal.state, ProposalAction.Withdraw);
    await this.proposals.update(id, { state: next, version: proposal.version + 1 });
    await this.deadlines.cancel(id);
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: id,
      action: 'WITHDRAWN',
      fromState: proposal.state,
      toState: next,
      reason: reason ?? null,
    });
    return this.load(id);
  }

  private async replaceCoInvestigators(proposalId: string, people: CoInvestigatorDto[]): Promise<void> {
    const team = this.txHost.tx.getRepository(TeamMember);
    await team.delete({ proposalId, role: TeamRole.CoInvestigator });
    if (people.length > 0) {
      await team.insert(
        people.map((person) => ({ ...person, country: person.country.toUpperCase(), proposalId, role: TeamRole.CoInvestigator })),
      );
    }
  }

  private columnsOf(fields: Partial<Omit<CreateProposal, 'side' | 'institution' | 'country' | 'coInvestigators'>>): Partial<Proposal> {
    const { homeBudget, partnerBudget, ...rest } = fields;
    return {
      ...rest,
      ...(homeBudget !== undefined ? { homeBudget: homeBudget === null ? null : normaliseAmount(homeBudget) } : {}),
      ...(partnerBudget !== undefined ? { partnerBudget: partnerBudget === null ? null : normaliseAmount(partnerBudget) } : {}),
    };
  }
}
