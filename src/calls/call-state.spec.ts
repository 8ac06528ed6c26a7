import { describeStateMachine } from '../common/state-machine/state-machine.testing';
import { CALL_STATE, CallAction, CallState, effectiveCallState } from './call-state';

describeStateMachine(
  'CALL_STATE',
  CALL_STATE,
  [
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
    [CallState.InDecision, CallAction.Decide, CallState.InDecision],
    [CallState.InDecision, CallAction.Finalize, CallState.Finalized],
  ],
  { [CallAction.Decide]: 'CALL_NOT_IN_DECISION' },
);

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
