// Dates as the e-mails show them (formatDateTime in src/notifications/email-renderer.ts): the weekday, the 24-hour time,
// the IANA zone and its offset on that day, put together from parts so the layout is the same whatever the ICU version.
// A spec (src/pages/datetime.spec.ts) keeps the two equal.

const LOCALES = { en: 'en-GB', 'zh-TW': 'zh-TW' };

const LAYOUTS = {
  // Tuesday, 1 December 2026, 17:00 (Asia/Taipei, GMT+8)
  en: (p, zone) => `${p.weekday}, ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${zone}, ${p.timeZoneName})`,
  // 2026年12月1日 星期二 17:00（Asia/Taipei，GMT+8）
  'zh-TW': (p, zone) => `${p.year}年${p.month}月${p.day}日 ${p.weekday} ${p.hour}:${p.minute}（${zone}，${p.timeZoneName}）`,
};

/** An ISO 8601 instant in an IANA time zone, in `language` (en or zh-TW). */
export function formatDateTime(iso, timeZone, language) {
  const format = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: language === 'en' ? 'long' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return LAYOUTS[language](parts, timeZone);
}
