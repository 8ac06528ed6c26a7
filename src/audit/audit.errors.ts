import { errorCatalogue } from '../common/errors/error-catalogue';

export const AUDIT_ERRORS = errorCatalogue('audit', {
  AUDIT_TRAIL_NOT_FOUND: { kind: 'not-found', message: 'No history you may read' },
});
