/**
 * Emitted inside the transaction that moved a call's deadline; listeners (the proposals' reminders) join it, so
 * the reminders move and the notices are written with the new deadline or not at all.
 */
export class CallDeadlineExtended {
  static readonly event = 'call.deadline-extended';

  constructor(
    readonly callId: string,
    readonly previousClosesAt: Date,
    readonly closesAt: Date,
  ) {}
}

/** Emitted inside the transaction that closed a call at its deadline. */
export class CallClosed {
  static readonly event = 'call.closed';

  constructor(
    readonly callId: string,
    readonly closedAt: Date,
  ) {}
}

/** Emitted inside the transaction that moved a call to IN_DECISION: the agencies' budget ledgers open with it. */
export class CallDecisionStarted {
  static readonly event = 'call.decision-started';

  constructor(readonly callId: string) {}
}
