import { FieldProblem } from '../common/errors/domain-error';
import { toCents } from '../common/money/money';

/** Award reports are stored as the proposal's attachments of these kinds (awards/report files). */
export const RESERVED_ATTACHMENT_KINDS = /^report-/;

export interface CallDraft {
  opensAt: Date;
  closesAt: Date;
  reviewDueAt: Date;
  decisionExpectedAt: Date;
  projectStartsAt?: Date;
  requiredAttachmentKinds?: string[];
  budgets: {
    home: { maxPerProposal: { amount: string; currency: string }; total: { amount: string; currency: string } };
    partner: { maxPerProposal: { amount: string; currency: string }; total: { amount: string; currency: string } };
  };
  reviewCriteria: { key: string }[];
}

export interface CallParties {
  home: { currency: string };
  partner: { id: string; currency: string; isHome: boolean } | null;
  /** The agreement named by the call, if any, with the agencies it binds. */
  agreement?: { homeAgencyId: string; partnerAgencyId: string } | null;
  agreementRequested: boolean;
}

/**
 * What a call's text must satisfy to be saved: dates in order, budgets in each agency's own currency with the
 * per-proposal cap within the total, distinct criteria, and a real counterpart. Every problem at once.
 */
export function checkCallContent(call: CallDraft, parties: CallParties): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const order: [keyof CallDraft, keyof CallDraft, string][] = [
    ['opensAt', 'closesAt', 'closesAt must be after opensAt'],
    ['closesAt', 'reviewDueAt', 'reviewDueAt must be after closesAt'],
    ['reviewDueAt', 'decisionExpectedAt', 'decisionExpectedAt must be after reviewDueAt'],
  ];
  for (const [earlier, later, message] of order) {
    if ((call[later] as Date).getTime() <= (call[earlier] as Date).getTime()) problems.push({ field: later, message });
  }

  if (call.projectStartsAt && call.projectStartsAt.getTime() <= call.closesAt.getTime())
    problems.push({ field: 'projectStartsAt', message: 'projectStartsAt must be after closesAt' });
  for (const kind of call.requiredAttachmentKinds ?? []) {
    if (RESERVED_ATTACHMENT_KINDS.test(kind))
      problems.push({ field: 'requiredAttachmentKinds', message: `"${kind}": kinds starting with report- are reserved for award reports` });
  }

  if (!parties.partner) problems.push({ field: 'partnerAgencyId', message: 'no agency has this id' });
  else if (parties.partner.isHome)
    problems.push({ field: 'partnerAgencyId', message: 'the partner must be a counterpart agency, not NSTC' });

  const sides = [
    ['home', parties.home.currency],
    ['partner', parties.partner?.currency],
  ] as const;
  for (const [side, currency] of sides) {
    const budget = call.budgets[side];
    for (const part of ['maxPerProposal', 'total'] as const) {
      if (currency && budget[part].currency !== currency) {
        problems.push({ field: `budgets.${side}.${part}.currency`, message: `must be ${currency}, the ${side} agency's currency` });
      }
    }
    if (toCents(budget.maxPerProposal.amount) <= 0n)
      problems.push({ field: `budgets.${side}.maxPerProposal.amount`, message: 'must be above zero' });
    if (toCents(budget.maxPerProposal.amount) > toCents(budget.total.amount)) {
      problems.push({ field: `budgets.${side}.maxPerProposal.amount`, message: 'cannot exceed the total budget' });
    }
  }

  const keys = call.reviewCriteria.map((criterion) => criterion.key);
  if (new Set(keys).size !== keys.length) problems.push({ field: 'reviewCriteria', message: 'criterion keys must be distinct' });

  if (parties.agreementRequested) {
    const agreement = parties.agreement;
    if (!agreement) problems.push({ field: 'agreementId', message: 'no agreement has this id' });
    else if (agreement.partnerAgencyId !== parties.partner?.id)
      problems.push({ field: 'agreementId', message: 'the agreement is not with the partner agency' });
  }
  return problems;
}

/** Publishing needs an approval of the current text from an officer of each agency, and a deadline still ahead. */
export function checkPublishable(
  call: { homeAgencyId: string; partnerAgencyId: string; version: number; closesAt: Date },
  approvals: { agencyId: string; callVersion: number }[],
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [side, agencyId] of [
    ['home', call.homeAgencyId],
    ['partner', call.partnerAgencyId],
  ] as const) {
    if (!approvals.some((approval) => approval.agencyId === agencyId && approval.callVersion === call.version)) {
      problems.push({ field: 'approvals', message: `an officer of the ${side} agency must approve the current text` });
    }
  }
  if (call.closesAt.getTime() <= now.getTime())
    problems.push({ field: 'closesAt', message: 'the deadline has passed; move it before publishing' });
  return problems;
}

/** A deadline only moves later, to a time still ahead and before the reviews are due. */
export function checkExtension(call: { closesAt: Date; reviewDueAt: Date }, requested: Date, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (requested.getTime() <= call.closesAt.getTime())
    problems.push({ field: 'closesAt', message: 'the new deadline must be later than the current one' });
  if (requested.getTime() <= now.getTime()) problems.push({ field: 'closesAt', message: 'the new deadline must be in the future' });
  if (requested.getTime() >= call.reviewDueAt.getTime())
    problems.push({ field: 'closesAt', message: 'the new deadline must be before reviewDueAt' });
  return problems;
}
