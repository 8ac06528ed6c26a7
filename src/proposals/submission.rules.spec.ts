import { acceptsSubmissions, checkSubmission, SubmissionCandidate, SubmissionTerms } from './submission.rules';
import { Side, TeamRole } from './team-member.entity';

const confirmed = new Date('2027-02-01T00:00:00Z');
const complete = (): SubmissionCandidate => ({
  title: 'Quantum sensors',
  abstract: 'We measure things.',
  keywords: ['quantum'],
  scientificField: 'physics',
  durationMonths: 36,
  homeBudget: '3000000.00',
  partnerBudget: '2500000',
  team: [
    { role: TeamRole.PrincipalInvestigator, side: Side.Home, confirmedAt: confirmed },
    { role: TeamRole.PrincipalInvestigator, side: Side.Partner, confirmedAt: confirmed },
    { role: TeamRole.CoInvestigator, side: Side.Home, confirmedAt: null },
  ],
  attachmentKinds: ['project-description', 'cv'],
});
const terms: SubmissionTerms = {
  durationLimitMonths: 36,
  homeMaxPerProposal: '3000000.00',
  partnerMaxPerProposal: '2500000.00',
  requiredAttachmentKinds: ['project-description', 'cv'],
  currencies: { home: 'TWD', partner: 'CZK' },
};

describe(checkSubmission.name, () => {
  it('accepts a complete proposal at exactly the caps', () => {
    expect(checkSubmission(complete(), terms)).toEqual([]);
  });

  it('lists every unmet rule at once', () => {
    const proposal: SubmissionCandidate = {
      ...complete(),
      abstract: ' ',
      keywords: [],
      scientificField: null,
      durationMonths: 37,
      homeBudget: '3000000.01',
      partnerBudget: null,
      team: [
        { role: TeamRole.PrincipalInvestigator, side: Side.Home, confirmedAt: confirmed },
        { role: TeamRole.PrincipalInvestigator, side: Side.Partner, confirmedAt: null },
      ],
      attachmentKinds: ['cv'],
    };
    expect(checkSubmission(proposal, terms)).toEqual([
      { field: 'abstract', message: 'the abstract is empty' },
      { field: 'keywords', message: 'at least one keyword is needed' },
      { field: 'scientificField', message: 'the scientific field is missing' },
      { field: 'team.partnerPi', message: 'the partner principal investigator has not confirmed participation' },
      { field: 'attachments.project-description', message: 'the required attachment "project-description" is missing' },
      { field: 'homeBudget', message: '3000000.01 TWD exceeds the cap of 3000000.00 TWD per proposal' },
      { field: 'partnerBudget', message: 'the requested budget is missing' },
      { field: 'durationMonths', message: "37 months exceeds the call's limit of 36" },
    ]);
  });

  it('notices a PI who was never invited', () => {
    const proposal = { ...complete(), team: complete().team.filter((member) => member.side === Side.Home) };
    expect(checkSubmission(proposal, terms)).toEqual([
      { field: 'team.partnerPi', message: 'the partner principal investigator has not been invited' },
    ]);
  });

  it('does not count a co-investigator as the PI', () => {
    const proposal = {
      ...complete(),
      team: [
        { role: TeamRole.PrincipalInvestigator, side: Side.Home, confirmedAt: confirmed },
        { role: TeamRole.CoInvestigator, side: Side.Partner, confirmedAt: confirmed },
      ],
    };
    expect(checkSubmission(proposal, terms).map((problem) => problem.field)).toEqual(['team.partnerPi']);
  });
});

describe(acceptsSubmissions.name, () => {
  const call = { state: 'PUBLISHED', opensAt: new Date('2027-01-01T00:00:00Z'), closesAt: new Date('2027-03-31T09:00:00Z') };

  it('accepts from the opening up to, not including, the deadline', () => {
    expect(acceptsSubmissions(call, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(acceptsSubmissions(call, new Date('2027-03-31T08:59:59.999Z'))).toBe(true);
    expect(acceptsSubmissions(call, new Date('2027-03-31T09:00:00Z'))).toBe(false);
    expect(acceptsSubmissions(call, new Date('2026-12-31T23:59:59Z'))).toBe(false);
  });

  it('accepts nothing while the call is not published', () => {
    for (const state of ['DRAFT', 'CLOSED', 'CANCELLED', 'IN_REVIEW'])
      expect(acceptsSubmissions({ ...call, state }, new Date('2027-02-01T00:00:00Z'))).toBe(false);
  });
});
