import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import { TeamRole } from '../proposals/team-member.entity';
import { AWARD_ACCESS, AwardAccessSubject } from './award-access';

const user = (id: string, roles: Role[], agencyId: string | null = null): Principal => ({
  id,
  roles,
  agencyId,
  language: Language.English,
});
const confirmed = new Date('2027-01-10T00:00:00Z');
const award: AwardAccessSubject = {
  call: { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' },
  team: [
    { role: TeamRole.PrincipalInvestigator, userId: 'home-pi', confirmedAt: confirmed },
    { role: TeamRole.PrincipalInvestigator, userId: 'partner-pi', confirmedAt: confirmed },
    { role: TeamRole.CoInvestigator, userId: 'co-investigator', confirmedAt: null },
  ],
};

describePolicy('AWARD_ACCESS', AWARD_ACCESS, [
  {
    who: 'home PI',
    user: user('home-pi', [Role.Researcher]),
    on: 'their award',
    resource: award,
    expect: { see: true, report: 'allowed', review: 'forbidden' },
  },
  {
    who: 'partner PI',
    user: user('partner-pi', [Role.Researcher]),
    on: 'their award',
    resource: award,
    expect: { see: true, report: 'allowed', review: 'forbidden' },
  },
  {
    who: 'co-investigator',
    user: user('co-investigator', [Role.Researcher]),
    on: 'an award',
    resource: award,
    expect: { see: false, report: 'hidden', review: 'hidden' },
  },
  {
    who: 'another researcher',
    user: user('stranger', [Role.Researcher]),
    on: 'an award',
    resource: award,
    expect: { see: false, report: 'hidden', review: 'hidden' },
  },
  {
    who: 'home officer',
    user: user('nstc-officer', [Role.Officer], 'nstc'),
    on: 'their call',
    resource: award,
    expect: { see: true, report: 'forbidden', review: 'allowed' },
  },
  {
    who: 'partner officer',
    user: user('gacr-officer', [Role.Officer], 'gacr'),
    on: 'their call',
    resource: award,
    expect: { see: true, report: 'forbidden', review: 'allowed' },
  },
  {
    who: 'third-agency officer',
    user: user('dfg-officer', [Role.Officer], 'dfg'),
    on: 'another call',
    resource: award,
    expect: { see: false, report: 'hidden', review: 'hidden' },
  },
  {
    who: 'admin',
    user: user('admin', [Role.Admin]),
    on: 'any award',
    resource: award,
    expect: { see: true, report: 'forbidden', review: 'forbidden' },
  },
]);
