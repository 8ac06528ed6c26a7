import { addMonths, awardCalendar } from './award-calendar';
import { ReportKind } from './report.entity';

const at = (iso: string) => new Date(iso);

describe(addMonths.name, () => {
  it('keeps the wall-clock time of the zone, not of UTC', () => {
    // Midnight of 1 March in Taipei is still 28 February in UTC: a month later is midnight of 1 April in Taipei.
    expect(addMonths(at('2027-03-01T00:00:00+08:00'), 1, 'Asia/Taipei').toISOString()).toBe('2027-03-31T16:00:00.000Z');
    expect(addMonths(at('2027-08-01T00:00:00+08:00'), 36, 'Asia/Taipei').toISOString()).toBe('2030-07-31T16:00:00.000Z');
  });

  it('follows summer time in zones that have it', () => {
    expect(addMonths(at('2027-01-15T09:00:00+01:00'), 6, 'Europe/Prague').toISOString()).toBe('2027-07-15T07:00:00.000Z');
  });

  it('ends on the last day of a shorter month', () => {
    expect(addMonths(at('2027-01-31T12:00:00Z'), 1, 'UTC').toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(addMonths(at('2027-08-31T12:00:00Z'), 18, 'UTC').toISOString()).toBe('2029-02-28T12:00:00.000Z');
  });

  it('crosses years both ways', () => {
    expect(addMonths(at('2027-11-10T00:00:00Z'), 3, 'UTC').toISOString()).toBe('2028-02-10T00:00:00.000Z');
    expect(addMonths(at('2027-02-10T00:00:00Z'), -3, 'UTC').toISOString()).toBe('2026-11-10T00:00:00.000Z');
  });
});

describe(awardCalendar.name, () => {
  it('dates a 36-month project: end, interim at 18 months, final 3 months after the end', () => {
    const calendar = awardCalendar(at('2027-08-01T00:00:00+08:00'), 36, 'Asia/Taipei');
    expect(calendar.startsAt.toISOString()).toBe('2027-07-31T16:00:00.000Z');
    expect(calendar.endsAt.toISOString()).toBe('2030-07-31T16:00:00.000Z');
    expect(calendar.reports.map(({ kind, dueAt }) => [kind, dueAt.toISOString()])).toEqual([
      [ReportKind.Interim, '2029-01-31T16:00:00.000Z'],
      [ReportKind.Final, '2030-10-31T16:00:00.000Z'],
    ]);
  });

  it('puts the interim report of an odd duration half a month past the middle month', () => {
    const calendar = awardCalendar(at('2027-08-01T00:00:00+08:00'), 9, 'Asia/Taipei');
    expect(calendar.endsAt.toISOString()).toBe('2028-04-30T16:00:00.000Z');
    expect(calendar.reports[0].dueAt.toISOString()).toBe('2027-12-15T16:00:00.000Z');
  });
});
