import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from '../../auth/access-token.service';
import { DomainError } from '../errors/domain-error';
import { Access, ACCESS_KEY } from './access.decorators';

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
      throw new DomainError('ACCESS_UNDECLARED', 'forbidden', 'This route is not open to anyone');
    }
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = this.tokens.verify(request.headers.authorization);
    request.principal = principal;
    if (access.kind === 'roles' && !access.roles.some((role) => principal.roles.includes(role))) {
      throw new DomainError('ROLE_REQUIRED', 'forbidden', `Requires one of the roles: ${access.roles.join(', ')}`);
    }
    return true;
  }
}
