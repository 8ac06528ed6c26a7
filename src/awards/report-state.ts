import { defineStateMachine } from '../common/state-machine/state-machine';
import { AWARD_ERRORS } from './awards.errors';

export enum ReportState {
  /** Awaiting the PIs' upload. */
  Due = 'DUE',
  /** Uploaded; the agencies are reviewing it (one may have accepted already). */
  Submitted = 'SUBMITTED',
  /** An agency asked for a revision: the PIs upload a new version. */
  RevisionRequested = 'REVISION_REQUESTED',
  /** Both agencies accepted the last submission. */
  Accepted = 'ACCEPTED',
}

export enum ReportAction {
  Submit = 'SUBMIT',
  /** One agency accepted the submission; the other's verdict is awaited. */
  RecordAcceptance = 'RECORD_ACCEPTANCE',
  /** The second agency accepted it too. */
  Accept = 'ACCEPT',
  RequestRevision = 'REQUEST_REVISION',
}

const S = ReportState;

/** A report's life: every allowed transition; anything absent is refused. */
export const REPORT_STATE = defineStateMachine({
  subject: 'A report',
  states: Object.values(ReportState),
  actions: Object.values(ReportAction),
  forbidden: AWARD_ERRORS.REPORT_TRANSITION_FORBIDDEN,
  transitions: {
    [ReportAction.Submit]: { [S.Due]: S.Submitted, [S.RevisionRequested]: S.Submitted },
    [ReportAction.RecordAcceptance]: { [S.Submitted]: S.Submitted },
    [ReportAction.Accept]: { [S.Submitted]: S.Accepted },
    [ReportAction.RequestRevision]: { [S.Submitted]: S.RevisionRequested },
  },
  refusals: {
    [ReportAction.Submit]: {
      error: AWARD_ERRORS.REPORT_NOT_AWAITED,
      message: 'The report is not awaited from you now: it is with the agencies, or already accepted',
    },
  },
});

/** States in which the PIs are expected to act, so reminders still matter. */
export const AWAITING_PIS: readonly ReportState[] = [S.Due, S.RevisionRequested];
