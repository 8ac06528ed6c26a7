import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { OptionallyVersioned } from '../common/concurrency/versioned.dto';
import { Clock } from '../common/time/clock';
import { CallView } from '../calls/dto/call.view';
import { DecisionsService } from './decisions.service';
import { FinalizationService } from './finalization.service';
import { RecordDecision } from './dto/decision.dto';
import { ProposalDecisionsView } from './dto/decision.view';

@ApiTags('decisions')
@Controller()
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly finalization: FinalizationService,
    private readonly clock: Clock,
  ) {}

  /**
   * Record or change your agency's funding decision on a proposal under review
   * @remarks FUND needs an amount in your agency's currency, at most what was requested from it and within what remains
   * of its budget for the call (409 BUDGET_EXCEEDED with `remaining` otherwise). Changing a decision needs its version.
   */
  @Put('proposals/:id/decisions/mine')
  @Roles(Role.Officer)
  async record(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: RecordDecision,
  ): Promise<ProposalDecisionsView> {
    return this.decisions.record(user, id, input);
  }

  /** Both agencies' decisions on a proposal, side by side, with the joint outcome */
  @Get('proposals/:id/decisions')
  @Roles(Role.Officer, Role.Admin)
  async ofProposal(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProposalDecisionsView> {
    return this.decisions.ofProposal(user, id);
  }

  /**
   * Finalize a call: outcomes, awards, decision letters; decisions are frozen
   * @remarks Refused (409 DECISIONS_MISSING) while a proposal under review misses a decision: `errors` and `missing` name
   * each proposal and the agencies whose decision is missing.
   */
  @Post('calls/:id/finalize')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async finalize(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: OptionallyVersioned,
  ): Promise<CallView> {
    return CallView.of(await this.finalization.finalize(user, id, version), this.clock.now());
  }
}
