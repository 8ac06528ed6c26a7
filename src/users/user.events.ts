/**
 * Emitted inside the transaction that opened an account; listeners join it. Proposals link the co-investigators
 * named with this address to the new account, so that they see the proposals they are on.
 */
export class AccountOpened {
  static readonly event = 'user.account-opened';

  constructor(
    readonly userId: string,
    readonly email: string,
  ) {}
}
