import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { DECISION_ACCESS } from './decision-access';

const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' };

describePolicy('DECISION_ACCESS', DECISION_ACCESS, [
  {
    who: 'home officer',
    user: user([Role.Officer], 'nstc'),
    on: 'a call of theirs',
    resource: call,
    expect: { see: true, decide: 'allowed' },
  },
  {
    who: 'partner officer',
    user: user([Role.Officer], 'gacr'),
    on: 'a call of theirs',
    resource: call,
    expect: { see: true, decide: 'allowed' },
  },
  { who: 'admin', user: user([Role.Admin]), on: 'any call', resource: call, expect: { see: true, decide: 'forbidden' } },
  {
    who: 'third-agency officer',
    user: user([Role.Officer], 'dfg'),
    on: 'another call',
    resource: call,
    expect: { see: false, decide: 'hidden' },
  },
  {
    who: 'researcher (a PI)',
    user: user([Role.Researcher]),
    on: 'their proposal',
    resource: call,
    expect: { see: false, decide: 'hidden' },
  },
  { who: 'reviewer', user: user([Role.Reviewer]), on: 'a proposal', resource: call, expect: { see: false, decide: 'hidden' } },
]);
