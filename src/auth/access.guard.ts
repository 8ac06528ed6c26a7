import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Access, ACCESS_KEY } from '../common/access/access.decorators';
import { AccessTokenService } from './access-token.service';
import { AUTH_ERRORS } from './auth.errors';

/**
 * The one global guard: deny by default. A route without an access declaration is refused outright (and logged,
 * since it is a programming error); otherwise the bearer token is verified and the roles checked.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access; refused`);
      throw AUTH_ERRORS.ACCESS_UNDECLARED();
    }
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = this.tokens.verify(request.headers.authorization);
    request.principal = principal;
    if (access.kind === 'roles' && !access.roles.some((role) => principal.roles.includes(role))) {
      throw AUTH_ERRORS.ROLE_REQUIRED(`Requires one of the roles: ${access.roles.join(', ')}`);
    }
    return true;
  }
}
