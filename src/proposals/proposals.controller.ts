import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { OptionallyVersioned } from '../common/concurrency/versioned.dto';
import { Page } from '../common/pagination/page';
import { Role } from '../common/identity/role';
import {
  ConfirmParticipation,
  CreateProposal,
  InvitePi,
  ProposalQuery,
  RecordEligibility,
  UpdateProposal,
  WithdrawProposal,
} from './dto/proposal.dto';
import { ProposalView } from './dto/proposal.view';
import { EligibilityService } from './eligibility.service';
import { ProposalContext, ProposalsService } from './proposals.service';
import { SubmissionService } from './submission.service';
import { TeamService } from './team.service';

const view = ({ proposal, call }: ProposalContext) => ProposalView.of(proposal, call);

@ApiTags('proposals')
@Controller()
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly team: TeamService,
    private readonly submission: SubmissionService,
    private readonly eligibility: EligibilityService,
  ) {}

  /** List a call's proposals */
  @Get('calls/:id/proposals')
  @Authenticated()
  async listOfCall(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) callId: string,
    @Query() query: ProposalQuery,
  ): Promise<Page<ProposalView>> {
    const { call, page } = await this.proposals.listOfCall(user, callId, query);
    return { ...page, items: page.items.map((proposal) => ProposalView.of(proposal, call)) };
  }

  /** Start a draft proposal in a call, as one of its principal investigators */
  @Post('calls/:id/proposals')
  @Roles(Role.Researcher)
  async create(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) callId: string,
    @Body() input: CreateProposal,
  ): Promise<ProposalView> {
    return view(await this.proposals.create(user, callId, input));
  }

  /** List the proposals whose team you are on */
  @Get('me/proposals')
  @Authenticated()
  async mine(@CurrentUser() user: Principal, @Query() query: ProposalQuery): Promise<Page<ProposalView>> {
    const page = await this.proposals.mine(user, query);
    return { ...page, items: page.items.map((proposal) => ProposalView.of(proposal, proposal.call)) };
  }

  /** Read a proposal */
  @Get('proposals/:id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProposalView> {
    return view(await this.proposals.getVisible(user, id));
  }

  /** Edit a draft proposal */
  @Patch('proposals/:id')
  @Roles(Role.Researcher)
  async update(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() changes: UpdateProposal,
  ): Promise<ProposalView> {
    return view(await this.proposals.update(user, id, changes));
  }

  /** Invite the other principal investigator by e-mail */
  @Post('proposals/:id/invitations')
  @Roles(Role.Researcher)
  async invite(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() invitee: InvitePi): Promise<ProposalView> {
    return view(await this.team.invite(user, id, invitee));
  }

  /** Confirm your participation with the invitation's token */
  @Post('proposals/:id/confirm')
  @Roles(Role.Researcher)
  @HttpCode(HttpStatus.OK)
  async confirm(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() confirmation: ConfirmParticipation,
  ): Promise<ProposalView> {
    return view(await this.team.confirm(user, id, confirmation));
  }

  /** Submit a complete proposal before the deadline */
  @Post('proposals/:id/submit')
  @Roles(Role.Researcher)
  @HttpCode(HttpStatus.OK)
  async submit(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: OptionallyVersioned,
  ): Promise<ProposalView> {
    return view(await this.submission.submit(user, id, version));
  }

  /** Withdraw a proposal */
  @Post('proposals/:id/withdraw')
  @Roles(Role.Researcher)
  @HttpCode(HttpStatus.OK)
  async withdraw(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() withdrawal: WithdrawProposal,
  ): Promise<ProposalView> {
    return view(await this.proposals.withdraw(user, id, withdrawal));
  }

  /** Record your agency's eligibility verdict on its applicant */
  @Post('proposals/:id/eligibility')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async recordEligibility(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() verdict: RecordEligibility,
  ): Promise<ProposalView> {
    return view(await this.eligibility.record(user, id, verdict));
  }
}
