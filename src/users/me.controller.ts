import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { UpdateProfile, UserView } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@Controller('me')
@Authenticated()
export class MeController {
  constructor(private readonly users: UsersService) {}

  /** Read your own account */
  @Get()
  async get(@CurrentUser() me: Principal): Promise<UserView> {
    return UserView.of(await this.users.get(me.id));
  }

  /** Edit your own profile */
  @Patch()
  async update(@CurrentUser() me: Principal, @Body() changes: UpdateProfile): Promise<UserView> {
    return UserView.of(await this.users.updateProfile(me.id, changes));
  }
}
