import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { WEBHOOK_ACCESS } from './webhook-access';

const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const endpoint = { agencyId: 'gacr' };

describePolicy('WEBHOOK_ACCESS', WEBHOOK_ACCESS, [
  {
    who: 'officer of its agency',
    user: user([Role.Officer], 'gacr'),
    on: 'an endpoint',
    resource: endpoint,
    expect: { see: true, manage: 'allowed' },
  },
  { who: 'admin', user: user([Role.Admin]), on: 'an endpoint', resource: endpoint, expect: { see: true, manage: 'forbidden' } },
  {
    who: 'officer of another agency',
    user: user([Role.Officer], 'nstc'),
    on: 'an endpoint',
    resource: endpoint,
    expect: { see: false, manage: 'hidden' },
  },
  { who: 'researcher', user: user([Role.Researcher]), on: 'an endpoint', resource: endpoint, expect: { see: false, manage: 'hidden' } },
  { who: 'reviewer', user: user([Role.Reviewer]), on: 'an endpoint', resource: endpoint, expect: { see: false, manage: 'hidden' } },
]);
