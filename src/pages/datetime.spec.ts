import { Language } from '../common/identity/role';
import { formatDateTime } from '../notifications/email-renderer';

/** The pages' script, which shows dates in the browser; it must show them as the e-mails do. */
const pages = jest.requireActual<{ formatDateTime: (iso: string, timeZone: string, language: Language) => string }>('./assets/datetime.js');

describe('Dates on the pages', () => {
  const instants = ['2026-12-01T09:00:00Z', '2027-03-31T09:00:00Z', '2026-07-01T23:30:00Z', '2027-10-31T00:59:00Z'];
  const zones = ['Asia/Taipei', 'Europe/Prague', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham'];
  const cases = Object.values(Language).flatMap((language) =>
    zones.flatMap((zone) => instants.map((iso) => [language, zone, iso] as const)),
  );

  it.each(cases)('in %s and %s read %s as the e-mails do', (language, zone, iso) => {
    expect(pages.formatDateTime(iso, zone, language)).toBe(formatDateTime(iso, zone, language));
  });

  it('spells out the weekday, the time, the zone and its offset', () => {
    expect(pages.formatDateTime('2027-03-31T09:00:00Z', 'Europe/Prague', Language.English)).toBe(
      'Wednesday, 31 March 2027, 11:00 (Europe/Prague, GMT+2)',
    );
    expect(pages.formatDateTime('2027-03-31T09:00:00Z', 'Asia/Taipei', Language.TraditionalChinese)).toBe(
      '2027年3月31日 星期三 17:00（Asia/Taipei，GMT+8）',
    );
  });
});
