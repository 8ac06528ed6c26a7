import { Body, Controller, HttpCode, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access/access.decorators';
import { AuthService } from './auth.service';
import {
  Credentials,
  EmailVerification,
  PasswordResetConfirmation,
  PasswordResetRequest,
  RefreshRequest,
  Registration,
  RegistrationAccepted,
  TokenPair,
  VerificationResendRequest,
} from './dto/auth.dto';
import { EmailVerificationService } from './email-verification.service';
import { AccountLimits, LoginLimits, LoginThrottlerGuard, ResetLimits } from './login-throttler.guard';
import { PasswordResetService } from './password-reset.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordResets: PasswordResetService,
    private readonly verifications: EmailVerificationService,
  ) {}

  /** Create a researcher account; it is ready once the address is confirmed through the e-mailed link */
  @Post('register')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(LoginThrottlerGuard)
  @ResetLimits()
  @ApiAcceptedResponse({
    type: RegistrationAccepted,
    description:
      'The same answer whether or not the address has an account. A new account waits for the link e-mailed to the address ' +
      '(POST /auth/verify-email); the owner of an existing one is e-mailed that someone tried, with links to sign in or reset the password',
  })
  @ApiCreatedResponse({
    type: TokenPair,
    description: 'Only with an invitation to a proposal that was e-mailed to this address: the address is proven, the account is ready',
  })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN: only with an invitation e-mailed to this address, which already has an account' })
  @ApiTooManyRequestsResponse({ description: 'Too many registrations from this client address or for this e-mail; see Retry-After' })
  async register(
    @Body() registration: Registration,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationAccepted | TokenPair> {
    const outcome = await this.auth.register(registration);
    if (!outcome.tokens) return outcome.accepted;
    void reply.status(HttpStatus.CREATED);
    return outcome.tokens;
  }

  /** Confirm the address of a new account with the token from the e-mailed link; signs the person in */
  @Post('verify-email')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottlerGuard)
  @AccountLimits()
  @ApiOkResponse({ type: TokenPair })
  @ApiUnprocessableEntityResponse({ description: 'VERIFICATION_TOKEN_INVALID: unknown, used or expired' })
  verifyEmail(@Body() { token }: EmailVerification): Promise<TokenPair> {
    return this.auth.verifyEmail(token);
  }

  /** E-mail a new confirmation link to an account that is not confirmed yet */
  @Post('verify-email/resend')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(LoginThrottlerGuard)
  @ResetLimits()
  @ApiAcceptedResponse({
    description: 'The same answer whatever the address; if it has an account still waiting for confirmation, a new link is e-mailed',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this client address or for this e-mail; see Retry-After' })
  resendVerification(@Body() { email }: VerificationResendRequest): Promise<void> {
    return this.verifications.resend(email);
  }

  /** Sign in with e-mail and password */
  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottlerGuard)
  @LoginLimits()
  @ApiOkResponse({ type: TokenPair })
  @ApiForbiddenResponse({ description: 'EMAIL_NOT_VERIFIED: the password is right, but the address is not confirmed yet' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and account; see Retry-After' })
  login(@Body() credentials: Credentials): Promise<TokenPair> {
    return this.auth.login(credentials);
  }

  /** Exchange a refresh token for a new pair (the old one is revoked) */
  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPair })
  refresh(@Body() { refreshToken }: RefreshRequest): Promise<TokenPair> {
    return this.auth.refresh(refreshToken);
  }

  /** Sign out: revoke a refresh token and its whole family */
  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The refresh token and every token of its family are revoked' })
  logout(@Body() { refreshToken }: RefreshRequest): Promise<void> {
    return this.auth.logout(refreshToken);
  }

  /** E-mail a password-reset link */
  @Post('password-reset')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(LoginThrottlerGuard)
  @ResetLimits()
  @ApiAcceptedResponse({ description: 'The same answer whether or not an account has this e-mail; if one does, a link is e-mailed' })
  requestPasswordReset(@Body() { email }: PasswordResetRequest): Promise<void> {
    return this.passwordResets.request(email);
  }

  /** Set a new password with the token from the e-mailed link */
  @Post('password-reset/confirm')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(LoginThrottlerGuard)
  @AccountLimits()
  @ApiNoContentResponse({ description: 'The password is changed and every session of the account is signed out' })
  confirmPasswordReset(@Body() { token, password }: PasswordResetConfirmation): Promise<void> {
    return this.passwordResets.confirm(token, password);
  }
}
