import { describeStateMachine } from '../common/state-machine/state-machine.testing';
import { ReportVerdict } from './report-review.entity';
import { REPORT_STATE, ReportAction, ReportState } from './report-state';
import { reportOutcome } from './report.rules';

const S = ReportState;

describeStateMachine(
  'REPORT_STATE',
  REPORT_STATE,
  [
    [S.Due, ReportAction.Submit, S.Submitted],
    [S.RevisionRequested, ReportAction.Submit, S.Submitted],
    [S.Submitted, ReportAction.RecordAcceptance, S.Submitted],
    [S.Submitted, ReportAction.Accept, S.Accepted],
    [S.Submitted, ReportAction.RequestRevision, S.RevisionRequested],
  ],
  { [ReportAction.Submit]: 'REPORT_NOT_AWAITED' },
);

describe(reportOutcome.name, () => {
  const parties = ['nstc', 'gacr'] as const;
  const { Accepted, RevisionRequested } = ReportVerdict;

  it.each([
    [[], ReportAction.RecordAcceptance],
    [[{ agencyId: 'nstc', verdict: Accepted }], ReportAction.RecordAcceptance],
    [[{ agencyId: 'gacr', verdict: Accepted }], ReportAction.RecordAcceptance],
    [
      [
        { agencyId: 'nstc', verdict: Accepted },
        { agencyId: 'gacr', verdict: Accepted },
      ],
      ReportAction.Accept,
    ],
    [[{ agencyId: 'gacr', verdict: RevisionRequested }], ReportAction.RequestRevision],
    [
      [
        { agencyId: 'nstc', verdict: Accepted },
        { agencyId: 'gacr', verdict: RevisionRequested },
      ],
      ReportAction.RequestRevision,
    ],
  ])('%j leads to %s', (verdicts, action) => {
    expect(reportOutcome(verdicts, parties)).toBe(action);
  });
});
