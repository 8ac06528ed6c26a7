import { ReportAction } from './report-state';
import { ReportVerdict } from './report-review.entity';

/**
 * Where the agencies' verdicts on one submission lead: a revision requested by either sends it back to the PIs;
 * accepted by both, it is ACCEPTED; accepted by one, the other's verdict is awaited.
 */
export function reportOutcome(
  verdicts: readonly { agencyId: string; verdict: ReportVerdict }[],
  parties: readonly [string, string],
): ReportAction.RequestRevision | ReportAction.Accept | ReportAction.RecordAcceptance {
  if (verdicts.some((verdict) => verdict.verdict === ReportVerdict.RevisionRequested)) return ReportAction.RequestRevision;
  const accepted = (agencyId: string) =>
    verdicts.some((verdict) => verdict.agencyId === agencyId && verdict.verdict === ReportVerdict.Accepted);
  return parties.every(accepted) ? ReportAction.Accept : ReportAction.RecordAcceptance;
}
