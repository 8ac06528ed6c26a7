import { Language } from '../common/identity/role';
import { pageLanguage } from './page-language';

const { English: EN, TraditionalChinese: ZH } = Language;

describe(pageLanguage.name, () => {
  it.each([
    ['zh-TW', 'en-GB,en;q=0.9', ZH],
    ['en', 'zh-TW', EN],
    ['ZH-tw', undefined, ZH],
    ['EN', undefined, EN],
  ])('takes ?lang=%s over Accept-Language %s', (lang, acceptLanguage, expected) => {
    expect(pageLanguage(lang, acceptLanguage)).toBe(expected);
  });

  it.each([
    [undefined, 'zh-TW,zh;q=0.9,en;q=0.8', ZH],
    ['fr', 'zh-Hant-TW', ZH],
    [['en', 'zh-TW'], 'zh-HK', ZH],
    [undefined, 'zh', ZH],
    [undefined, 'zh-MO', ZH],
    [undefined, 'en-US,en;q=0.9', EN],
    [undefined, 'cs-CZ,cs;q=0.9,zh-TW;q=0.8,en;q=0.7', ZH],
    [undefined, 'cs,en;q=0.5,zh-TW;q=0.4', EN],
    [undefined, 'zh-TW;q=0.5,en;q=0.8', EN],
    [undefined, 'en;q=0.5,zh-TW;q=0.5', EN],
    [undefined, 'zh-CN,zh-TW;q=0.8', ZH],
    [undefined, 'zh-Hans-CN,en;q=0.7', EN],
    [undefined, 'zh-TW;q=0,en', EN],
    [undefined, '  zh-tw ; q=0.9 ', ZH],
  ])('with ?lang=%p reads Accept-Language %s', (lang, acceptLanguage, expected) => {
    expect(pageLanguage(lang, acceptLanguage)).toBe(expected);
  });

  it.each([
    [undefined, undefined],
    ['de', 'de-DE,fr;q=0.8'],
    [undefined, '*'],
    [undefined, ''],
    [undefined, ';;,,q=1'],
    [undefined, 'zh-CN'],
  ])('falls back to English for ?lang=%p and Accept-Language %p', (lang, acceptLanguage) => {
    expect(pageLanguage(lang, acceptLanguage)).toBe(EN);
  });
});
