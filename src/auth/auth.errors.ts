import { errorCatalogue } from '../common/errors/error-catalogue';

export const AUTH_ERRORS = errorCatalogue('auth', {
  ACCESS_UNDECLARED: { kind: 'forbidden', message: 'This route is not open to anyone' },
  ROLE_REQUIRED: { kind: 'forbidden', message: 'Your roles do not allow this' },
  TOKEN_MISSING: { kind: 'unauthenticated', message: 'Send an access token: Authorization: Bearer <token>' },
  TOKEN_EXPIRED: { kind: 'unauthenticated', message: 'The access token has expired; refresh it' },
  TOKEN_INVALID: { kind: 'unauthenticated', message: 'The access token is not valid' },
  INVALID_CREDENTIALS: { kind: 'unauthenticated', message: 'The e-mail or password is wrong' },
  REFRESH_TOKEN_INVALID: { kind: 'unauthenticated', message: 'The refresh token is not valid; sign in again' },
  REFRESH_TOKEN_REUSED: {
    kind: 'unauthenticated',
    message: 'This refresh token was already used; every session it belongs to is now signed out',
  },
  RESET_TOKEN_INVALID: { kind: 'invalid', message: 'This reset link is invalid, used or expired; ask for a new one' },
  EMAIL_NOT_VERIFIED: {
    kind: 'forbidden',
    message: 'Confirm your e-mail address first with the link we sent to it; POST /auth/verify-email/resend sends a new one',
  },
  VERIFICATION_TOKEN_INVALID: {
    kind: 'invalid',
    message: 'This confirmation link is invalid, used or expired; ask for a new one or sign in',
  },
});
