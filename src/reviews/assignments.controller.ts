import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { Page } from '../common/pagination/page';
import { AssignmentsService } from './assignments.service';
import {
  AcceptInvitation,
  AssignmentQuery,
  AssignmentView,
  AssignReviewer,
  DeclineInvitation,
  MoveDueDate,
  RemoveAssignment,
} from './dto/assignment.dto';
import { SuggestionQuery, SuggestionsView } from './dto/suggestion.dto';
import { ReviewAssignment } from './review-assignment.entity';
import { SuggestionsService } from './suggestions.service';

const pageView = (page: Page<ReviewAssignment>): Page<AssignmentView> => ({
  ...page,
  items: page.items.map((assignment) => AssignmentView.of(assignment)),
});

@ApiTags('review assignments')
@Controller()
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly suggestions: SuggestionsService,
  ) {}

  /** Assign a reviewer to a proposal, with a due date */
  @Post('proposals/:id/review-assignments')
  @Roles(Role.Officer)
  async assign(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) proposalId: string,
    @Body() input: AssignReviewer,
  ): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.assign(user, proposalId, input));
  }

  /** Suggest unconflicted reviewers under the load cap for a proposal, by expertise fit */
  @Get('calls/:id/reviewer-suggestions')
  @Roles(Role.Officer)
  async suggest(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) callId: string,
    @Query() query: SuggestionQuery,
  ): Promise<SuggestionsView> {
    return this.suggestions.suggest(user, callId, query);
  }

  /** List a proposal's review assignments, declines and their reasons included */
  @Get('proposals/:id/review-assignments')
  @Roles(Role.Officer)
  async listOfProposal(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) proposalId: string,
    @Query() query: AssignmentQuery,
  ): Promise<Page<AssignmentView>> {
    return pageView(await this.assignments.listOfProposal(user, proposalId, query));
  }

  /** List the proposals you are asked to review */
  @Get('me/review-assignments')
  @Roles(Role.Reviewer)
  async mine(@CurrentUser() user: Principal, @Query() query: AssignmentQuery): Promise<Page<AssignmentView>> {
    return pageView(await this.assignments.mine(user, query));
  }

  /** Read a review assignment */
  @Get('review-assignments/:id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.getVisible(user, id));
  }

  /** Move a review's due date (its reminders move with it) */
  @Patch('review-assignments/:id')
  @Roles(Role.Officer)
  async moveDueDate(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: MoveDueDate,
  ): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.moveDueDate(user, id, input));
  }

  /** Remove a reviewer from a proposal before their review is submitted */
  @Delete('review-assignments/:id')
  @Roles(Role.Officer)
  async remove(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() { reason }: RemoveAssignment,
  ): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.remove(user, id, reason));
  }

  /**
   * Accept an invitation to review, declaring no conflict of interest
   * @remarks Refused (409 REVIEW_CONFLICT_OF_INTEREST, every reason listed) while the conflict check of an assignment
   * finds one, a conflict the reviewer declared since the invitation included: decline it, giving the conflict as the reason.
   */
  @Post('review-assignments/:id/accept')
  @Roles(Role.Reviewer)
  @HttpCode(HttpStatus.OK)
  async accept(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: AcceptInvitation,
  ): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.accept(user, id, input));
  }

  /** Decline an invitation to review, saying why */
  @Post('review-assignments/:id/decline')
  @Roles(Role.Reviewer)
  @HttpCode(HttpStatus.OK)
  async decline(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: DeclineInvitation,
  ): Promise<AssignmentView> {
    return AssignmentView.of(await this.assignments.decline(user, id, input));
  }
}
