import { errorCatalogue } from '../common/errors/error-catalogue';

export const AWARD_ERRORS = errorCatalogue('awards', {
  AWARD_NOT_FOUND: { kind: 'not-found', message: 'Award not found' },
  REPORT_NOT_FOUND: { kind: 'not-found', message: 'Report not found' },
  AWARD_PI_REQUIRED: { kind: 'forbidden', message: 'Only the principal investigators of the awarded project may do this' },
  AWARD_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the call's agencies may do this" },
  REPORT_TRANSITION_FORBIDDEN: { kind: 'conflict', message: 'The report cannot do this in its current state' },
  REPORT_NOT_AWAITED: {
    kind: 'conflict',
    message: 'The report is not awaited from you now: it is with the agencies, or already accepted',
  },
  REPORT_ALREADY_REVIEWED: { kind: 'conflict', message: 'Your agency has already given its verdict on this submission of the report' },
  REPORT_FILE_MISSING: { kind: 'invalid', message: 'Send the report as multipart/form-data in a part named "file"' },
});
