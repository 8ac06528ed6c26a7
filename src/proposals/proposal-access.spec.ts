import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { PROPOSAL_ACCESS, ProposalAccessSubject } from './proposal-access';
import { TeamRole } from './team-member.entity';

const user = (id: string, roles: Role[], agencyId: string | null = null): Principal => ({
  id,
  roles,
  agencyId,
  language: Language.English,
});
const admin = user('admin', [Role.Admin]);
const nstcOfficer = user('nstc-officer', [Role.Officer], 'nstc');
const gacrOfficer = user('gacr-officer', [Role.Officer], 'gacr');
const dfgOfficer = user('dfg-officer', [Role.Officer], 'dfg');
const homePi = user('home-pi', [Role.Researcher]);
const partnerPi = user('partner-pi', [Role.Researcher]);
const coInvestigator = user('co-investigator', [Role.Researcher]);
const stranger = user('stranger', [Role.Researcher]);
const reviewer = user('reviewer', [Role.Reviewer]);

const confirmed = new Date('2027-01-10T00:00:00Z');
const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' };
/** The partner PI is invited but has not confirmed: no account is linked yet. */
const invited: ProposalAccessSubject = {
  call,
  proposal: {
    team: [
      { role: TeamRole.PrincipalInvestigator, userId: homePi.id, confirmedAt: confirmed },
      { role: TeamRole.PrincipalInvestigator, userId: null, confirmedAt: null },
      { role: TeamRole.CoInvestigator, userId: coInvestigator.id, confirmedAt: null },
      { role: TeamRole.CoInvestigator, userId: null, confirmedAt: null },
    ],
  },
};
const joint: ProposalAccessSubject = {
  call,
  proposal: {
    team: [
      { role: TeamRole.PrincipalInvestigator, userId: homePi.id, confirmedAt: confirmed },
      { role: TeamRole.PrincipalInvestigator, userId: partnerPi.id, confirmedAt: confirmed },
      { role: TeamRole.CoInvestigator, userId: coInvestigator.id, confirmedAt: null },
    ],
  },
};

const hidden = { see: false, actAsPi: 'hidden', actAsOfficer: 'hidden' } as const;

describePolicy('PROPOSAL_ACCESS', PROPOSAL_ACCESS, [
  ...[
    ['an invited proposal', invited],
    ['a joint proposal', joint],
  ].flatMap(
    ([on, resource]) =>
      [
        { who: 'admin', user: admin, on, resource, expect: { see: true, actAsPi: 'forbidden', actAsOfficer: 'forbidden' } as const },
        {
          who: 'home officer',
          user: nstcOfficer,
          on,
          resource,
          expect: { see: true, actAsPi: 'forbidden', actAsOfficer: 'allowed' } as const,
        },
        {
          who: 'partner officer',
          user: gacrOfficer,
          on,
          resource,
          expect: { see: true, actAsPi: 'forbidden', actAsOfficer: 'allowed' } as const,
        },
        { who: 'third-agency officer', user: dfgOfficer, on, resource, expect: hidden },
        { who: 'home PI', user: homePi, on, resource, expect: { see: true, actAsPi: 'allowed', actAsOfficer: 'forbidden' } as const },
        {
          who: 'co-investigator',
          user: coInvestigator,
          on,
          resource,
          expect: { see: true, actAsPi: 'forbidden', actAsOfficer: 'forbidden' } as const,
        },
        { who: 'researcher off the team', user: stranger, on, resource, expect: hidden },
        { who: 'reviewer', user: reviewer, on, resource, expect: hidden },
      ] as {
        who: string;
        user: Principal;
        on: string;
        resource: ProposalAccessSubject;
        expect: typeof hidden | { see: true; actAsPi: 'allowed' | 'forbidden'; actAsOfficer: 'allowed' | 'forbidden' };
      }[],
  ),
  { who: 'invited partner PI before confirming', user: partnerPi, on: 'an invited proposal', resource: invited, expect: hidden },
  {
    who: 'reviewer assigned to it',
    user: reviewer,
    on: 'a joint proposal',
    resource: { ...joint, readers: [reviewer.id] },
    expect: { see: true, actAsPi: 'forbidden', actAsOfficer: 'forbidden' },
  },
  {
    who: 'reviewer assigned to another',
    user: reviewer,
    on: 'a joint proposal',
    resource: { ...joint, readers: ['another-reviewer'] },
    expect: hidden,
  },
  {
    who: 'researcher listed as a reader without the reviewer role',
    user: stranger,
    on: 'a joint proposal',
    resource: { ...joint, readers: [stranger.id] },
    expect: hidden,
  },
  {
    who: 'partner PI once confirmed',
    user: partnerPi,
    on: 'a joint proposal',
    resource: joint,
    expect: { see: true, actAsPi: 'allowed', actAsOfficer: 'forbidden' },
  },
]);
