import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { STATISTICS_ACCESS } from './statistics-access';

const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' };

describePolicy('STATISTICS_ACCESS', STATISTICS_ACCESS, [
  { who: 'home officer', user: user([Role.Officer], 'nstc'), on: 'their call', resource: call, expect: { see: true } },
  { who: 'partner officer', user: user([Role.Officer], 'gacr'), on: 'their call', resource: call, expect: { see: true } },
  { who: 'admin', user: user([Role.Admin]), on: 'any call', resource: call, expect: { see: true } },
  { who: 'third-agency officer', user: user([Role.Officer], 'dfg'), on: 'another call', resource: call, expect: { see: false } },
  { who: 'researcher', user: user([Role.Researcher]), on: 'a published call', resource: call, expect: { see: false } },
  { who: 'reviewer', user: user([Role.Reviewer]), on: 'a call they review for', resource: call, expect: { see: false } },
]);
