import { InvitePi } from '../../proposals/dto/proposal.dto';
import { DEMO_USERS } from '../../seed/reference.data';
import { Credentials, PasswordResetRequest, Registration } from './auth.dto';

/** Where @ApiProperty() keeps its options (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const example = (type: abstract new () => unknown, property: string): unknown =>
  (Reflect.getMetadata(API_MODEL_PROPERTIES, type.prototype as object, property) as { example?: unknown } | undefined)?.example;
const demoAccount = (email: unknown) => DEMO_USERS.find((user) => user.email === email);

/** Swagger UI pre-fills requests with these examples: against the demo data they should simply work. */
describe('Examples in the API documentation', () => {
  it('signs in with a demo account and its password', () => {
    const account = demoAccount(example(Credentials, 'email'));
    expect({ email: example(Credentials, 'email'), password: example(Credentials, 'password') }).toEqual({
      email: account?.email,
      password: account?.password,
    });
  });

  it('asks a password reset and sends an invitation for demo accounts', () => {
    expect(demoAccount(example(PasswordResetRequest, 'email'))).toBeTruthy();
    const invited = demoAccount(example(InvitePi, 'email'));
    expect({
      name: example(InvitePi, 'name'),
      institution: example(InvitePi, 'institution'),
      country: example(InvitePi, 'country'),
    }).toEqual({
      name: invited?.name,
      institution: invited?.institution,
      country: invited?.country,
    });
  });

  it('registers an address that is not taken yet', () => {
    expect(example(Registration, 'email')).toEqual(expect.stringContaining('@'));
    expect(demoAccount(example(Registration, 'email'))).toBeUndefined();
  });
});
