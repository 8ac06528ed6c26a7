import { CallState } from '../calls/call-state';
import { describePolicy } from '../common/access/access-policy.testing';
import { Principal } from '../common/access/principal';
import { Language, Role } from '../common/identity/role';
import {
  PROPOSAL_REVIEWS_ACCESS,
  ProposalReviewsSubject,
  RANKING_ACCESS,
  REVIEW_ASSIGNMENT_ACCESS,
  REVIEWER_PROFILE_ACCESS,
  ReviewAudience,
  reviewAudience,
} from './review-access';
import { ReviewAssignmentState } from './review-assignment-state';

const user = (id: string, roles: Role[], agencyId: string | null = null): Principal => ({
  id,
  roles,
  agencyId,
  language: Language.English,
});
const admin = user('admin', [Role.Admin]);
const nstcOfficer = user('nstc-officer', [Role.Officer], 'nstc');
const gacrOfficer = user('gacr-officer', [Role.Officer], 'gacr');
const dfgOfficer = user('dfg-officer', [Role.Officer], 'dfg');
const reviewer = user('reviewer', [Role.Reviewer]);
const otherReviewer = user('other-reviewer', [Role.Reviewer]);
const pi = user('pi', [Role.Researcher]);
const stranger = user('stranger', [Role.Researcher]);

const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' };

describePolicy('REVIEWER_PROFILE_ACCESS', REVIEWER_PROFILE_ACCESS, [
  {
    who: 'admin',
    user: admin,
    on: 'a GAČR reviewer',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: true, edit: 'allowed' },
  },
  {
    who: 'the reviewer',
    user: reviewer,
    on: 'their profile',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: true, edit: 'allowed' },
  },
  {
    who: 'recruiting officer',
    user: gacrOfficer,
    on: 'a GAČR reviewer',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: true, edit: 'allowed' },
  },
  {
    who: 'other agency officer',
    user: nstcOfficer,
    on: 'a GAČR reviewer',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: true, edit: 'forbidden' },
  },
  {
    who: 'another reviewer',
    user: otherReviewer,
    on: 'a GAČR reviewer',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: false, edit: 'hidden' },
  },
  {
    who: 'researcher',
    user: pi,
    on: 'a GAČR reviewer',
    resource: { userId: 'reviewer', recruitingAgencyId: 'gacr' },
    expect: { see: false, edit: 'hidden' },
  },
]);

const assignment = { assignment: { reviewerId: 'reviewer' }, call };
describePolicy('REVIEW_ASSIGNMENT_ACCESS', REVIEW_ASSIGNMENT_ACCESS, [
  {
    who: 'admin',
    user: admin,
    on: 'an assignment',
    resource: assignment,
    expect: { see: true, manage: 'forbidden', respond: 'forbidden' },
  },
  {
    who: 'home officer',
    user: nstcOfficer,
    on: 'an assignment',
    resource: assignment,
    expect: { see: true, manage: 'allowed', respond: 'forbidden' },
  },
  {
    who: 'partner officer',
    user: gacrOfficer,
    on: 'an assignment',
    resource: assignment,
    expect: { see: true, manage: 'allowed', respond: 'forbidden' },
  },
  {
    who: 'third-agency officer',
    user: dfgOfficer,
    on: 'an assignment',
    resource: assignment,
    expect: { see: false, manage: 'hidden', respond: 'hidden' },
  },
  {
    who: 'its reviewer',
    user: reviewer,
    on: 'their assignment',
    resource: assignment,
    expect: { see: true, manage: 'forbidden', respond: 'allowed' },
  },
  {
    who: 'another reviewer',
    user: otherReviewer,
    on: 'an assignment',
    resource: assignment,
    expect: { see: false, manage: 'hidden', respond: 'hidden' },
  },
  { who: 'a PI', user: pi, on: 'an assignment', resource: assignment, expect: { see: false, manage: 'hidden', respond: 'hidden' } },
]);

const S = ReviewAssignmentState;
const reviews = (state: CallState, ownAssignment: ReviewAssignmentState | null = null): ProposalReviewsSubject => ({
  call: { ...call, state },
  teamUserIds: ['pi'],
  ownAssignment,
});
const hidden = { see: false, read: 'hidden' } as const;
const visible = { see: true, read: 'allowed' } as const;
const notYet = { see: true, read: 'forbidden' } as const;

describePolicy('PROPOSAL_REVIEWS_ACCESS', PROPOSAL_REVIEWS_ACCESS, [
  { who: 'admin', user: admin, on: 'a call in review', resource: reviews(CallState.InReview), expect: visible },
  { who: 'home officer', user: nstcOfficer, on: 'a call in review', resource: reviews(CallState.InReview), expect: visible },
  { who: 'partner officer', user: gacrOfficer, on: 'a call in review', resource: reviews(CallState.InReview), expect: visible },
  { who: 'third-agency officer', user: dfgOfficer, on: 'a call in review', resource: reviews(CallState.InReview), expect: hidden },
  { who: 'third-agency officer', user: dfgOfficer, on: 'a finalized call', resource: reviews(CallState.Finalized), expect: hidden },
  { who: 'reviewer invited', user: reviewer, on: 'a call in review', resource: reviews(CallState.InReview, S.Invited), expect: notYet },
  {
    who: 'reviewer with a draft',
    user: reviewer,
    on: 'a call in review',
    resource: reviews(CallState.InReview, S.Accepted),
    expect: notYet,
  },
  {
    who: 'reviewer who submitted',
    user: reviewer,
    on: 'a call in review',
    resource: reviews(CallState.InReview, S.Submitted),
    expect: visible,
  },
  {
    who: 'reviewer who declined',
    user: reviewer,
    on: 'a call in review',
    resource: reviews(CallState.InReview, S.Declined),
    expect: hidden,
  },
  { who: 'reviewer removed', user: reviewer, on: 'a finalized call', resource: reviews(CallState.Finalized, S.Removed), expect: hidden },
  { who: 'reviewer not assigned', user: otherReviewer, on: 'a call in review', resource: reviews(CallState.InReview), expect: hidden },
  { who: 'PI', user: pi, on: 'a call in review', resource: reviews(CallState.InReview), expect: notYet },
  { who: 'PI', user: pi, on: 'a call in decision', resource: reviews(CallState.InDecision), expect: notYet },
  { who: 'PI', user: pi, on: 'a finalized call', resource: reviews(CallState.Finalized), expect: visible },
  { who: 'researcher off the team', user: stranger, on: 'a finalized call', resource: reviews(CallState.Finalized), expect: hidden },
]);

describe(reviewAudience.name, () => {
  it.each([
    ['an officer', nstcOfficer, reviews(CallState.Finalized), ReviewAudience.Agencies],
    ['an admin', admin, reviews(CallState.InReview), ReviewAudience.Agencies],
    ['a reviewer who submitted', reviewer, reviews(CallState.Finalized, S.Submitted), ReviewAudience.Reviewer],
    ['a PI after finalization', pi, reviews(CallState.Finalized), ReviewAudience.Applicants],
    ['a PI before', pi, reviews(CallState.InDecision), null],
  ] as const)('reads %s as %s', (_who, caller, subject, audience) => {
    expect(reviewAudience(caller, subject)).toBe(audience);
  });
});

describePolicy('RANKING_ACCESS', RANKING_ACCESS, [
  { who: 'admin', user: admin, on: 'a call', resource: call, expect: { see: true } },
  { who: 'home officer', user: nstcOfficer, on: 'their call', resource: call, expect: { see: true } },
  { who: 'partner officer', user: gacrOfficer, on: 'their call', resource: call, expect: { see: true } },
  { who: 'third-agency officer', user: dfgOfficer, on: 'a call', resource: call, expect: { see: false } },
  { who: 'reviewer', user: reviewer, on: 'a call', resource: call, expect: { see: false } },
  { who: 'PI', user: pi, on: 'a call', resource: call, expect: { see: false } },
]);
