import { ConflictCheck, ConflictReason, conflictsOf, DeclaredConflictKind, Person } from './conflicts.rules';

const R = ConflictReason;
const PROPOSAL_ID = 'proposal-1';

const homePi: Person = { userId: 'u-home', name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' };
const partnerPi: Person = { userId: 'u-partner', name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University' };
const coInvestigator: Person = { userId: null, name: 'Lin Wei', email: 'lin.wei@gmail.com', institution: 'Academia Sinica' };

/** A reviewer with no tie to the proposal: every row changes one thing. */
const base: ConflictCheck = {
  reviewer: { userId: 'u-reviewer', email: 'weber@kit.edu', emailDomain: 'kit.edu', institution: 'Karlsruhe Institute of Technology' },
  proposal: { id: PROPOSAL_ID, team: [homePi, partnerPi, coInvestigator] },
  competitors: [{ userId: 'u-other', email: 'other@ethz.ch' }],
  declared: [],
  alreadyAssigned: false,
  aliases: new Map([['ntu', 'national taiwan university']]),
};
const reviewer = (changes: Partial<ConflictCheck['reviewer']>) => ({ ...base.reviewer, ...changes });

const CASES: [string, ConflictCheck, ConflictReason[]][] = [
  ['no tie at all', base, []],
  ['on the team by account', { ...base, reviewer: reviewer({ userId: 'u-partner' }) }, [R.OnTeam]],
  ['on the team by e-mail, without an account link', { ...base, reviewer: reviewer({ email: 'LIN.WEI@gmail.com' }) }, [R.OnTeam]],
  ['same institution as the home PI', { ...base, reviewer: reviewer({ institution: 'Natl. Taiwan Univ.' }) }, [R.SameInstitution]],
  ['same institution through an admin alias', { ...base, reviewer: reviewer({ institution: 'NTU' }) }, [R.SameInstitution]],
  ['a different institution with a similar name', { ...base, reviewer: reviewer({ institution: 'National Tsing Hua University' }) }, []],
  ['same institutional e-mail domain', { ...base, reviewer: reviewer({ emailDomain: 'cuni.cz' }) }, [R.SameEmailDomain]],
  ['same webmail domain is no conflict', { ...base, reviewer: reviewer({ email: 'x@gmail.com', emailDomain: 'gmail.com' }) }, []],
  ['e-mail domain compared without case', { ...base, reviewer: reviewer({ emailDomain: 'NTU.edu.tw' }) }, [R.SameEmailDomain]],
  ['competitor by account', { ...base, reviewer: reviewer({ userId: 'u-other' }) }, [R.Competitor]],
  ['competitor by e-mail', { ...base, reviewer: reviewer({ email: 'Other@ethz.ch' }) }, [R.Competitor]],
  [
    'declared conflict with the proposal',
    { ...base, declared: [{ kind: DeclaredConflictKind.Proposal, proposalId: PROPOSAL_ID }] },
    [R.Declared],
  ],
  [
    'declared conflict with another proposal',
    { ...base, declared: [{ kind: DeclaredConflictKind.Proposal, proposalId: 'proposal-2' }] },
    [],
  ],
  [
    'declared conflict with a team member',
    { ...base, declared: [{ kind: DeclaredConflictKind.Person, personEmail: 'Novakova@cuni.cz' }] },
    [R.Declared],
  ],
  ['declared conflict with someone else', { ...base, declared: [{ kind: DeclaredConflictKind.Person, personEmail: 'x@cuni.cz' }] }, []],
  [
    "declared conflict with a team member's institution, by alias",
    { ...base, declared: [{ kind: DeclaredConflictKind.Institution, institution: 'NTU' }] },
    [R.Declared],
  ],
  ['already assigned', { ...base, alreadyAssigned: true }, [R.AlreadyAssigned]],
  [
    'every reason at once, in order',
    {
      ...base,
      reviewer: { userId: 'u-home', email: 'mlchen@ntu.edu.tw', emailDomain: 'ntu.edu.tw', institution: 'Charles University' },
      competitors: [{ userId: 'u-home', email: 'mlchen@ntu.edu.tw' }],
      declared: [
        { kind: DeclaredConflictKind.Proposal, proposalId: PROPOSAL_ID },
        { kind: DeclaredConflictKind.Person, personEmail: 'lin.wei@gmail.com' },
      ],
      alreadyAssigned: true,
    },
    [R.OnTeam, R.SameInstitution, R.Competitor, R.Declared, R.Declared, R.AlreadyAssigned],
  ],
];

describe(conflictsOf.name, () => {
  it.each(CASES)('%s', (_name, check, reasons) => {
    expect(conflictsOf(check).map((conflict) => conflict.reason)).toEqual(reasons);
  });

  it('names the people and institutions at fault', () => {
    expect(conflictsOf({ ...base, reviewer: reviewer({ institution: 'NTU', emailDomain: 'cuni.cz' }) })).toEqual([
      { reason: R.SameInstitution, message: "the reviewer's institution is that of Chen Mei-ling (National Taiwan University)" },
      { reason: R.SameEmailDomain, message: "the reviewer's e-mail domain cuni.cz is that of Jana Nováková" },
    ]);
  });

  it('does not count the reviewer as their own colleague', () => {
    const onTeam = { ...base, reviewer: { userId: 'u-home', email: 'mlchen@ntu.edu.tw', emailDomain: 'ntu.edu.tw', institution: 'NTU' } };
    expect(conflictsOf(onTeam).map((conflict) => conflict.reason)).toEqual([R.OnTeam]);
  });
});
