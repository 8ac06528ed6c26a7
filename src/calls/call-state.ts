import { defineStateMachine } from '../common/state-machine/state-machine';
import { CALL_ERRORS } from './call.errors';

export enum CallState {
  Draft = 'DRAFT',
  Published = 'PUBLISHED',
  Closed = 'CLOSED',
  InReview = 'IN_REVIEW',
  InDecision = 'IN_DECISION',
  Finalized = 'FINALIZED',
  Cancelled = 'CANCELLED',
}

export enum CallAction {
  Edit = 'EDIT',
  Approve = 'APPROVE',
  Publish = 'PUBLISH',
  Cancel = 'CANCEL',
  Close = 'CLOSE',
  Extend = 'EXTEND',
  StartReview = 'START_REVIEW',
  StartDecision = 'START_DECISION',
  /** Record or change an agency's funding decision on one of the call's proposals. */
  Decide = 'DECIDE',
  Finalize = 'FINALIZE',
}

/** A call's life: every allowed transition; anything absent is refused with CALL_TRANSITION_FORBIDDEN. */
export const CALL_STATE = defineStateMachine({
  subject: 'A call',
  states: Object.values(CallState),
  actions: Object.values(CallAction),
  forbidden: CALL_ERRORS.CALL_TRANSITION_FORBIDDEN,
  transitions: {
    [CallAction.Edit]: { [CallState.Draft]: CallState.Draft },
    [CallAction.Approve]: { [CallState.Draft]: CallState.Draft },
    [CallAction.Publish]: { [CallState.Draft]: CallState.Published },
    [CallAction.Cancel]: { [CallState.Draft]: CallState.Cancelled, [CallState.Published]: CallState.Cancelled },
    [CallAction.Close]: { [CallState.Published]: CallState.Closed },
    // Extending a closed call (not yet in review) reopens it for submissions.
    [CallAction.Extend]: { [CallState.Published]: CallState.Published, [CallState.Closed]: CallState.Published },
    [CallAction.StartReview]: { [CallState.Closed]: CallState.InReview },
    [CallAction.StartDecision]: { [CallState.InReview]: CallState.InDecision },
    // Decisions change freely while the call is in decision; finalization freezes them.
    [CallAction.Decide]: { [CallState.InDecision]: CallState.InDecision },
    [CallAction.Finalize]: { [CallState.InDecision]: CallState.Finalized },
  },
  refusals: {
    [CallAction.Decide]: {
      error: CALL_ERRORS.CALL_NOT_IN_DECISION,
      message: 'Funding decisions are recorded only while the call is IN_DECISION; once it is finalized they are frozen',
    },
  },
});

/**
 * The state a reader should see: a published call past its deadline is closed even if the closing job has not
 * run yet.
 */
export function effectiveCallState(call: { state: CallState; closesAt: Date }, now: Date): CallState {
  return call.state === CallState.Published && call.closesAt.getTime() <= now.getTime() ? CallState.Closed : call.state;
}

/** States in which researchers can see a call. */
export const PUBLIC_CALL_STATES = [CallState.Published, CallState.Closed, CallState.InReview, CallState.InDecision, CallState.Finalized];
