/**
 * The e-mails the system sends. Each type has one Handlebars template per language,
 * `templates/<type>.<language>.hbs`, and an interface of the variables that template may use.
 *
 * To add a type: add a member here, an interface of its variables, an entry in `EmailVariables`,
 * and one template file per language (the renderer refuses to start while one is missing).
 */
export enum EmailType {
  Welcome = 'welcome',
  PasswordReset = 'password-reset',
}

export const EMAIL_TYPES: readonly EmailType[] = Object.values(EmailType);

export interface WelcomeVariables {
  /** The recipient's name as it is to be shown. */
  name: string;
  /** Absolute http(s) URL of the sign-in page. */
  loginUrl: string;
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

/** Fails to compile unless every EmailType has an entry. */
type ForEveryEmailType<T extends Record<EmailType, object>> = T;

/** The variables of each e-mail type's templates. */
export type EmailVariables = ForEveryEmailType<{
  [EmailType.Welcome]: WelcomeVariables;
  [EmailType.PasswordReset]: PasswordResetVariables;
}>;

export interface RenderedEmail {
  /** One line of plain text, free of CR and LF. */
  subject: string;
  /** Complete HTML document with CSS inlined into style attributes. */
  html: string;
  /** Plain-text alternative of the HTML part. */
  text: string;
}
