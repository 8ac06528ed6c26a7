import { errorCatalogue } from '../common/errors/error-catalogue';

export const NOTIFICATION_ERRORS = errorCatalogue('notifications', {
  ADMIN_CREDENTIALS_REQUIRED: { kind: 'unauthenticated', message: 'Sign in with an admin account' },
});
