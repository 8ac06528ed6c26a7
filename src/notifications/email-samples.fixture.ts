import { ConfigService } from '@nestjs/config';
import { Language } from '../common/identity/role';
import { EmailType, EmailVariables } from './email-types';
import { PublicLinks } from './links';

/** Links built by the real PublicLinks, as the services build them, so that specs check the links e-mails carry. */
export const SAMPLE_LINKS = new PublicLinks(new ConfigService({ PUBLIC_URL: 'https://jointcalls.example.org/' }));

const PROPOSAL_ID = '5f0c8a4e-2b7d-4c1a-9e3f-6d2a1b0c9e42';
const OTHER_PROPOSAL_ID = '0b9d7c6e-5a4f-4e3d-8c2b-1a0f9e8d7c57';
const CALL_ID = '3c2b1a09-8f7e-4d6c-b5a4-9382716a5b07';
const ENDPOINT_ID = '6a1c3e5b-7d9f-4b2a-8c4e-0f1a2b3c4d5e';
const AWARD_ID = '1d2c3b4a-5f6e-4d7c-8b9a-0e1f2a3b4c5d';
const ASSIGNMENT_ID = '2e7f9a1b-3c5d-4e6f-8a9b-0c1d2e3f4a5b';

export interface EmailSample<T extends EmailType> {
  variables: EmailVariables[T];
  /** The link the e-mail must carry. */
  url: string;
}

/** A sample whose link is the variable `key`. */
const sample = <T extends EmailType>(variables: EmailVariables[T], key: keyof EmailVariables[T] & `${string}Url`): EmailSample<T> => ({
  variables,
  url: variables[key] as string,
});

/** One sample per e-mail type (a new EmailType fails to compile until it has one), shared by the e-mail specs. */
export const EMAIL_SAMPLES: { [T in EmailType]: EmailSample<T> } = {
  [EmailType.Welcome]: sample<EmailType.Welcome>({ name: 'Jana Nováková', loginUrl: SAMPLE_LINKS.signIn(Language.English) }, 'loginUrl'),
  [EmailType.EmailVerification]: sample<EmailType.EmailVerification>(
    {
      name: 'Jana Nováková',
      verifyUrl: SAMPLE_LINKS.verifyEmail('cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5', Language.English),
      expiresAt: '2026-12-02T09:00:00Z',
      timezone: 'UTC',
    },
    'verifyUrl',
  ),
  [EmailType.AccountExists]: sample<EmailType.AccountExists>(
    {
      name: '王小明',
      signInUrl: SAMPLE_LINKS.signIn(Language.TraditionalChinese),
      resetUrl: SAMPLE_LINKS.passwordResetRequest(Language.TraditionalChinese),
    },
    'signInUrl',
  ),
  [EmailType.PasswordReset]: sample<EmailType.PasswordReset>(
    {
      name: '王小明',
      resetUrl: SAMPLE_LINKS.resetPassword('Zm9vYmFyYmF6cXV4cXV1eGNvcmdl', Language.TraditionalChinese),
      expiresAt: '2026-12-01T09:00:00Z',
      timezone: 'Asia/Taipei',
    },
    'resetUrl',
  ),
  [EmailType.ProposalInvitation]: sample<EmailType.ProposalInvitation>(
    {
      name: 'Jana Nováková',
      inviterName: 'Chen Mei-ling',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      proposalTitle: 'Quantum sensors for seismic early warning',
      confirmUrl: SAMPLE_LINKS.proposalInvitation(PROPOSAL_ID, 'YmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0', Language.English),
      closesAt: '2027-03-31T09:00:00Z',
      timezones: ['Asia/Taipei', 'Europe/Prague'],
    },
    'confirmUrl',
  ),
  [EmailType.PiConfirmed]: sample<EmailType.PiConfirmed>(
    {
      name: '陳美玲',
      piName: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.TraditionalChinese),
    },
    'proposalUrl',
  ),
  [EmailType.SubmissionReceipt]: sample<EmailType.SubmissionReceipt>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      acronym: 'QUAKE-Q',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      reference: 'JC-2027-0042',
      submittedAt: '2027-03-30T14:23:05Z',
      timezones: ['Asia/Taipei', 'Europe/Prague'],
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.English),
    },
    'proposalUrl',
  ),
  [EmailType.DeadlineReminder]: sample<EmailType.DeadlineReminder>(
    {
      name: '陳美玲',
      proposalTitle: 'Soft robotics for elderly care',
      callTitle: 'NSTC–JST Strategic International Collaborative Research 2027',
      closesAt: '2027-03-31T09:00:00Z',
      timezones: ['Asia/Taipei', 'Asia/Tokyo'],
      proposalUrl: SAMPLE_LINKS.proposal(OTHER_PROPOSAL_ID, Language.TraditionalChinese),
    },
    'proposalUrl',
  ),
  [EmailType.DeadlineExtended]: sample<EmailType.DeadlineExtended>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      previousClosesAt: '2027-03-31T09:00:00Z',
      closesAt: '2027-04-14T09:00:00Z',
      timezones: ['Asia/Taipei', 'Europe/Prague'],
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.English),
    },
    'proposalUrl',
  ),
  [EmailType.EligibilityVerdict]: sample<EmailType.EligibilityVerdict>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      decided: true,
      eligible: false,
      awaited: [],
      verdicts: [
        { agency: 'National Science and Technology Council (NSTC)', eligible: true, reason: 'All requirements are met.' },
        {
          agency: 'Czech Science Foundation (GAČR)',
          eligible: false,
          reason: 'The principal investigator holds no employment contract with a Czech research organisation.',
        },
      ],
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.English),
    },
    'proposalUrl',
  ),
  [EmailType.ProposalWithdrawn]: sample<EmailType.ProposalWithdrawn>(
    {
      name: 'Petra Svobodová',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      withdrawnBy: 'Chen Mei-ling',
      reason: 'The partner laboratory closes in 2027.',
      wasSubmitted: true,
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.English),
    },
    'proposalUrl',
  ),
  [EmailType.WebhookEndpointDisabled]: sample<EmailType.WebhookEndpointDisabled>(
    {
      name: 'Petra Svobodová',
      endpoint: 'GAČR grants office import (grants.gacr.cz/hooks/joint-calls)',
      endpointId: ENDPOINT_ID,
      failures: 50,
      lastError: 'HTTP 503',
      disabledAt: '2027-05-02T08:15:00Z',
      timezone: 'Europe/Prague',
      endpointUrl: SAMPLE_LINKS.webhookEndpoint(ENDPOINT_ID, Language.English),
    },
    'endpointUrl',
  ),
  [EmailType.CallClosed]: sample<EmailType.CallClosed>(
    {
      name: 'Petra Svobodová',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      closedAt: '2027-04-14T09:00:00Z',
      timezones: ['Asia/Taipei', 'Europe/Prague'],
      submittedCount: 37,
      callUrl: SAMPLE_LINKS.call(CALL_ID, Language.English),
    },
    'callUrl',
  ),
  [EmailType.DecisionLetter]: sample<EmailType.DecisionLetter>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      awarded: true,
      rejected: false,
      waitlisted: false,
      decisions: [
        { agency: 'National Science and Technology Council (NSTC)', funded: true, rejected: false, amount: '2,500,000.00 TWD' },
        { agency: 'Czech Science Foundation (GAČR)', funded: true, rejected: false, amount: '2,400,000.00 CZK' },
      ],
      startsAt: '2027-07-31T16:00:00Z',
      endsAt: '2030-07-31T16:00:00Z',
      reports: [
        { interim: true, dueAt: '2029-01-31T16:00:00Z' },
        { interim: false, dueAt: '2030-10-31T16:00:00Z' },
      ],
      timezone: 'Asia/Taipei',
      reviewComments: [
        'A convincing work plan; the partner laboratory brings the instruments the Taiwanese side lacks.',
        'The data management plan should say where the seismic records will be kept after the project.',
      ],
      detailsUrl: SAMPLE_LINKS.award(AWARD_ID, Language.English),
    },
    'detailsUrl',
  ),
  [EmailType.DecisionSummary]: sample<EmailType.DecisionSummary>(
    {
      name: 'Petra Svobodová',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      agency: 'Czech Science Foundation (GAČR)',
      awardedCount: 2,
      rejectedCount: 30,
      waitlistedCount: 5,
      awardedTotal: '4,300,000.00 CZK',
      budget: '25,000,000.00 CZK',
      awards: [
        { proposalTitle: 'Quantum sensors for seismic early warning', amount: '2,400,000.00 CZK' },
        { proposalTitle: 'Soft robotics for elderly care', amount: '1,900,000.00 CZK' },
      ],
      callUrl: SAMPLE_LINKS.call(CALL_ID, Language.English),
    },
    'callUrl',
  ),
  [EmailType.ReportReminder]: sample<EmailType.ReportReminder>(
    {
      name: '陳美玲',
      proposalTitle: 'Quantum sensors for seismic early warning',
      interim: true,
      dueAt: '2029-01-31T16:00:00Z',
      timezones: ['Asia/Taipei'],
      overdue: false,
      revisionRequested: false,
      awardUrl: SAMPLE_LINKS.award(AWARD_ID, Language.TraditionalChinese),
    },
    'awardUrl',
  ),
  [EmailType.ReportSubmitted]: sample<EmailType.ReportSubmitted>(
    {
      name: 'Petra Svobodová',
      proposalTitle: 'Quantum sensors for seismic early warning',
      interim: true,
      resubmission: false,
      submittedAt: '2029-01-20T08:30:00Z',
      dueAt: '2029-01-31T16:00:00Z',
      timezone: 'Asia/Taipei',
      awardUrl: SAMPLE_LINKS.award(AWARD_ID, Language.English),
    },
    'awardUrl',
  ),
  [EmailType.ReportRevisionRequested]: sample<EmailType.ReportRevisionRequested>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      interim: true,
      agency: 'Czech Science Foundation (GAČR)',
      comment: 'Please add the spending of the Czech side by budget line.',
      awardUrl: SAMPLE_LINKS.award(AWARD_ID, Language.English),
    },
    'awardUrl',
  ),
  [EmailType.ReportAccepted]: sample<EmailType.ReportAccepted>(
    {
      name: 'Jana Nováková',
      proposalTitle: 'Quantum sensors for seismic early warning',
      interim: false,
      awardUrl: SAMPLE_LINKS.award(AWARD_ID, Language.English),
    },
    'awardUrl',
  ),
  [EmailType.ReviewerAccount]: sample<EmailType.ReviewerAccount>(
    {
      name: 'Anna Weber',
      agency: 'German Research Foundation (DFG)',
      newAccount: true,
      accountUrl: SAMPLE_LINKS.resetPassword('cmV2aWV3ZXJhY2NvdW50dG9rZW5zYW1wbGU', Language.English),
      expiresAt: '2027-04-28T09:00:00Z',
      timezone: 'UTC',
    },
    'accountUrl',
  ),
  [EmailType.ReviewInvitation]: sample<EmailType.ReviewInvitation>(
    {
      name: 'Anna Weber',
      proposalTitle: 'Quantum sensors for seismic early warning',
      acronym: 'QSEW',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      agency: 'Czech Science Foundation (GAČR)',
      dueAt: '2027-06-15T09:00:00Z',
      timezones: ['Asia/Taipei', 'Europe/Prague'],
      assignmentUrl: SAMPLE_LINKS.reviewAssignment(ASSIGNMENT_ID, Language.English),
    },
    'assignmentUrl',
  ),
  [EmailType.ReviewReminder]: sample<EmailType.ReviewReminder>(
    {
      name: '林志明',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      dueAt: '2027-06-15T09:00:00Z',
      timezones: ['Asia/Taipei'],
      accepted: true,
      overdue: false,
      assignmentUrl: SAMPLE_LINKS.reviewAssignment(ASSIGNMENT_ID, Language.TraditionalChinese),
    },
    'assignmentUrl',
  ),
  [EmailType.ReviewDeclined]: sample<EmailType.ReviewDeclined>(
    {
      name: 'Petra Svobodová',
      reviewerName: 'Anna Weber',
      proposalTitle: 'Quantum sensors for seismic early warning',
      callTitle: 'NSTC–GAČR Joint Research Projects 2027',
      reason: 'I co-authored two papers with the partner PI last year.',
      proposalUrl: SAMPLE_LINKS.proposal(PROPOSAL_ID, Language.English),
    },
    'proposalUrl',
  ),
};
