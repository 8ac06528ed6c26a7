import { CallState } from '../calls/call-state';
import { checkCallContent } from '../calls/call.rules';
import { ProposalState } from '../proposals/proposal-state';
import { acceptsSubmissions, checkSubmission, SubmissionCandidate } from '../proposals/submission.rules';
import { DemoCall, demoCalls, DemoProposal } from './demo-calls.data';
import { AGENCIES, AGREEMENTS } from './reference.data';

const now = new Date('2026-03-10T05:30:00Z');
const story = demoCalls(now);
const currency = (code: string) => AGENCIES.find((agency) => agency.code === code)!.currency;

const candidate = (proposal: DemoProposal): SubmissionCandidate => ({
  ...proposal,
  team: proposal.team.map((member) => ({
    role: member.role,
    side: member.side,
    confirmedAt: 'account' in member && !member.confirmed ? null : now,
  })),
  attachmentKinds: proposal.attachmentKinds,
});

const terms = (call: DemoCall) => ({
  ...call,
  currencies: { home: 'TWD', partner: currency(call.partner) },
});

describe('demo calls', () => {
  it('has one call in every state, each with a real counterpart', () => {
    expect(story.map((call) => call.state).sort()).toEqual(Object.values(CallState).sort());
    for (const call of story) expect(AGENCIES.some((agency) => agency.code === call.partner && !agency.isHome)).toBe(true);
  });

  it('keeps every call valid by the rules the API applies', () => {
    for (const call of story) {
      const budget = (amount: string, code: string) => ({ amount, currency: currency(code) });
      const problems = checkCallContent(
        {
          ...call,
          budgets: {
            home: { maxPerProposal: budget(call.homeMaxPerProposal, 'NSTC'), total: budget(call.homeTotalBudget, 'NSTC') },
            partner: {
              maxPerProposal: budget(call.partnerMaxPerProposal, call.partner),
              total: budget(call.partnerTotalBudget, call.partner),
            },
          },
        },
        {
          home: { currency: 'TWD' },
          partner: { id: call.partner, currency: currency(call.partner), isHome: false },
          agreementRequested: false,
        },
      );
      expect({ call: call.title, problems }).toEqual({ call: call.title, problems: [] });
    }
  });

  it('dates the calls around the seed time as their states say', () => {
    const byState = new Map(story.map((call) => [call.state, call]));
    expect(acceptsSubmissions(byState.get(CallState.Published)!, now)).toBe(true);
    expect(byState.get(CallState.Draft)!.opensAt > now).toBe(true);
    for (const state of [CallState.Closed, CallState.InReview, CallState.InDecision, CallState.Finalized])
      expect(byState.get(state)!.closesAt < now).toBe(true);
    expect(byState.get(CallState.Finalized)!.decisionExpectedAt < now).toBe(true);
  });

  it('names only agreements the seed loads, and titles that stay the same from one run to the next', () => {
    const later = demoCalls(new Date(now.getTime() + 400 * 24 * 3600 * 1000));
    expect(later.map((call) => call.title)).toEqual(story.map((call) => call.title));
    expect(later.flatMap((call) => call.proposals.map((proposal) => proposal.title))).toEqual(
      story.flatMap((call) => call.proposals.map((proposal) => proposal.title)),
    );
    for (const call of story.filter((candidate) => candidate.state !== CallState.Cancelled))
      expect(AGREEMENTS.some((agreement) => agreement.partner === call.partner)).toBe(true);
  });

  it('has only proposals that passed the submission rules once submitted, within the call dates', () => {
    for (const call of story) {
      for (const proposal of call.proposals.filter((candidate) => candidate.submittedAt)) {
        expect({ proposal: proposal.title, problems: checkSubmission(candidate(proposal), terms(call)) }).toEqual({
          proposal: proposal.title,
          problems: [],
        });
        expect(proposal.submittedAt! > call.opensAt && proposal.submittedAt! < call.closesAt && proposal.submittedAt! < now).toBe(true);
        expect(call.scientificFields).toContain(proposal.scientificField);
      }
    }
  });

  it('leaves the complete draft of the open call short only of the two CVs', () => {
    const open = story.find((call) => call.state === CallState.Published)!;
    const drafts = open.proposals.filter((proposal) => proposal.state === ProposalState.Draft);
    expect(drafts).toHaveLength(2);
    const complete = drafts.find((draft) => draft.attachmentKinds.length > 0)!;
    expect(checkSubmission(candidate(complete), terms(open)).map((problem) => problem.field)).toEqual([
      'attachments.cv-home-pi',
      'attachments.cv-partner-pi',
    ]);
  });
});
