import { DecisionKind } from './decision.entity';
import { checkDecision, JointOutcome, jointOutcome, missingDecisions } from './decision.rules';

const { Fund, Reject, Waitlist } = DecisionKind;

describe(jointOutcome.name, () => {
  it.each([
    [undefined, undefined, JointOutcome.Undecided],
    [Fund, undefined, JointOutcome.Undecided],
    [undefined, Fund, JointOutcome.Undecided],
    [Reject, undefined, JointOutcome.Undecided],
    [undefined, Waitlist, JointOutcome.Undecided],
    [Fund, Fund, JointOutcome.Awarded],
    [Fund, Reject, JointOutcome.Rejected],
    [Reject, Fund, JointOutcome.Rejected],
    [Reject, Reject, JointOutcome.Rejected],
    [Reject, Waitlist, JointOutcome.Rejected],
    [Waitlist, Reject, JointOutcome.Rejected],
    [Fund, Waitlist, JointOutcome.Waitlisted],
    [Waitlist, Fund, JointOutcome.Waitlisted],
    [Waitlist, Waitlist, JointOutcome.Waitlisted],
  ])('home %s and partner %s make %s', (home, partner, outcome) => {
    expect(jointOutcome(home, partner)).toBe(outcome);
  });
});

describe(checkDecision.name, () => {
  const nstc = { currency: 'TWD', requested: '2800000.00' };

  it('accepts a FUND of at most the requested amount in the agency currency', () => {
    expect(checkDecision({ decision: Fund, amount: { amount: '2800000', currency: 'TWD' } }, nstc)).toEqual([]);
    expect(checkDecision({ decision: Fund, amount: { amount: '0.01', currency: 'TWD' } }, nstc)).toEqual([]);
  });

  it('accepts REJECT and WAITLIST without an amount', () => {
    expect(checkDecision({ decision: Reject }, nstc)).toEqual([]);
    expect(checkDecision({ decision: Waitlist }, { currency: 'TWD', requested: null })).toEqual([]);
  });

  it('lists every problem of a FUND at once', () => {
    expect(checkDecision({ decision: Fund, amount: { amount: '2800000.01', currency: 'CZK' } }, nstc)).toEqual([
      { field: 'amount.currency', message: "must be TWD, your agency's currency" },
      { field: 'amount.amount', message: 'must not exceed 2800000.00 TWD, the amount requested from your agency' },
    ]);
    expect(checkDecision({ decision: Fund, amount: { amount: '0', currency: 'TWD' } }, nstc)).toEqual([
      { field: 'amount.amount', message: 'must be above zero' },
    ]);
    expect(checkDecision({ decision: Fund, amount: { amount: '10', currency: 'TWD' } }, { currency: 'TWD', requested: null })).toEqual([
      { field: 'amount.amount', message: 'nothing was requested from your agency' },
    ]);
  });

  it('wants an amount with FUND and none without', () => {
    expect(checkDecision({ decision: Fund }, nstc)).toEqual([{ field: 'amount', message: 'a FUND decision must name the amount granted' }]);
    expect(checkDecision({ decision: Waitlist, amount: { amount: '1', currency: 'TWD' } }, nstc)).toEqual([
      { field: 'amount', message: 'a WAITLIST decision grants no amount' },
    ]);
  });
});

describe(missingDecisions.name, () => {
  it('names each proposal missing a decision and whose, home first', () => {
    const proposals = [
      { id: 'p1', title: 'Both decided', decidedBy: ['partner', 'home'] },
      { id: 'p2', title: 'Partner missing', decidedBy: ['home'] },
      { id: 'p3', title: 'None yet', decidedBy: [] },
      { id: 'p4', title: 'Home missing', decidedBy: ['partner'] },
    ];
    expect(missingDecisions(proposals, ['home', 'partner'])).toEqual([
      { proposalId: 'p2', title: 'Partner missing', agencyIds: ['partner'] },
      { proposalId: 'p3', title: 'None yet', agencyIds: ['home', 'partner'] },
      { proposalId: 'p4', title: 'Home missing', agencyIds: ['home'] },
    ]);
  });
});
