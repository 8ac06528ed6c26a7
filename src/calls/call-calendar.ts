import { ICalCalendar } from 'ical-generator';
import { Call } from './call.entity';

const inZone = (instant: Date, timezone: string) =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: timezone }).format(instant)} (${timezone})`;

/**
 * A call's dates as iCalendar events. Each description states the time in the call's zone and, when it differs,
 * the partner agency's, so nobody in Prague or Tokyo converts Taipei time by hand.
 */
export function callCalendar(call: Call, callUrl: string): string {
  const zones = [...new Set([call.timezone, call.partnerAgency.timezone])];
  const calendar = new ICalCalendar({ name: call.title, prodId: { company: 'NSTC', product: 'Joint Calls', language: 'EN' } });
  const dates: [string, string, Date][] = [
    ['opens', 'Call opens for submissions', call.opensAt],
    ['closes', 'Submission deadline', call.closesAt],
    ['reviews-due', 'Reviews due', call.reviewDueAt],
    ['decision', 'Funding decision expected', call.decisionExpectedAt],
  ];
  for (const [key, summary, instant] of dates) {
    calendar.createEvent({
      id: `${call.id}-${key}@joint-calls`,
      start: instant,
      end: instant,
      summary: `${summary}: ${call.title}`,
      description: zones.map((zone) => inZone(instant, zone)).join('\n'),
      url: callUrl,
      stamp: call.updatedAt,
    });
  }
  return calendar.toString();
}
