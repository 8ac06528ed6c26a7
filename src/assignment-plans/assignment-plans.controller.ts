import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { AssignmentPlansService } from './assignment-plans.service';
import { AssignmentPlanView, ConfirmAssignmentPlan, RequestAssignmentPlan } from './dto/assignment-plan.dto';

@ApiTags('assignment plans')
@Controller()
export class AssignmentPlansController {
  constructor(private readonly plans: AssignmentPlansService) {}

  /**
   * Ask for an optimal reviewer assignment of the whole call
   * @remarks The worker computes the plan of maximum total expertise fit in which every eligible or reviewed proposal
   * gets the call's minReviewsPerProposal reviewers (its live assignments count), at least one from each agency's
   * pool, no reviewer over maxAssignmentsPerReviewer and no conflict of interest; or, when none exists, why not.
   * Follow it with GET /assignment-plans/:id.
   */
  @Post('calls/:id/assignment-plans')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.ACCEPTED)
  async request(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) callId: string,
    @Body() input: RequestAssignmentPlan,
  ): Promise<AssignmentPlanView> {
    return AssignmentPlanView.of(await this.plans.request(user, callId, input));
  }

  /**
   * Read an assignment plan: its progress, then its pairs or why there is none
   * @remarks While it runs: state and progress. Once READY: the pairs with their expertise fit, the objective (their
   * total fit, the maximum under the constraints) and each reviewer's load; once INFEASIBLE: the proposals short of
   * an unconflicted reviewer (of which agency, how many) and the groups competing for reviewers whose caps bind.
   */
  @Get('assignment-plans/:id')
  @Roles(Role.Officer, Role.Admin)
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AssignmentPlanView> {
    return AssignmentPlanView.of(await this.plans.getVisible(user, id));
  }

  /**
   * Confirm a plan, with your changes: assign the pairs and send the invitations at once
   * @remarks One transaction. Send the version you read. Each pair is checked again for conflicts of interest and the reviewer's cap;
   * a pair refused is listed in confirmation.refused with the reason, the others are assigned.
   */
  @Post('assignment-plans/:id/confirm')
  @Roles(Role.Officer)
  @HttpCode(HttpStatus.OK)
  async confirm(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ConfirmAssignmentPlan,
  ): Promise<AssignmentPlanView> {
    return AssignmentPlanView.of(await this.plans.confirm(user, id, input));
  }
}
