import { errorCatalogue } from '../common/errors/error-catalogue';

export const HEALTH_ERRORS = errorCatalogue('health', {
  NOT_READY: { kind: 'unavailable', message: 'A dependency is down' },
});
