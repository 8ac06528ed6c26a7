import { ReportState } from '../awards/report-state';
import { CallState } from '../calls/call-state';
import { toCents } from '../common/money/money';
import { DecisionKind } from '../decisions/decision.entity';
import { JointOutcome, jointOutcome } from '../decisions/decision.rules';
import { ProposalState } from '../proposals/proposal-state';
import { demoCalls, taipeiTime } from './demo-calls.data';
import { DemoDecided, finalizedStory, inDecisionStory } from './demo-decisions.data';

const now = new Date('2026-03-10T05:30:00Z');
const at = (days: number, hour = 10) => taipeiTime(now, days, hour);
const calls = demoCalls(now);
const inDecision = inDecisionStory(at);
const finalized = finalizedStory(at);
const callIn = (state: CallState) => calls.find((call) => call.state === state)!;

const committed = (decided: DemoDecided[], side: 'home' | 'partner') =>
  decided.reduce((sum, entry) => sum + (entry[side]?.decision === DecisionKind.Fund ? toCents(entry[side].amount!) : 0n), 0n);

describe('demo decisions', () => {
  it('gives the call in decision every combination of the two decisions that tells something apart', () => {
    const combinations = inDecision.map((entry) => `${entry.home?.decision ?? '-'}/${entry.partner?.decision ?? '-'}`);
    expect(new Set(combinations).size).toBe(combinations.length);
    expect(new Set(inDecision.map((entry) => jointOutcome(entry.home?.decision, entry.partner?.decision)))).toEqual(
      new Set(Object.values(JointOutcome)),
    );
    expect(combinations).toEqual(
      expect.arrayContaining([
        'FUND/FUND',
        'FUND/REJECT',
        'REJECT/FUND',
        'FUND/WAITLIST',
        'WAITLIST/WAITLIST',
        'REJECT/REJECT',
        'FUND/-',
        '-/FUND',
        '-/-',
      ]),
    );
  });

  it('nearly spends the partner agency’s budget, and exceeds no budget', () => {
    for (const [state, decided] of [
      [CallState.InDecision, inDecision],
      [CallState.Finalized, finalized],
    ] as const) {
      const call = callIn(state);
      expect(committed(decided, 'home')).toBeLessThanOrEqual(toCents(call.homeTotalBudget));
      expect(committed(decided, 'partner')).toBeLessThanOrEqual(toCents(call.partnerTotalBudget));
    }
    const lmt = callIn(CallState.InDecision);
    const remaining = toCents(lmt.partnerTotalBudget) - committed(inDecision, 'partner');
    expect(remaining * 50n).toBeLessThan(toCents(lmt.partnerTotalBudget)); // under 2% left
  });

  it('funds no more than was asked of each agency', () => {
    for (const entry of [...inDecision, ...finalized]) {
      if (entry.home?.decision === DecisionKind.Fund)
        expect(toCents(entry.home.amount!)).toBeLessThanOrEqual(toCents(entry.proposal.homeBudget!));
      if (entry.partner?.decision === DecisionKind.Fund)
        expect(toCents(entry.partner.amount!)).toBeLessThanOrEqual(toCents(entry.proposal.partnerBudget!));
    }
  });

  it('gives the finalized call outcomes that follow its decisions, and awards with reports in every state', () => {
    for (const entry of finalized) {
      const outcome = jointOutcome(entry.home?.decision, entry.partner?.decision);
      expect({ title: entry.proposal.title, state: entry.proposal.state }).toEqual({
        title: entry.proposal.title,
        state: outcome as string as ProposalState,
      });
      expect(entry.reports !== undefined).toBe(outcome === JointOutcome.Awarded);
    }
    const states = new Set(finalized.flatMap((entry) => entry.reports ?? []).map((report) => report.state));
    expect(states).toEqual(new Set(Object.values(ReportState)));
    expect(inDecision.every((entry) => entry.proposal.state === ProposalState.UnderReview)).toBe(true);
  });
});
