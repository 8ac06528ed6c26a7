import { FieldProblem } from '../common/errors/domain-error';
import { toCents } from '../common/money/money';
import { Side, TeamRole } from './team-member.entity';

export interface SubmissionCandidate {
  title: string;
  abstract: string;
  keywords: string[];
  scientificField: string | null;
  durationMonths: number | null;
  homeBudget: string | null;
  partnerBudget: string | null;
  team: { role: TeamRole; side: Side; confirmedAt: Date | null }[];
  attachmentKinds: string[];
}

export interface SubmissionTerms {
  durationLimitMonths: number;
  homeMaxPerProposal: string;
  partnerMaxPerProposal: string;
  requiredAttachmentKinds: string[];
  currencies: { home: string; partner: string };
}

/** A call takes submissions while published and between its opening and its deadline (exclusive). */
export const acceptsSubmissions = (call: { state: string; opensAt: Date; closesAt: Date }, now: Date): boolean =>
  call.state === 'PUBLISHED' && call.opensAt.getTime() <= now.getTime() && now.getTime() < call.closesAt.getTime();

/**
 * Everything a joint proposal needs before it can be submitted, reported together so that the PIs can fix it in
 * one go: content, both PIs confirmed, every required attachment, budgets within each agency's cap and the
 * duration within the call's limit.
 */
export function checkSubmission(proposal: SubmissionCandidate, terms: SubmissionTerms): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!proposal.abstract.trim()) problems.push({ field: 'abstract', message: 'the abstract is empty' });
  if (proposal.keywords.length === 0) problems.push({ field: 'keywords', message: 'at least one keyword is needed' });
  if (!proposal.scientificField) problems.push({ field: 'scientificField', message: 'the scientific field is missing' });

  for (const side of [Side.Home, Side.Partner]) {
    const pi = proposal.team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.side === side);
    const label = side === Side.Home ? 'home' : 'partner';
    if (!pi) problems.push({ field: `team.${label}Pi`, message: `the ${label} principal investigator has not been invited` });
    else if (!pi.confirmedAt)
      problems.push({ field: `team.${label}Pi`, message: `the ${label} principal investigator has not confirmed participation` });
  }

  for (const kind of terms.requiredAttachmentKinds) {
    if (!proposal.attachmentKinds.includes(kind))
      problems.push({ field: `attachments.${kind}`, message: `the required attachment "${kind}" is missing` });
  }

  const budgets = [
    ['homeBudget', proposal.homeBudget, terms.homeMaxPerProposal, terms.currencies.home],
    ['partnerBudget', proposal.partnerBudget, terms.partnerMaxPerProposal, terms.currencies.partner],
  ] as const;
  for (const [field, requested, cap, currency] of budgets) {
    if (requested === null) problems.push({ field, message: 'the requested budget is missing' });
    else if (toCents(requested) > toCents(cap))
      problems.push({ field, message: `${requested} ${currency} exceeds the cap of ${cap} ${currency} per proposal` });
  }

  if (proposal.durationMonths === null) problems.push({ field: 'durationMonths', message: 'the duration is missing' });
  else if (proposal.durationMonths > terms.durationLimitMonths) {
    problems.push({
      field: 'durationMonths',
      message: `${proposal.durationMonths} months exceeds the call's limit of ${terms.durationLimitMonths}`,
    });
  }
  return problems;
}
