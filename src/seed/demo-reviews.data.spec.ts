import { ProposalState } from '../proposals/proposal-state';
import { ReviewAssignmentState } from '../reviews/review-assignment-state';
import { reviewProblems } from '../reviews/review.rules';
import { DemoCall, demoCalls } from './demo-calls.data';
import {
  DemoAssignment,
  decidedCallsAssignments,
  demoConflicts,
  demoAssignments,
  DEMO_REVIEWERS,
  IN_REVIEW_CALL,
} from './demo-reviews.data';
import { AGENCIES } from './reference.data';

const now = new Date('2026-03-10T05:30:00Z');
const calls = demoCalls(now);
const call = calls.find((candidate) => candidate.title === IN_REVIEW_CALL)!;
const assignments = demoAssignments(now);
/** Every call's assignments: the call in review's, and the decided calls'. */
const everyCall: [DemoCall, DemoAssignment[]][] = [
  [call, assignments],
  ...decidedCallsAssignments(now).map(({ callTitle, assignments: theirs }): [DemoCall, DemoAssignment[]] => [
    calls.find((candidate) => candidate.title === callTitle)!,
    theirs,
  ]),
];

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

  it('gives every proposal of the decided calls two submitted reviews, one from each agency’s pool, in the review period', () => {
    for (const [decided, theirs] of everyCall.slice(1)) {
      expect(theirs.length).toBe(decided.proposals.length * 2);
      for (const proposal of decided.proposals) {
        const reviews = theirs.filter((assignment) => assignment.proposal === proposal.title);
        const agencies = reviews.map((assignment) => DEMO_REVIEWERS.find((candidate) => candidate.email === assignment.reviewer)!.agency);
        expect(agencies).toEqual(['NSTC', decided.partner]);
        for (const { state, assignedAt, review } of reviews) {
          expect(state).toBe(ReviewAssignmentState.Submitted);
          expect(assignedAt > decided.closesAt && review!.submittedAt! > assignedAt && review!.submittedAt! < decided.reviewDueAt).toBe(
            true,
          );
        }
      }
    }
  });

  it('assigns no reviewer with a conflict of interest', () => {
    for (const [assigning, theirs] of everyCall)
      for (const assignment of theirs) {
        const proposal = assigning.proposals.find((candidate) => candidate.title === assignment.proposal)!;
        const reviewer = DEMO_REVIEWERS.find((candidate) => candidate.email === assignment.reviewer)!;
        const conflicts = demoConflicts(reviewer, proposal);
        expect({ assignment: `${assignment.reviewer} on ${proposal.acronym}`, conflicts }).toEqual({
          assignment: `${assignment.reviewer} on ${proposal.acronym}`,
          conflicts: [],
        });
      }
  });

  it('writes submitted reviews the API would accept, and drafts it would save', () => {
    for (const [assigning, theirs] of everyCall)
      for (const { state, review } of theirs) {
        if (!review) continue;
        const complete = state === ReviewAssignmentState.Submitted;
        expect(reviewProblems(assigning.reviewCriteria, review, complete)).toEqual([]);
        expect(review.submittedAt !== undefined).toBe(complete);
      }
  });
});
