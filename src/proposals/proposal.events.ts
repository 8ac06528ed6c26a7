/**
 * Emitted inside the transaction that withdrew a proposal; listeners join it (the funding decisions already recorded
 * on it give their amounts back to the agencies' budgets), so everything moves with the withdrawal or not at all.
 */
export class ProposalWithdrawn {
  static readonly event = 'proposal.withdrawn';

  constructor(
    readonly proposalId: string,
    readonly callId: string,
    readonly actorId: string,
  ) {}
}
