import { PAGE_PATHS } from '../notifications/links';
import { Messages } from './messages';

/**
 * A page: served at `path` (from PAGE_PATHS, so links and routes cannot drift apart) as `templates/<name>.hbs` in the
 * layout, with its script `assets/<name>.js`. Route parameters are ids (UUIDs), handed to the script as data attributes.
 */
export interface Page {
  name: string;
  path: string;
  title: (t: Messages) => string;
}

/** The pages e-mails link to. Adding one: a line here, its template, its script and its texts (see README.md). */
export const PAGES: readonly Page[] = [
  { name: 'sign-in', path: PAGE_PATHS.signIn(), title: (t) => t.signIn.title },
  { name: 'reset-password', path: PAGE_PATHS.resetPassword(), title: (t) => t.resetPassword.title },
  { name: 'verify-email', path: PAGE_PATHS.verifyEmail(), title: (t) => t.verifyEmail.title },
  { name: 'call', path: PAGE_PATHS.call(':callId'), title: (t) => t.call.title },
  { name: 'proposal', path: PAGE_PATHS.proposal(':proposalId'), title: (t) => t.proposal.title },
  { name: 'invitation', path: PAGE_PATHS.proposalInvitation(':proposalId'), title: (t) => t.invitation.title },
  { name: 'review-assignment', path: PAGE_PATHS.reviewAssignment(':assignmentId'), title: (t) => t.reviewAssignment.title },
  { name: 'webhook-endpoint', path: PAGE_PATHS.webhookEndpoint(':endpointId'), title: (t) => t.webhookEndpoint.title },
  { name: 'award', path: PAGE_PATHS.award(':awardId'), title: (t) => t.award.title },
];
