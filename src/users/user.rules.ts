import { FieldProblem } from '../common/errors/domain-error';
import { Role } from '../common/identity/role';

/** An officer acts for exactly one agency; nobody else belongs to one. Returns every problem at once. */
export function checkRoleAssignment(roles: Role[], agencyId: string | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (roles.length === 0) problems.push({ field: 'roles', message: 'a user needs at least one role' });
  if (roles.includes(Role.Officer) && !agencyId) problems.push({ field: 'agencyId', message: 'an officer must belong to an agency' });
  if (!roles.includes(Role.Officer) && agencyId) problems.push({ field: 'agencyId', message: 'only officers belong to an agency' });
  return problems;
}
