import { jointEligibility } from './eligibility.rules';
import { ProposalAction } from './proposal-state';

describe(jointEligibility.name, () => {
  const agencies: [string, string] = ['nstc', 'gacr'];

  it.each([
    [[], ProposalAction.RecordVerdict],
    [[{ agencyId: 'nstc', eligible: true }], ProposalAction.RecordVerdict],
    [[{ agencyId: 'gacr', eligible: true }], ProposalAction.RecordVerdict],
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
    expect(jointEligibility([{ agencyId: 'dfg', eligible: false }], agencies)).toBe(ProposalAction.RecordVerdict);
  });
});
