import { DomainError } from '../common/errors/domain-error';

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
  Finalize = 'FINALIZE',
}

/** Every allowed transition; anything absent is forbidden. */
export const CALL_TRANSITIONS: Record<CallAction, Partial<Record<CallState, CallState>>> = {
  [CallAction.Edit]: { [CallState.Draft]: CallState.Draft },
  [CallAction.Approve]: { [CallState.Draft]: CallState.Draft },
  [CallAction.Publish]: { [CallState.Draft]: CallState.Published },
  [CallAction.Cancel]: { [CallState.Draft]: CallState.Cancelled, [CallState.Published]: CallState.Cancelled },
  [CallAction.Close]: { [CallState.Published]: CallState.Closed },
  // Extending a closed call (not yet in review) reopens it for submissions.
  [CallAction.Extend]: { [CallState.Published]: CallState.Published, [CallState.Closed]: CallState.Published },
  [CallAction.StartReview]: { [CallState.Closed]: CallState.InReview },
  [CallAction.StartDecision]: { [CallState.InReview]: CallState.InDecision },
  [CallAction.Finalize]: { [CallState.InDecision]: CallState.Finalized },
};

export function nextCallState(state: CallState, action: CallAction): CallState {
  const next = CALL_TRANSITIONS[action][state];
  if (!next)
    throw new DomainError(
      'CALL_TRANSITION_FORBIDDEN',
      'conflict',
      `A call in state ${state} cannot ${action.toLowerCase().replace('_', ' ')}`,
    );
  return next;
}

/**
 * The state a reader should see: a published call past its deadline is closed even if the closing job has not
 * run yet.
 */
export function effectiveCallState(call: { state: CallState; closesAt: Date }, now: Date): CallState {
  return call.state === CallState.Published && call.closesAt.getTime() <= now.getTime() ? CallState.Closed : call.state;
}

/** States in which researchers can see a call. */
export const PUBLIC_CALL_STATES = [CallState.Published, CallState.Closed, CallState.InReview, CallState.InDecision, CallState.Finalized];
