import { ProposalState } from '../proposals/proposal-state';
import { conflictsOf } from '../reviews/conflicts.rules';
import { ReviewAssignmentState } from '../reviews/review-assignment-state';
import { reviewProblems } from '../reviews/review.rules';
import { demoCalls } from './demo-calls.data';
import { demoAssignments, DEMO_REVIEWERS, IN_REVIEW_CALL } from './demo-reviews.data';
import { AGENCIES } from './reference.data';

const now = new Date('2026-03-10T05:30:00Z');
const call = demoCalls(now).find((candidate) => candidate.title === IN_REVIEW_CALL)!;
const assignments = demoAssignments(now);

describe('demo reviews', () => {
  it('gives every agency a pool of reviewers', () => {
    for (const agency of AGENCIES)
      expect(DEMO_REVIEWERS.filter((reviewer) => reviewer.agency === agency.code).length).toBeGreaterThanOrEqual(2);
  });

  it('has, in the call in review, assignments in every state to its proposals under review', () => {
    expect(new Set(assignments.map((assignment) => assignment.state))).toEqual(new Set(Object.values(ReviewAssignmentState)));
    for (const assignment of assignments) {
      const proposal = call.proposals.find((candidate) => candidate.title === assignment.proposal);
      expect(proposal?.state).toBe(ProposalState.UnderReview);
      const reviewer = DEMO_REVIEWERS.find((candidate) => candidate.email === assignment.reviewer)!;
      expect(['NSTC', call.partner]).toContain(reviewer.agency);
    }
  });

  it('assigns no reviewer with a conflict of interest', () => {
    for (const assignment of assignments) {
      const proposal = call.proposals.find((candidate) => candidate.title === assignment.proposal)!;
      const reviewer = DEMO_REVIEWERS.find((candidate) => candidate.email === assignment.reviewer)!;
      const team = proposal.team.map((member) =>
        'person' in member
          ? { ...member.person, userId: null }
          : { name: member.account, email: member.account, institution: '', userId: null },
      );
      const conflicts = conflictsOf({
        reviewer: { userId: reviewer.email, email: reviewer.email, emailDomain: reviewer.emailDomain, institution: reviewer.institution },
        proposal: { id: proposal.title, team },
        competitors: [],
        declared: [],
        alreadyAssigned: false,
        aliases: new Map(),
      });
      expect({ assignment: `${assignment.reviewer} on ${proposal.acronym}`, conflicts }).toEqual({
        assignment: `${assignment.reviewer} on ${proposal.acronym}`,
        conflicts: [],
      });
    }
  });

  it('writes submitted reviews the API would accept, and drafts it would save', () => {
    for (const { state, review } of assignments) {
      if (!review) continue;
      const complete = state === ReviewAssignmentState.Submitted;
      expect(reviewProblems(call.reviewCriteria, review, complete)).toEqual([]);
      expect(review.submittedAt !== undefined).toBe(complete);
    }
  });
});
