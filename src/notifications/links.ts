import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Language } from '../common/identity/role';
import { Environment } from '../config/environment';

/**
 * The pages that e-mails link to, as paths under PUBLIC_URL. The pages module serves exactly these, and a spec
 * resolves every link of every e-mail against the router, so a link cannot point at nothing.
 *
 * Secrets (invitation, reset and verification tokens) travel in the fragment (`#token=`): a browser never sends the fragment to
 * a server, so the token stays out of access logs, proxies and `Referer` headers; the page's script reads it.
 */
export const PAGE_PATHS = {
  signIn: () => '/sign-in',
  resetPassword: () => '/reset-password',
  verifyEmail: () => '/verify-email',
  call: (callId: string) => `/calls/${callId}`,
  proposal: (proposalId: string) => `/proposals/${proposalId}`,
  proposalInvitation: (proposalId: string) => `/proposals/${proposalId}/invitation`,
  reviewAssignment: (assignmentId: string) => `/review-assignments/${assignmentId}`,
  award: (awardId: string) => `/awards/${awardId}`,
  webhookEndpoint: (endpointId: string) => `/webhook-endpoints/${endpointId}`,
} as const;

/** Absolute links for e-mails and calendars, built from the one PUBLIC_URL, in the recipient's language. */
@Injectable()
export class PublicLinks {
  readonly base: string;

  constructor(config: ConfigService<Environment, true>) {
    this.base = config.get('PUBLIC_URL', { infer: true }).replace(/\/+$/, '');
  }

  signIn(language?: Language): string {
    return this.page(PAGE_PATHS.signIn(), language);
  }

  resetPassword(token: string, language?: Language): string {
    return this.page(PAGE_PATHS.resetPassword(), language, token);
  }

  /** The reset page without a token: it asks for the address and e-mails a link. */
  passwordResetRequest(language?: Language): string {
    return this.page(PAGE_PATHS.resetPassword(), language);
  }

  verifyEmail(token: string, language?: Language): string {
    return this.page(PAGE_PATHS.verifyEmail(), language, token);
  }

  call(callId: string, language?: Language): string {
    return this.page(PAGE_PATHS.call(callId), language);
  }

  proposal(proposalId: string, language?: Language): string {
    return this.page(PAGE_PATHS.proposal(proposalId), language);
  }

  proposalInvitation(proposalId: string, token: string, language?: Language): string {
    return this.page(PAGE_PATHS.proposalInvitation(proposalId), language, token);
  }

  reviewAssignment(assignmentId: string, language?: Language): string {
    return this.page(PAGE_PATHS.reviewAssignment(assignmentId), language);
  }

  award(awardId: string, language?: Language): string {
    return this.page(PAGE_PATHS.award(awardId), language);
  }

  webhookEndpoint(endpointId: string, language?: Language): string {
    return this.page(PAGE_PATHS.webhookEndpoint(endpointId), language);
  }

  private page(path: string, language: Language | undefined, token?: string): string {
    const query = language ? `?lang=${encodeURIComponent(language)}` : '';
    const fragment = token ? `#token=${encodeURIComponent(token)}` : '';
    return `${this.base}${path}${query}${fragment}`;
  }
}
