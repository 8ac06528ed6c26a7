import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../common/access/access.decorators';
import { UserView } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { Credentials, PasswordResetConfirmation, PasswordResetRequest, RefreshRequest, Registration, TokenPair } from './dto/auth.dto';
import { AccountLimits, LoginLimits, LoginThrottlerGuard, ResetLimits } from './login-throttler.guard';
import { PasswordResetService } from './password-reset.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordResets: PasswordResetService,
  ) {}

  /** Create a researcher account */
  @Post('register')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @AccountLimits()
  @ApiCreatedResponse({ type: UserView })
  async register(@Body() registration: Registration): Promise<UserView> {
    return UserView.of(await this.auth.register(registration));
  }

  /** Sign in with e-mail and password */
  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottlerGuard)
  @LoginLimits()
  @ApiOkResponse({ type: TokenPair })
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
