import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { Page, PageQuery } from '../common/pagination/page';
import { ConflictsService } from './conflicts.service';
import {
  CreateInstitutionAlias,
  CreateReviewer,
  DeclareConflict,
  DeclaredConflictView,
  InstitutionAliasView,
  ReviewerQuery,
  ReviewerView,
  UpdateReviewer,
} from './dto/reviewer.dto';
import { InstitutionAliasesService } from './institution-aliases.service';
import { ReviewersService } from './reviewers.service';

@ApiTags('reviewers')
@Controller()
export class ReviewersController {
  constructor(
    private readonly reviewers: ReviewersService,
    private readonly conflicts: ConflictsService,
    private readonly aliases: InstitutionAliasesService,
  ) {}

  /** List the reviewer pools, or one agency's */
  @Get('reviewers')
  @Roles(Role.Officer, Role.Admin)
  async list(@Query() query: ReviewerQuery): Promise<Page<ReviewerView>> {
    const page = await this.reviewers.list(query);
    return { ...page, items: page.items.map((reviewer) => ReviewerView.of(reviewer)) };
  }

  /** Recruit a reviewer for your agency: a new account, or an existing one given the role */
  @Post('reviewers')
  @Roles(Role.Officer)
  async create(@CurrentUser() user: Principal, @Body() input: CreateReviewer): Promise<ReviewerView> {
    return ReviewerView.of(await this.reviewers.create(user, input));
  }

  /** Read a reviewer's profile */
  @Get('reviewers/:id')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewerView> {
    return ReviewerView.of(await this.reviewers.get(user, id));
  }

  /** Edit a reviewer's profile: your own, or one your agency recruited */
  @Patch('reviewers/:id')
  @Roles(Role.Reviewer, Role.Officer, Role.Admin)
  async update(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() changes: UpdateReviewer,
  ): Promise<ReviewerView> {
    return ReviewerView.of(await this.reviewers.update(user, id, changes));
  }

  /** List the conflicts of interest you declared */
  @Get('me/conflicts')
  @Roles(Role.Reviewer)
  async listConflicts(@CurrentUser() user: Principal, @Query() query: PageQuery): Promise<Page<DeclaredConflictView>> {
    const page = await this.conflicts.listDeclared(user.id, query);
    return { ...page, items: page.items.map((conflict) => DeclaredConflictView.of(conflict)) };
  }

  /** Declare a conflict of interest with a proposal, a person or an institution */
  @Post('me/conflicts')
  @Roles(Role.Reviewer)
  async declareConflict(@CurrentUser() user: Principal, @Body() input: DeclareConflict): Promise<DeclaredConflictView> {
    return DeclaredConflictView.of(await this.conflicts.declare(user, input));
  }

  /** Withdraw a conflict of interest you declared */
  @Delete('me/conflicts/:id')
  @Roles(Role.Reviewer)
  @HttpCode(HttpStatus.NO_CONTENT)
  async withdrawConflict(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.conflicts.withdraw(user, id);
  }

  /** List the institution aliases that conflict checks apply */
  @Get('institution-aliases')
  @Roles(Role.Officer, Role.Admin)
  async listAliases(@Query() query: PageQuery): Promise<Page<InstitutionAliasView>> {
    const page = await this.aliases.list(query);
    return { ...page, items: page.items.map((alias) => InstitutionAliasView.of(alias)) };
  }

  /** Add an institution alias ("NTU" = "National Taiwan University") */
  @Post('institution-aliases')
  @Roles(Role.Admin)
  async createAlias(@CurrentUser() user: Principal, @Body() input: CreateInstitutionAlias): Promise<InstitutionAliasView> {
    return InstitutionAliasView.of(await this.aliases.create(user.id, input));
  }

  /** Delete an institution alias */
  @Delete('institution-aliases/:id')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  async deleteAlias(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.aliases.remove(user.id, id);
  }
}
