import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Language, Role } from '../identity/role';

/** The signed-in user as the access token describes them; services load more when they need it. */
export interface Principal {
  id: string;
  roles: Role[];
  /** The agency an officer works for; null for everyone else. */
  agencyId: string | null;
  language: Language;
}

export const hasRole = (principal: Principal, role: Role) => principal.roles.includes(role);

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Injects the signed-in user into a handler parameter. Only on routes that require authentication. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<import('fastify').FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a route that does not authenticate');
  return principal;
});
