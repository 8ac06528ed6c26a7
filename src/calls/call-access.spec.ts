import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { CALL_ACCESS, CallAccessSubject } from './call-access';
import { CallState } from './call-state';

const NSTC = 'nstc';
const GACR = 'gacr';
const DFG = 'dfg';
const user = (roles: Role[], agencyId: string | null = null): Principal => ({
  id: roles.join('-'),
  roles,
  agencyId,
  language: Language.English,
});
const call = (state: CallState): CallAccessSubject => ({ homeAgencyId: NSTC, partnerAgencyId: GACR, state });

const admin = user([Role.Admin]);
const nstcOfficer = user([Role.Officer], NSTC);
const gacrOfficer = user([Role.Officer], GACR);
const dfgOfficer = user([Role.Officer], DFG);
const researcher = user([Role.Researcher]);
const reviewer = user([Role.Reviewer]);

describePolicy('CALL_ACCESS', CALL_ACCESS, [
  ...[CallState.Draft, CallState.Cancelled].flatMap((state) => [
    { who: 'admin', user: admin, on: state, resource: call(state), expect: { see: true, manage: 'forbidden' as const } },
    { who: 'home officer', user: nstcOfficer, on: state, resource: call(state), expect: { see: true, manage: 'allowed' as const } },
    { who: 'partner officer', user: gacrOfficer, on: state, resource: call(state), expect: { see: true, manage: 'allowed' as const } },
    { who: 'third-agency officer', user: dfgOfficer, on: state, resource: call(state), expect: { see: false, manage: 'hidden' as const } },
    { who: 'researcher', user: researcher, on: state, resource: call(state), expect: { see: false, manage: 'hidden' as const } },
    { who: 'reviewer', user: reviewer, on: state, resource: call(state), expect: { see: false, manage: 'hidden' as const } },
  ]),
  ...[CallState.Published, CallState.Closed, CallState.InReview, CallState.InDecision, CallState.Finalized].flatMap((state) => [
    { who: 'home officer', user: nstcOfficer, on: state, resource: call(state), expect: { see: true, manage: 'allowed' as const } },
    { who: 'partner officer', user: gacrOfficer, on: state, resource: call(state), expect: { see: true, manage: 'allowed' as const } },
    {
      who: 'third-agency officer',
      user: dfgOfficer,
      on: state,
      resource: call(state),
      expect: { see: true, manage: 'forbidden' as const },
    },
    { who: 'researcher', user: researcher, on: state, resource: call(state), expect: { see: true, manage: 'forbidden' as const } },
  ]),
]);
