import { errorCatalogue } from '../common/errors/error-catalogue';

export const PROPOSAL_ERRORS = errorCatalogue('proposals', {
  PROPOSAL_NOT_FOUND: { kind: 'not-found', message: 'Proposal not found' },
  PROPOSAL_PI_REQUIRED: { kind: 'forbidden', message: 'Only the principal investigators of this proposal may do this' },
  PROPOSAL_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the call's agencies may do this" },
  PROPOSAL_FROZEN: {
    kind: 'conflict',
    message: 'A submitted proposal can no longer change; withdraw it and submit a new one before the deadline',
  },
  PROPOSAL_ALREADY_SUBMITTED: { kind: 'conflict', message: 'This proposal is not a draft: it was already submitted or withdrawn' },
  PROPOSAL_TRANSITION_FORBIDDEN: { kind: 'conflict', message: 'The proposal cannot do this in its current state' },
  CALL_NOT_OPEN: { kind: 'conflict', message: 'This call does not take proposals now' },
  CALL_CLOSED: { kind: 'conflict', message: 'The call is not taking submissions: its deadline has passed or it is not open' },
  ELIGIBILITY_CLOSED: {
    kind: 'conflict',
    message: 'Eligibility can be recorded or corrected only between submission and the start of the review',
  },
  SUBMISSION_INCOMPLETE: { kind: 'invalid', message: 'The proposal cannot be submitted yet' },
  INVITATION_INVALID: { kind: 'not-found', message: 'This invitation link is unknown or was already used' },
  PI_ALREADY_CONFIRMED: { kind: 'conflict', message: 'The other principal investigator has already confirmed' },
  ALREADY_PI: { kind: 'conflict', message: 'You are already the other principal investigator of this proposal' },
  ATTACHMENT_NOT_FOUND: { kind: 'not-found', message: 'Attachment not found' },
  ATTACHMENT_MISSING: { kind: 'invalid', message: 'Send the file as multipart/form-data in a part named "file"' },
  ATTACHMENT_KIND_UNKNOWN: { kind: 'invalid', message: "The attachment kind is not one of the call's" },
  ATTACHMENT_NOT_PDF: { kind: 'invalid', message: 'Attachments must be PDF documents' },
  ATTACHMENT_TOO_LARGE: { kind: 'too-large', message: 'The attachment is too large' },
});
