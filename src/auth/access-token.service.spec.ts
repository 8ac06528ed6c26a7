import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/errors/domain-error';
import { Language, Role } from '../common/identity/role';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenService } from './access-token.service';

describe(AccessTokenService.name, () => {
  const user = { id: '7d3f6f9e-5b7c-4a8e-9f61-2a8d7c1e0b11', roles: [Role.Researcher], agencyId: null, language: Language.English };
  // Signed as AccessTokenModule signs: the service refuses tokens for another audience or issuer.
  const jwt = new JwtService({
    secret: 'a test secret that is long enough for HS256',
    signOptions: { expiresIn: 60, algorithm: ACCESS_TOKEN_ALGORITHM, audience: ACCESS_TOKEN_AUDIENCE, issuer: ACCESS_TOKEN_ISSUER },
  });
  const code = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      return (error as DomainError).code;
    }
    return 'accepted';
  };
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once, then knows it by its text until it expires', () => {
    const tokens = new AccessTokenService(jwt);
    const bearer = `Bearer ${tokens.issue(user)}`;
    const verify = jest.spyOn(jwt, 'verify');
    expect(tokens.verify(bearer)).toEqual({ id: user.id, roles: user.roles, agencyId: null, language: Language.English });
    expect(tokens.verify(bearer)).toEqual(tokens.verify(bearer));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(tokens.verify(bearer).roles)).toBe(true);

    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000);
    expect(code(() => tokens.verify(bearer))).toBe('TOKEN_EXPIRED');
  });

  it('remembers no token that failed, whatever it claims', () => {
    const tokens = new AccessTokenService(jwt);
    const [header, payload] = tokens.issue(user).split('.');
    const forged = `Bearer ${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect(code(() => tokens.verify(forged))).toBe('TOKEN_INVALID');
    expect(code(() => tokens.verify(forged))).toBe('TOKEN_INVALID');
    expect(code(() => tokens.verify(undefined))).toBe('TOKEN_MISSING');
  });
});
