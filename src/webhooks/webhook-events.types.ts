/**
 * The events an agency's systems can subscribe to, each about a call its agency is party to. A payload carries ids
 * and the facts of the event, never confidential review content; money travels as decimal strings with currency.
 */
export const WEBHOOK_EVENT_TYPES = [
  'call.published',
  'call.closed',
  'proposal.submitted',
  'proposal.eligibility_recorded',
  'decision.recorded',
  'call.finalized',
  'award.report_submitted',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a feature records in the transaction of the change. */
export interface WebhookEventInput {
  type: WebhookEventType;
  /** The call the event belongs to: its two agencies' endpoints receive it. */
  call: { id: string; homeAgencyId: string; partnerAgencyId: string };
  /** The facts, JSON-serialisable: ids, states, dates as ISO 8601, money as { amount, currency }. */
  data: Record<string, unknown>;
}
