/**
 * The e-mails the system sends. Each type has one Handlebars template per language,
 * `templates/<type>.<language>.hbs`, and an interface of the variables that template may use.
 *
 * To add a type: add a member here, an interface of its variables, an entry in `EmailVariables`,
 * and one template file per language (the renderer refuses to start while one is missing).
 */
export enum EmailType {
  Welcome = 'welcome',
  EmailVerification = 'email-verification',
  AccountExists = 'account-exists',
  PasswordReset = 'password-reset',
  ProposalInvitation = 'proposal-invitation',
  PiConfirmed = 'pi-confirmed',
  SubmissionReceipt = 'submission-receipt',
  DeadlineReminder = 'deadline-reminder',
  DeadlineExtended = 'deadline-extended',
  EligibilityVerdict = 'eligibility-verdict',
  ProposalWithdrawn = 'proposal-withdrawn',
  CallClosed = 'call-closed',
  WebhookEndpointDisabled = 'webhook-endpoint-disabled',
  DecisionLetter = 'decision-letter',
  DecisionSummary = 'decision-summary',
  ReportReminder = 'report-reminder',
  ReportSubmitted = 'report-submitted',
  ReportRevisionRequested = 'report-revision-requested',
  ReportAccepted = 'report-accepted',
  ReviewerAccount = 'reviewer-account',
  ReviewInvitation = 'review-invitation',
  ReviewReminder = 'review-reminder',
  ReviewDeclined = 'review-declined',
}

export const EMAIL_TYPES: readonly EmailType[] = Object.values(EmailType);

export interface WelcomeVariables {
  /** The recipient's name as it is to be shown. */
  name: string;
  /** Absolute http(s) URL of the sign-in page. */
  loginUrl: string;
}

/** To the address of a new self-registered account: confirm it is yours, which also signs you in. */
export interface EmailVerificationVariables {
  /** The name given at registration. */
  name: string;
  /** Absolute http(s) URL carrying the single-use verification token. */
  verifyUrl: string;
  /** When the link stops working: an ISO 8601 instant, e.g. `2026-12-01T09:00:00Z`. */
  expiresAt: string;
  /** IANA time zone the recipient reads times in, e.g. `Asia/Taipei`. */
  timezone: string;
}

/**
 * To the owner of an account when someone tries to register its address again: registration answers the same either
 * way, so this e-mail is how the owner (and only the owner) learns that the account exists.
 */
export interface AccountExistsVariables {
  /** The account's name. */
  name: string;
  /** Absolute http(s) URL of the sign-in page. */
  signInUrl: string;
  /** Absolute http(s) URL of the page that e-mails a password-reset link (no token). */
  resetUrl: string;
}

export interface PasswordResetVariables {
  name: string;
  /** Absolute http(s) URL carrying the reset token. */
  resetUrl: string;
  /** When the link stops working: an ISO 8601 instant, e.g. `2026-12-01T09:00:00Z`. */
  expiresAt: string;
  /** IANA time zone the recipient reads times in, e.g. `Europe/Prague`. */
  timezone: string;
}

/** To the other principal investigator, invited to join a joint proposal. */
export interface ProposalInvitationVariables {
  /** The invitee's name. */
  name: string;
  /** The principal investigator who sent the invitation. */
  inviterName: string;
  callTitle: string;
  proposalTitle: string;
  /** Absolute http(s) URL where the invitee, signed in with the invited address, confirms participation. */
  confirmUrl: string;
  /** The call's submission deadline: an ISO 8601 instant with its offset. */
  closesAt: string;
  /** IANA zones to show the time in, one line each: the call's zone first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
}

/** To the principal investigator who invited: the other one confirmed participation. */
export interface PiConfirmedVariables {
  /** The recipient's name. */
  name: string;
  /** The principal investigator who confirmed. */
  piName: string;
  proposalTitle: string;
  /** Absolute http(s) URL of the proposal. */
  proposalUrl: string;
}

/** To both principal investigators once the proposal is submitted. */
export interface SubmissionReceiptVariables {
  name: string;
  proposalTitle: string;
  acronym: string;
  callTitle: string;
  /** The short reference of the proposal, to quote to the agencies. */
  reference: string;
  /** ISO 8601 instant with its offset. */
  submittedAt: string;
  /** IANA zones to show the time in, one line each: the call's zone first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
  proposalUrl: string;
}

/** To a principal investigator whose draft is not yet submitted as the call's deadline nears. */
export interface DeadlineReminderVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** ISO 8601 instant with its offset. */
  closesAt: string;
  /** IANA zones to show the time in, one line each: the call's zone first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
  proposalUrl: string;
}

/** To a principal investigator with a proposal in the call: the agencies moved the deadline. */
export interface DeadlineExtendedVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** The deadline before the extension: ISO 8601 instant with its offset. */
  previousClosesAt: string;
  /** The new deadline: ISO 8601 instant with its offset. */
  closesAt: string;
  /** IANA zones to show the time in, one line each: the call's zone first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
  proposalUrl: string;
}

/** One agency's check of its own applicant's eligibility. */
export interface AgencyEligibilityVerdict {
  /** The agency's name as it is to be shown, e.g. `Czech Science Foundation (GAČR)`. */
  agency: string;
  eligible: boolean;
  /** Why, as the agency's officer wrote it. */
  reason: string;
}

/** To both principal investigators each time an agency records or corrects its eligibility verdict. */
export interface EligibilityVerdictVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** Whether the joint outcome is reached: both agencies found their applicant eligible, or one did not. */
  decided: boolean;
  /** The joint outcome once decided: eligible (the proposal goes on to review) only if both agencies said so. */
  eligible: boolean;
  /** Each verdict recorded so far, in the call's order (home agency first); not empty. */
  verdicts: readonly AgencyEligibilityVerdict[];
  /** The agencies whose verdict is still awaited, by name; may be empty. */
  awaited: readonly string[];
  proposalUrl: string;
}

/** To the other principal investigator, and to the officers of both agencies once it had been submitted. */
export interface ProposalWithdrawnVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** The principal investigator who withdrew it. */
  withdrawnBy: string;
  /** Why, as they wrote it; empty when they gave no reason. */
  reason: string;
  /** Whether it had been submitted (the agencies had it) or was still a draft. */
  wasSubmitted: boolean;
  proposalUrl: string;
}

/** To the officers of both agencies when a call closes. */
export interface CallClosedVariables {
  name: string;
  callTitle: string;
  /** ISO 8601 instant with its offset. */
  closedAt: string;
  /** IANA zones to show the time in, one line each: the call's zone first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
  /** How many proposals were submitted to the call. */
  submittedCount: number;
  /** Absolute http(s) URL of the call, where the officers record eligibility. */
  callUrl: string;
}

/** To the officers of an agency whose webhook endpoint was disabled after a long run of failed attempts. */
export interface WebhookEndpointDisabledVariables {
  name: string;
  /** The endpoint as its officers know it: its description, or its host and path (not a link: it is not ours). */
  endpoint: string;
  endpointId: string;
  /** Failed attempts in a row. */
  failures: number;
  /** How the last attempt failed: an HTTP status or a network error. */
  lastError: string;
  /** ISO 8601 instant with its offset. */
  disabledAt: string;
  /** IANA zone the recipient reads times in. */
  timezone: string;
  /** Absolute http(s) URL of the endpoint's page, where an officer sees its deliveries and resumes it. */
  endpointUrl: string;
}

/** One agency's funding decision on a proposal, as a decision letter shows it. */
export interface AgencyFundingDecision {
  /** The agency's name as it is to be shown, e.g. `Czech Science Foundation (GAČR)`. */
  agency: string;
  /** It funds its side of the project. */
  funded: boolean;
  /** It rejects the proposal (when neither funded nor rejected: waitlisted). */
  rejected: boolean;
  /** The amount granted as people read it, e.g. `2,500,000.00 TWD`; empty unless funded. */
  amount: string;
}

/** A report an award owes, as a letter lists it. */
export interface ReportDue {
  /** The interim report (at half the duration); otherwise the final one (three months after the end). */
  interim: boolean;
  /** ISO 8601 instant with its offset. */
  dueAt: string;
}

/** To both principal investigators of each decided proposal when the call is finalized. */
export interface DecisionLetterVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** Both agencies fund it: it is a project. Exactly one of awarded, rejected and waitlisted holds. */
  awarded: boolean;
  rejected: boolean;
  waitlisted: boolean;
  /** Each agency's decision, home agency first; not empty. */
  decisions: readonly AgencyFundingDecision[];
  /** When awarded: the project's start and end (ISO 8601 instants); empty strings otherwise. */
  startsAt: string;
  endsAt: string;
  /** When awarded: the reports it owes, in order; empty otherwise. */
  reports: readonly ReportDue[];
  /** IANA zone of the call, in which the dates are shown. */
  timezone: string;
  /** The reviewers' comments to the applicants, anonymous and in order; never a reviewer's name. May be empty. */
  reviewComments: readonly string[];
  /** Absolute http(s) URL: the award's page when awarded, else the proposal's. */
  detailsUrl: string;
}

/** To each agency's officers when a call is finalized: the outcome, and their own agency's figures. */
export interface DecisionSummaryVariables {
  name: string;
  callTitle: string;
  /** The recipient's agency, by name. */
  agency: string;
  awardedCount: number;
  rejectedCount: number;
  waitlistedCount: number;
  /** The agency's total granted to awarded projects, and its budget for the call, shown with the currency. */
  awardedTotal: string;
  budget: string;
  /** The awarded projects with the agency's amount for each; may be empty. */
  awards: readonly { proposalTitle: string; amount: string }[];
  /** Absolute http(s) URL of the call. */
  callUrl: string;
}

/** To a principal investigator of an award whose report is due soon, or overdue. */
export interface ReportReminderVariables {
  name: string;
  proposalTitle: string;
  interim: boolean;
  /** ISO 8601 instant with its offset. */
  dueAt: string;
  /** IANA zones to show the time in: the call's first, then the partner agency's if different. Not empty. */
  timezones: readonly string[];
  /** The due date has passed. */
  overdue: boolean;
  /** An agency asked for a revision that is still to be uploaded. */
  revisionRequested: boolean;
  /** Absolute http(s) URL of the award's page, where the report is uploaded. */
  awardUrl: string;
}

/** To the officers of both agencies when the PIs submit (or resubmit) a report. */
export interface ReportSubmittedVariables {
  name: string;
  proposalTitle: string;
  interim: boolean;
  /** A revised version after a revision request. */
  resubmission: boolean;
  /** ISO 8601 instants with their offset. */
  submittedAt: string;
  dueAt: string;
  /** IANA zone of the call. */
  timezone: string;
  awardUrl: string;
}

/** To the principal investigators when an agency asks for a revision of their report. */
export interface ReportRevisionRequestedVariables {
  name: string;
  proposalTitle: string;
  interim: boolean;
  /** The agency that asks, by name. */
  agency: string;
  /** What it asks for, as its officer wrote it. */
  comment: string;
  awardUrl: string;
}

/** To the principal investigators when both agencies have accepted their report. */
export interface ReportAcceptedVariables {
  name: string;
  proposalTitle: string;
  interim: boolean;
  awardUrl: string;
}

/** To a reviewer an agency recruited: a new account (choose a password) or an existing account given the reviewer role. */
export interface ReviewerAccountVariables {
  name: string;
  /** The recruiting agency's name as it is to be shown, e.g. `German Research Foundation (DFG)`. */
  agency: string;
  /** Whether the account is new: its link then chooses the first password, otherwise it signs in. */
  newAccount: boolean;
  /** Absolute http(s) URL: the password page with a single-use token for a new account, else the sign-in page. */
  accountUrl: string;
  /** When a new account's link stops working: ISO 8601 instant with its offset. */
  expiresAt: string;
  /** IANA zone the recipient reads times in. */
  timezone: string;
}

/** To a reviewer invited to review a proposal. */
export interface ReviewInvitationVariables {
  name: string;
  proposalTitle: string;
  /** May be empty. */
  acronym: string;
  callTitle: string;
  /** The agency whose officer invited the reviewer, by name. */
  agency: string;
  /** The review's due date: ISO 8601 instant with its offset. */
  dueAt: string;
  /** IANA zones to show the due date in: the call's zone first, then the reviewer's if different. Not empty. */
  timezones: readonly string[];
  /** Absolute http(s) URL of the assignment's page, where the reviewer accepts (declaring no conflict) or declines. */
  assignmentUrl: string;
}

/** To a reviewer whose review is awaited: 3 days before the due date, on it, and 2 days after. */
export interface ReviewReminderVariables {
  name: string;
  proposalTitle: string;
  callTitle: string;
  /** ISO 8601 instant with its offset. */
  dueAt: string;
  /** IANA zones to show the due date in: the call's zone first, then the reviewer's if different. Not empty. */
  timezones: readonly string[];
  /** Whether the reviewer has accepted; if not, the reminder asks them to answer the invitation first. */
  accepted: boolean;
  /** Whether the due date has passed. */
  overdue: boolean;
  assignmentUrl: string;
}

/** To the officer who invited a reviewer, when the reviewer declines. */
export interface ReviewDeclinedVariables {
  name: string;
  reviewerName: string;
  proposalTitle: string;
  callTitle: string;
  /** Why, as the reviewer wrote it. */
  reason: string;
  /** Absolute http(s) URL of the proposal, where the officer assigns someone else. */
  proposalUrl: string;
}

/** Fails to compile unless every EmailType has an entry. */
type ForEveryEmailType<T extends Record<EmailType, object>> = T;

/** The variables of each e-mail type's templates. */
export type EmailVariables = ForEveryEmailType<{
  [EmailType.Welcome]: WelcomeVariables;
  [EmailType.EmailVerification]: EmailVerificationVariables;
  [EmailType.AccountExists]: AccountExistsVariables;
  [EmailType.PasswordReset]: PasswordResetVariables;
  [EmailType.ProposalInvitation]: ProposalInvitationVariables;
  [EmailType.PiConfirmed]: PiConfirmedVariables;
  [EmailType.SubmissionReceipt]: SubmissionReceiptVariables;
  [EmailType.DeadlineReminder]: DeadlineReminderVariables;
  [EmailType.DeadlineExtended]: DeadlineExtendedVariables;
  [EmailType.EligibilityVerdict]: EligibilityVerdictVariables;
  [EmailType.ProposalWithdrawn]: ProposalWithdrawnVariables;
  [EmailType.CallClosed]: CallClosedVariables;
  [EmailType.WebhookEndpointDisabled]: WebhookEndpointDisabledVariables;
  [EmailType.DecisionLetter]: DecisionLetterVariables;
  [EmailType.DecisionSummary]: DecisionSummaryVariables;
  [EmailType.ReportReminder]: ReportReminderVariables;
  [EmailType.ReportSubmitted]: ReportSubmittedVariables;
  [EmailType.ReportRevisionRequested]: ReportRevisionRequestedVariables;
  [EmailType.ReportAccepted]: ReportAcceptedVariables;
  [EmailType.ReviewerAccount]: ReviewerAccountVariables;
  [EmailType.ReviewInvitation]: ReviewInvitationVariables;
  [EmailType.ReviewReminder]: ReviewReminderVariables;
  [EmailType.ReviewDeclined]: ReviewDeclinedVariables;
}>;

export interface RenderedEmail {
  /** One line of plain text, free of CR and LF. */
  subject: string;
  /** Complete HTML document with CSS inlined into style attributes. */
  html: string;
  /** Plain-text alternative of the HTML part. */
  text: string;
}
