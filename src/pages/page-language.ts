import { Language } from '../common/identity/role';

const LANGUAGES = Object.values(Language);

/**
 * What a language tag (BCP 47, compared case-insensitively) is read in: English for every `en`, Traditional Chinese for
 * `zh-TW`, `zh-Hant`, `zh-HK`, `zh-MO` and a bare `zh`. Simplified Chinese and everything else have no page of their own.
 */
function languageOfTag(tag: string): Language | undefined {
  const [primary, ...subtags] = tag.toLowerCase().split('-');
  if (primary === 'en') return Language.English;
  if (primary !== 'zh') return undefined;
  if (subtags.length === 0 || subtags.some((subtag) => ['tw', 'hant', 'hk', 'mo'].includes(subtag))) return Language.TraditionalChinese;
  return undefined;
}

/** The languages of an Accept-Language header, most preferred first; those with q=0 are refused, not wanted. */
function preferences(acceptLanguage: string): string[] {
  return acceptLanguage
    .split(',')
    .map((entry, index) => {
      const [tag, ...parameters] = entry.trim().split(';');
      const q = parameters.map((parameter) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, quality }) => tag !== '' && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map(({ tag }) => tag);
}

/** The language of a page: the link's `?lang=` first (e-mails carry the recipient's), then the browser's, else English. */
export function pageLanguage(lang: unknown, acceptLanguage: string | undefined): Language {
  const asked = typeof lang === 'string' ? LANGUAGES.find((language) => language.toLowerCase() === lang.toLowerCase()) : undefined;
  if (asked) return asked;
  for (const tag of preferences(acceptLanguage ?? '')) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return Language.English;
}
