import { CALL_ERRORS } from '../calls/call.errors';
import { isPartyOfficer } from '../calls/call-access';
import { CallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { definePolicy } from '../common/access/access-policy';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { PROPOSAL_ERRORS } from '../proposals/proposal.errors';
import { LIVE_ASSIGNMENT_STATES, ReviewAssignmentState } from './review-assignment-state';
import { REVIEW_ERRORS } from './reviews.errors';

type Parties = Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>;
const isAdmin = (user: Principal) => hasRole(user, Role.Admin);
const isAgencyStaff = (user: Principal, call: Parties) => isAdmin(user) || isPartyOfficer(user, call);

export interface ReviewerProfileSubject {
  userId: string;
  recruitingAgencyId: string;
}

/**
 * Officers and admins see the reviewer directory, so that either agency of a call can find reviewers; a reviewer
 * sees their own profile. The reviewer keeps it, and so do the officers of the agency that recruited them.
 */
export const REVIEWER_PROFILE_ACCESS = definePolicy<ReviewerProfileSubject, 'edit'>({
  hidden: REVIEW_ERRORS.REVIEWER_NOT_FOUND,
  canSee: (user, profile) => isAdmin(user) || hasRole(user, Role.Officer) || user.id === profile.userId,
  permissions: {
    edit: {
      allows: (user, profile) =>
        isAdmin(user) || user.id === profile.userId || (hasRole(user, Role.Officer) && user.agencyId === profile.recruitingAgencyId),
      refusal: REVIEW_ERRORS.REVIEWER_EDIT_FORBIDDEN,
    },
  },
});

export interface ReviewAssignmentSubject {
  assignment: { reviewerId: string };
  call: Parties;
}

/**
 * An assignment is the business of the call's two agencies (they assign, move the due date, remove) and of its
 * reviewer (who answers the invitation and writes the review); a third agency and everyone else see nothing.
 */
export const REVIEW_ASSIGNMENT_ACCESS = definePolicy<ReviewAssignmentSubject, 'manage' | 'respond'>({
  hidden: REVIEW_ERRORS.REVIEW_ASSIGNMENT_NOT_FOUND,
  canSee: (user, { assignment, call }) => isAgencyStaff(user, call) || assignment.reviewerId === user.id,
  permissions: {
    manage: { allows: (user, { call }) => isPartyOfficer(user, call), refusal: REVIEW_ERRORS.REVIEW_OFFICER_REQUIRED },
    respond: {
      allows: (user, { assignment }) => assignment.reviewerId === user.id && hasRole(user, Role.Reviewer),
      refusal: REVIEW_ERRORS.REVIEW_ASSIGNEE_REQUIRED,
    },
  },
});

export interface ProposalReviewsSubject {
  call: Parties & Pick<Call, 'state'>;
  /** The accounts on the proposal's team. */
  teamUserIds: readonly string[];
  /** The caller's own assignment to the proposal, if they have one. */
  ownAssignment: ReviewAssignmentState | null;
}

/** Who reads a proposal's reviews, and so how much of them. */
export enum ReviewAudience {
  /** Officers of the call's agencies and admins: everything, names included. */
  Agencies = 'AGENCIES',
  /** A reviewer who submitted their own: the others' scores and comments, never their names or confidential comments. */
  Reviewer = 'REVIEWER',
  /** The team once the call is finalized: the comments to applicants, without names or confidential comments. */
  Applicants = 'APPLICANTS',
}

const isLiveReviewer = (subject: ProposalReviewsSubject) =>
  subject.ownAssignment !== null && LIVE_ASSIGNMENT_STATES.includes(subject.ownAssignment);

/**
 * The blindness rules of the design. Those who see the proposal see that it has reviews; reading them needs the
 * agencies' staff, or a reviewer who submitted their own, or a team member once the call is FINALIZED. A third
 * agency, a removed or declining reviewer and strangers see nothing (404).
 */
export const PROPOSAL_REVIEWS_ACCESS = definePolicy<ProposalReviewsSubject, 'read'>({
  hidden: PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND,
  canSee: (user, subject) => isAgencyStaff(user, subject.call) || subject.teamUserIds.includes(user.id) || isLiveReviewer(subject),
  permissions: {
    read: { allows: (user, subject) => reviewAudience(user, subject) !== null, refusal: REVIEW_ERRORS.REVIEWS_NOT_YET_VISIBLE },
  },
});

/** What the caller may read of the reviews, or null when nothing yet. Agencies first, then reviewer, then team. */
export function reviewAudience(user: Principal, subject: ProposalReviewsSubject): ReviewAudience | null {
  if (isAgencyStaff(user, subject.call)) return ReviewAudience.Agencies;
  if (subject.ownAssignment === ReviewAssignmentState.Submitted) return ReviewAudience.Reviewer;
  if (subject.teamUserIds.includes(user.id) && subject.call.state === CallState.Finalized) return ReviewAudience.Applicants;
  return null;
}

/**
 * The ranking is the agencies' working document, made of reviews: their officers (and admins) read it; for anyone
 * else, a third agency included, there is no such thing (404), even where the call itself is public.
 */
export const RANKING_ACCESS = definePolicy<Parties, never>({
  // Hidden answers exactly as a call that does not exist, so that a third agency learns nothing of the call.
  hidden: CALL_ERRORS.CALL_NOT_FOUND,
  canSee: isAgencyStaff,
  permissions: {},
});
