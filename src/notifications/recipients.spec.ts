import { Language } from '../common/identity/role';
import { personalTimezone, Whereabouts } from './recipients';

/** Someone of unknown country with no agency: every row changes one thing. */
const nobody: Whereabouts = { country: null, language: Language.English, agencyTimezone: null, countryTimezones: [] };

const CASES: [string, Whereabouts, string][] = [
  [
    "an officer: their agency's zone",
    { ...nobody, country: 'TW', agencyTimezone: 'Europe/Prague', countryTimezones: ['Asia/Taipei'] },
    'Europe/Prague',
  ],
  ['a Czech reviewer: the zone of the Czech agency', { ...nobody, country: 'CZ', countryTimezones: ['Europe/Prague'] }, 'Europe/Prague'],
  ['a French reviewer: the zone of the French agency', { ...nobody, country: 'FR', countryTimezones: ['Europe/Paris'] }, 'Europe/Paris'],
  ['a Taiwanese researcher: NSTC’s zone', { ...nobody, country: 'TW', countryTimezones: ['Asia/Taipei'] }, 'Asia/Taipei'],
  ['a country without an agency: UTC', { ...nobody, country: 'CH' }, 'UTC'],
  [
    'a country whose agencies disagree on the zone: UTC',
    { ...nobody, country: 'US', countryTimezones: ['America/Los_Angeles', 'America/New_York'] },
    'UTC',
  ],
  ['unknown country, reading Chinese: Taipei', { ...nobody, language: Language.TraditionalChinese }, 'Asia/Taipei'],
  ['unknown country, reading English: UTC', nobody, 'UTC'],
  ['a known country wins over the language', { ...nobody, country: 'CH', language: Language.TraditionalChinese }, 'UTC'],
];

describe(personalTimezone.name, () => {
  it.each(CASES)('%s', (_name, person, zone) => {
    expect(personalTimezone(person)).toBe(zone);
  });
});
