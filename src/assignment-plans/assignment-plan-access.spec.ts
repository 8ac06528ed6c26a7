import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { ASSIGNMENT_PLAN_ACCESS } from './assignment-plan-access';

const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' };

describePolicy('ASSIGNMENT_PLAN_ACCESS', ASSIGNMENT_PLAN_ACCESS, [
  { who: 'home officer', user: user([Role.Officer], 'nstc'), on: 'a plan', resource: call, expect: { see: true, plan: 'allowed' } },
  { who: 'partner officer', user: user([Role.Officer], 'gacr'), on: 'a plan', resource: call, expect: { see: true, plan: 'allowed' } },
  { who: 'admin', user: user([Role.Admin]), on: 'a plan', resource: call, expect: { see: true, plan: 'forbidden' } },
  { who: 'third-agency officer', user: user([Role.Officer], 'dfg'), on: 'a plan', resource: call, expect: { see: false, plan: 'hidden' } },
  { who: 'reviewer', user: user([Role.Reviewer]), on: 'a plan', resource: call, expect: { see: false, plan: 'hidden' } },
  { who: 'researcher', user: user([Role.Researcher]), on: 'a plan', resource: call, expect: { see: false, plan: 'hidden' } },
]);
