import { awaitedAgencies, jointEligibility } from './eligibility.rules';
import { ProposalAction } from './proposal-state';

describe(jointEligibility.name, () => {
  const agencies: [string, string] = ['nstc', 'gacr'];

  it.each([
    [[], ProposalAction.AwaitVerdict],
    [[{ agencyId: 'nstc', eligible: true }], ProposalAction.AwaitVerdict],
    [[{ agencyId: 'gacr', eligible: true }], ProposalAction.AwaitVerdict],
    [[{ agencyId: 'nstc', eligible: false }], ProposalAction.MarkIneligible],
    [[{ agencyId: 'gacr', eligible: false }], ProposalAction.MarkIneligible],
    [
      [
        { agencyId: 'nstc', eligible: true },
        { agencyId: 'gacr', eligible: true },
      ],
      ProposalAction.MarkEligible,
    ],
    [
      [
        { agencyId: 'nstc', eligible: true },
        { agencyId: 'gacr', eligible: false },
      ],
      ProposalAction.MarkIneligible,
    ],
    [
      [
        { agencyId: 'nstc', eligible: false },
        { agencyId: 'gacr', eligible: false },
      ],
      ProposalAction.MarkIneligible,
    ],
  ])('%j → %s', (verdicts, outcome) => {
    expect(jointEligibility(verdicts, agencies)).toBe(outcome);
  });

  it('ignores a verdict from an agency that is not party to the call', () => {
    expect(jointEligibility([{ agencyId: 'dfg', eligible: false }], agencies)).toBe(ProposalAction.AwaitVerdict);
  });
});

describe(awaitedAgencies.name, () => {
  const agencies: [string, string] = ['nstc', 'gacr'];

  it.each([
    [[], ['nstc', 'gacr']],
    [[{ agencyId: 'gacr' }], ['nstc']],
    [[{ agencyId: 'nstc' }], ['gacr']],
    [[{ agencyId: 'nstc' }, { agencyId: 'gacr' }], []],
  ])('%j leaves %j awaited', (verdicts, awaited) => {
    expect(awaitedAgencies(verdicts, agencies)).toEqual(awaited);
  });
});
