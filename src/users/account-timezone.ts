import { Language } from '../common/identity/role';

/**
 * The time zone to show account e-mails' times in. Users have no time zone of their own; Taiwan's is the right
 * guess for a Taiwanese address or a Chinese-reading user, and UTC (stated as such) is unambiguous for others.
 */
export function accountTimezone(user: { country: string | null; language: Language }): string {
  return user.country === 'TW' || (user.country === null && user.language === Language.TraditionalChinese) ? 'Asia/Taipei' : 'UTC';
}
