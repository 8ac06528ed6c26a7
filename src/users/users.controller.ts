import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Page } from '../common/pagination/page';
import { CreateUser, UpdateUser, UserQuery, UserView } from './dto/user.dto';
import { Role } from '../common/identity/role';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** List the users */
  @Get()
  async list(@Query() query: UserQuery): Promise<Page<UserView>> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map(UserView.of) };
  }

  /** Create a user with roles */
  @Post()
  async create(@CurrentUser() admin: Principal, @Body() input: CreateUser): Promise<UserView> {
    return UserView.of(await this.users.createByAdmin(admin.id, input));
  }

  /** Change a user's profile, roles or status */
  @Patch(':id')
  async update(@CurrentUser() admin: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() changes: UpdateUser): Promise<UserView> {
    return UserView.of(await this.users.updateByAdmin(admin.id, id, changes));
  }
}
