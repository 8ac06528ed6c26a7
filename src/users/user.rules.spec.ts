import { Role } from '../common/identity/role';
import { checkRoleAssignment } from './user.rules';

describe(checkRoleAssignment.name, () => {
  const agency = '2b4f3f8e-5d0f-4c36-9a59-8a4a7a3f7f10';

  it.each([
    [[Role.Researcher], null],
    [[Role.Researcher, Role.Reviewer], null],
    [[Role.Officer], agency],
    [[Role.Officer, Role.Reviewer], agency],
    [[Role.Admin], null],
  ])('accepts %j with agency %s', (roles, agencyId) => {
    expect(checkRoleAssignment(roles, agencyId)).toEqual([]);
  });

  it('refuses an officer without an agency', () => {
    expect(checkRoleAssignment([Role.Officer], null)).toEqual([{ field: 'agencyId', message: 'an officer must belong to an agency' }]);
  });

  it('refuses an agency for someone who is not an officer', () => {
    expect(checkRoleAssignment([Role.Researcher], agency)).toEqual([{ field: 'agencyId', message: 'only officers belong to an agency' }]);
  });

  it('refuses a user without roles', () => {
    expect(checkRoleAssignment([], null)).toEqual([{ field: 'roles', message: 'a user needs at least one role' }]);
  });
});
