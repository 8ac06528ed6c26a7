import { Language } from '../../common/identity/role';
import { en, Messages } from './en';
import { zhTW } from './zh-TW';

export type { Messages };

/** The pages' texts per language; a language without every text fails to compile. */
export const MESSAGES: Record<Language, Messages> = {
  [Language.English]: en,
  [Language.TraditionalChinese]: zhTW,
};
