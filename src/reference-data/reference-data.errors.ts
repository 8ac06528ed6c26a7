import { errorCatalogue } from '../common/errors/error-catalogue';

export const REFERENCE_DATA_ERRORS = errorCatalogue('reference-data', {
  AGENCY_NOT_FOUND: { kind: 'not-found', message: 'Agency not found' },
  OFFICE_NOT_FOUND: { kind: 'not-found', message: 'Office not found' },
  AGREEMENT_NOT_FOUND: { kind: 'not-found', message: 'Agreement not found' },
  AGENCY_EXISTS: { kind: 'conflict', message: 'This agency is already recorded' },
  OFFICE_EXISTS: { kind: 'conflict', message: 'This office is already recorded' },
  AGREEMENT_EXISTS: { kind: 'conflict', message: 'This agreement is already recorded' },
  AGREEMENT_INVALID: { kind: 'invalid', message: 'The agreement cannot be recorded as given' },
});
