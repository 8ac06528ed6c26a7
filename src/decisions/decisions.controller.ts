import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { DecisionsService } from './decisions.service';
import { RecordDecision } from './dto/decision.dto';
import { ProposalDecisionsView } from './dto/decision.view';

@ApiTags('decisions')
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

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
}
