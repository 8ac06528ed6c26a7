import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { auditPolicy } from './audit-read-policy';
import { AUDIT_ERRORS } from './audit.errors';

const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const admin = user([Role.Admin]);
const nstcOfficer = user([Role.Officer], 'nstc');
const dfgOfficer = user([Role.Officer], 'dfg');
const researcher = user([Role.Researcher]);
const ofCall = { partyAgencyIds: ['nstc', 'gacr'] };
const missing = { partyAgencyIds: null };

describePolicy('auditPolicy', auditPolicy(AUDIT_ERRORS.AUDIT_TRAIL_NOT_FOUND), [
  { who: 'admin', user: admin, on: "a call's history", resource: ofCall, expect: { see: true } },
  { who: 'party officer', user: nstcOfficer, on: "a call's history", resource: ofCall, expect: { see: true } },
  { who: 'third-agency officer', user: dfgOfficer, on: "a call's history", resource: ofCall, expect: { see: false } },
  { who: 'researcher', user: researcher, on: "a call's history", resource: ofCall, expect: { see: false } },
  { who: 'party officer', user: nstcOfficer, on: 'an entity that does not exist', resource: missing, expect: { see: false } },
  {
    who: 'officer',
    user: nstcOfficer,
    on: 'an entity no agency is party to (a user)',
    resource: { partyAgencyIds: [] },
    expect: { see: false },
  },
]);
