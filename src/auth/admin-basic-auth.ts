import { Injectable } from '@nestjs/common';
import { Role } from '../common/identity/role';
import { isSafeText } from '../common/validation/raw-input';
import { UsersService } from '../users/users.service';
import { PasswordService } from './password.service';

/**
 * HTTP Basic credentials of an active admin, for the pages outside Nest's router that a browser opens directly
 * (the queue dashboard): the browser prompts for them, and bearer tokens cannot be sent there.
 */
@Injectable()
export class AdminBasicAuth {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
  ) {}

  async isAdmin(authorization: string): Promise<boolean> {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    // A header escapes the body checks: text PostgreSQL would refuse must not reach the query.
    if (separator < 1 || !isSafeText(decoded)) return false;
    const user = await this.users.findWithPasswordHash(decoded.slice(0, separator));
    const matches = await this.passwords.verify(user?.passwordHash, decoded.slice(separator + 1));
    return matches && !!user?.active && user.roles.includes(Role.Admin);
  }
}
