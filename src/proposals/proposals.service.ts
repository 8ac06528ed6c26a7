import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isPartyOfficer } from '../calls/call-access';
import { effectiveCallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { CallsService } from '../calls/calls.service';
import { hasRole, Principal } from '../common/access/principal';
import { assertVersion, assertVersionIfSent } from '../common/concurrency/versioning';
import { Role } from '../common/identity/role';
import { normaliseAmount } from '../common/money/money';
import { Page, pageOf } from '../common/pagination/page';
import { Clock } from '../common/time/clock';
import { CompiledQuery } from '../database/compiled-query';
import { EmailType } from '../notifications/email-types';
import { AccountOpened } from '../users/user.events';
import { User } from '../users/user.entity';
import { CoInvestigatorDto, CreateProposal, ProposalQuery, UpdateProposal } from './dto/proposal.dto';
import { assertPi, PROPOSAL_ACCESS } from './proposal-access';
import { ProposalDeadlines } from './proposal-deadlines';
import { ProposalMail } from './proposal-mail';
import { ProposalWithdrawn } from './proposal.events';
import { ProposalReaders } from './proposal-readers';
import { PROPOSAL_STATE, ProposalAction, ProposalState } from './proposal-state';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { Proposal } from './proposal.entity';
import { acceptsSubmissions } from './submission.rules';
import { TeamMember, TeamRole } from './team-member.entity';

/** A proposal with what every use case needs: its team, attachments, verdicts, and its call with both agencies. */
export interface ProposalContext {
  proposal: Proposal;
  call: Call;
}

/** The proposals on whose team the user is with an account: PIs once confirmed, co-investigators by address. */
const ON_TEAM = `proposal.id IN (SELECT proposal_id FROM team_member WHERE user_id = :userId)`;

/** What every use case needs of a proposal (see ProposalContext); the call's approvals are not among it. */
const contextOf = (manager: EntityManager) =>
  manager
    .getRepository(Proposal)
    .createQueryBuilder('proposal')
    .leftJoinAndSelect('proposal.team', 'team')
    .leftJoinAndSelect('proposal.attachments', 'attachments')
    .leftJoinAndSelect('proposal.verdicts', 'verdicts')
    .innerJoinAndSelect('proposal.call', 'call')
    .innerJoinAndSelect('call.homeAgency', 'homeAgency')
    .innerJoinAndSelect('call.partnerAgency', 'partnerAgency')
    .where('proposal.id = :id', { id: null })
    .orderBy('team.createdAt', 'ASC');
const CONTEXT = new CompiledQuery(contextOf);
const LOCKED_CONTEXT = new CompiledQuery((manager) => contextOf(manager).setLock('pessimistic_write', undefined, ['proposal']));

@Injectable()
export class ProposalsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly deadlines: ProposalDeadlines,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly readers: ProposalReaders,
    private readonly events: EventEmitter2,
  ) {}

  private get proposals() {
    return this.txHost.tx.getRepository(Proposal);
  }

  /**
   * Loads a proposal with its team, attachments and verdicts and its call with both agencies, in one statement
   * built once (optionally locking the proposal's row: FOR UPDATE OF proposal); 404 when it is missing.
   */
  async load(id: string, lock = false): Promise<ProposalContext> {
    const proposal = await (lock ? LOCKED_CONTEXT : CONTEXT).getOne(this.txHost.tx, { id });
    if (!proposal) throw PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND();
    const { call } = proposal;
    return { proposal, call };
  }

  async getVisible(user: Principal, id: string): Promise<ProposalContext> {
    const context = await this.load(id);
    const readers = hasRole(user, Role.Reviewer) ? await this.readers.of(id) : [];
    PROPOSAL_ACCESS.assertVisible(user, { ...context, readers });
    return context;
  }

  /** A call's proposals: all of them for its agencies' officers and admins; researchers only those they are on. */
  async listOfCall(user: Principal, callId: string, query: ProposalQuery): Promise<{ call: Call; page: Page<Proposal> }> {
    const call = await this.calls.getVisible(user, callId);
    const builder = this.withDetails(this.proposals.createQueryBuilder('proposal')).where('proposal.call_id = :callId', { callId });
    if (!hasRole(user, Role.Admin) && !isPartyOfficer(user, call)) builder.andWhere(ON_TEAM, { userId: user.id });
    return { call, page: await this.page(builder, query) };
  }

  /** The proposals the user is on, across calls. */
  async mine(user: Principal, query: ProposalQuery): Promise<Page<Proposal>> {
    const builder = this.withDetails(this.proposals.createQueryBuilder('proposal'))
      .leftJoinAndSelect('proposal.call', 'call')
      .leftJoinAndSelect('call.homeAgency', 'homeAgency')
      .leftJoinAndSelect('call.partnerAgency', 'partnerAgency')
      .where(ON_TEAM, { userId: user.id });
    return this.page(builder, query, 'proposal.updated_at');
  }

  /** A researcher opens a draft in a call that takes submissions, as the PI of one side. */
  @Transactional()
  async create(user: Principal, callId: string, input: CreateProposal): Promise<ProposalContext> {
    const call = await this.calls.getVisible(user, callId);
    const now = this.clock.now();
    if (!acceptsSubmissions({ ...call, state: effectiveCallState(call, now) }, now)) throw PROPOSAL_ERRORS.CALL_NOT_OPEN();
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
      confirmedAt: now,
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
    PROPOSAL_STATE.next(proposal.state, ProposalAction.Edit);
    assertVersion('The proposal', proposal.version, changes.version);
    const { version: _version, coInvestigators, ...fields } = changes;
    await this.proposals.update(id, { ...this.columnsOf(fields), version: proposal.version + 1 });
    if (coInvestigators) await this.replaceCoInvestigators(id, coInvestigators);
    await this.audit.record({ actorId: user.id, entityType: 'PROPOSAL', entityId: id, action: 'EDITED' });
    return this.load(id);
  }

  /**
   * A PI withdraws the proposal, in any state before the call is finalized; its reminders go with it. The other PI
   * is told, and so are the officers of both agencies once the proposal had been submitted.
   */
  @Transactional()
  async withdraw(user: Principal, id: string, { reason, version }: { reason?: string; version?: number }): Promise<ProposalContext> {
    const { proposal, call } = await this.load(id, true);
    const me = assertPi(user, proposal, call);
    const next = PROPOSAL_STATE.next(proposal.state, ProposalAction.Withdraw);
    assertVersionIfSent('The proposal', proposal.version, version);
    await this.proposals.update(id, { state: next, version: proposal.version + 1 });
    await this.deadlines.cancel(id);
    await this.events.emitAsync(ProposalWithdrawn.event, new ProposalWithdrawn(id, call.id, user.id));
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: id,
      action: 'WITHDRAWN',
      fromState: proposal.state,
      toState: next,
      reason: reason ?? null,
    });
    const wasSubmitted = proposal.state !== ProposalState.Draft;
    const otherPis = (await this.mail.pis(proposal.team)).filter((pi) => pi.userId !== null && pi.userId !== user.id);
    const recipients = [...otherPis, ...(wasSubmitted ? await this.mail.officers(call) : [])];
    await this.mail.tell(EmailType.ProposalWithdrawn, recipients, { proposal, call }, 'withdrawn', (to) => ({
      name: to.name,
      proposalTitle: proposal.title,
      callTitle: call.title,
      withdrawnBy: me.name,
      reason: reason ?? '',
      wasSubmitted,
      proposalUrl: this.mail.proposalUrl(proposal, to),
    }));
    return this.load(id);
  }

  /** A new account may be a co-investigator someone already named: from now on they see those proposals. */
  @OnEvent(AccountOpened.event, { promisify: true, suppressErrors: false })
  async onAccountOpened({ userId, email }: AccountOpened): Promise<void> {
    await this.txHost.tx
      .getRepository(TeamMember)
      .createQueryBuilder()
      .update()
      .set({ userId })
      .where('lower(email) = lower(:email) AND role = :role AND user_id IS NULL', { email, role: TeamRole.CoInvestigator })
      .execute();
  }

  /** Co-investigators with an account are linked to it by address, so that they see the proposal. */
  private async replaceCoInvestigators(proposalId: string, people: CoInvestigatorDto[]): Promise<void> {
    const team = this.txHost.tx.getRepository(TeamMember);
    await team.delete({ proposalId, role: TeamRole.CoInvestigator });
    if (people.length === 0) return;
    const emails = people.map((person) => person.email.toLowerCase());
    const accounts = await this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('user')
      .select(['user.id', 'user.email'])
      .where('user.email IN (:...emails) AND user.active', { emails })
      .getMany();
    await team.insert(
      people.map((person) => ({
        ...person,
        email: person.email.toLowerCase(),
        country: person.country.toUpperCase(),
        proposalId,
        role: TeamRole.CoInvestigator,
        userId: accounts.find((account) => account.email === person.email.toLowerCase())?.id ?? null,
      })),
    );
  }

  private withDetails(builder: SelectQueryBuilder<Proposal>): SelectQueryBuilder<Proposal> {
    return builder
      .leftJoinAndSelect('proposal.team', 'team')
      .leftJoinAndSelect('proposal.attachments', 'attachments')
      .leftJoinAndSelect('proposal.verdicts', 'verdicts');
  }

  private async page(
    builder: SelectQueryBuilder<Proposal>,
    query: ProposalQuery,
    orderBy = 'proposal.created_at',
  ): Promise<Page<Proposal>> {
    if (query.state) builder.andWhere('proposal.state = :state', { state: query.state });
    builder.orderBy(orderBy, orderBy === 'proposal.created_at' ? 'ASC' : 'DESC').addOrderBy('proposal.id');
    return pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
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
