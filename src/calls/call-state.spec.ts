import { DomainError } from '../common/errors/domain-error';
import { CALL_TRANSITIONS, CallAction, CallState, effectiveCallState, nextCallState } from './call-state';

const ALLOWED: [CallState, CallAction, CallState][] = [
  [CallState.Draft, CallAction.Edit, CallState.Draft],
  [CallState.Draft, CallAction.Approve, CallState.Draft],
  [CallState.Draft, CallAction.Publish, CallState.Published],
  [CallState.Draft, CallAction.Cancel, CallState.Cancelled],
  [CallState.Published, CallAction.Cancel, CallState.Cancelled],
  [CallState.Published, CallAction.Close, CallState.Closed],
  [CallState.Published, CallAction.Extend, CallState.Published],
  [CallState.Closed, CallAction.Extend, CallState.Published],
  [CallState.Closed, CallAction.StartReview, CallState.InReview],
  [CallState.InReview, CallAction.StartDecision, CallState.InDecision],
  [CallState.InDecision, CallAction.Finalize, CallState.Finalized],
];

describe(nextCallState.name, () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextCallState(from, action)).toBe(to);
  });

  const forbidden = Object.values(CallState).flatMap((from) =>
    Object.values(CallAction)
      .filter((action) => !ALLOWED.some(([state, allowed]) => state === from && allowed === action))
      .map((action) => [from, action] as const),
  );

  it.each(forbidden)('forbids %s --%s-->', (from, action) => {
    expect(() => nextCallState(from, action)).toThrow(DomainError);
    try {
      nextCallState(from, action);
    } catch (error) {
      expect((error as DomainError).code).toBe('CALL_TRANSITION_FORBIDDEN');
    }
  });

  it('has a table of exactly the allowed transitions', () => {
    const table = Object.entries(CALL_TRANSITIONS).flatMap(([action, moves]) =>
      Object.entries(moves).map(([from, to]) => [from, action, to]),
    );
    expect(table).toHaveLength(ALLOWED.length);
  });

  it('never leaves a final state', () => {
    for (const action of Object.values(CallAction)) {
      expect(() => nextCallState(CallState.Finalized, action)).toThrow(DomainError);
      expect(() => nextCallState(CallState.Cancelled, action)).toThrow(DomainError);
    }
  });
});

describe(effectiveCallState.name, () => {
  const closesAt = new Date('2027-03-31T09:00:00Z');

  it('shows a published call past its deadline as closed', () => {
    expect(effectiveCallState({ state: CallState.Published, closesAt }, new Date('2027-03-31T09:00:00Z'))).toBe(CallState.Closed);
  });

  it('shows a published call before its deadline as published', () => {
    expect(effectiveCallState({ state: CallState.Published, closesAt }, new Date('2027-03-31T08:59:59.999Z'))).toBe(CallState.Published);
  });

  it('leaves every other state as stored', () => {
    for (const state of Object.values(CallState).filter((state) => state !== CallState.Published)) {
      expect(effectiveCallState({ state, closesAt }, new Date('2030-01-01T00:00:00Z'))).toBe(state);
    }
  });
});
