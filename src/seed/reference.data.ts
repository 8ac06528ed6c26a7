import { AgreementKind } from '../reference-data/agreement.entity';
import { Language, Role } from '../common/identity/role';

/** NSTC and real counterpart agencies it runs joint calls with. */
export const AGENCIES = [
  { code: 'NSTC', name: 'National Science and Technology Council', country: 'TW', currency: 'TWD', timezone: 'Asia/Taipei', isHome: true },
  { code: 'DFG', name: 'Deutsche Forschungsgemeinschaft', country: 'DE', currency: 'EUR', timezone: 'Europe/Berlin', isHome: false },
  { code: 'ANR', name: 'Agence nationale de la recherche', country: 'FR', currency: 'EUR', timezone: 'Europe/Paris', isHome: false },
  { code: 'GACR', name: 'Czech Science Foundation (GAČR)', country: 'CZ', currency: 'CZK', timezone: 'Europe/Prague', isHome: false },
  { code: 'LMT', name: 'Research Council of Lithuania', country: 'LT', currency: 'EUR', timezone: 'Europe/Vilnius', isHome: false },
  { code: 'ISF', name: 'Israel Science Foundation', country: 'IL', currency: 'ILS', timezone: 'Asia/Jerusalem', isHome: false },
  {
    code: 'NAFOSTED',
    name: 'National Foundation for Science and Technology Development',
    country: 'VN',
    currency: 'VND',
    timezone: 'Asia/Ho_Chi_Minh',
    isHome: false,
  },
  {
    code: 'DST',
    name: 'Department of Science and Technology, Government of India',
    country: 'IN',
    currency: 'INR',
    timezone: 'Asia/Kolkata',
    isHome: false,
  },
  { code: 'JST', name: 'Japan Science and Technology Agency', country: 'JP', currency: 'JPY', timezone: 'Asia/Tokyo', isHome: false },
];

/** The eighteen Science and Technology Divisions abroad. */
export const OFFICES = [
  ['Boston', 'US', 'America/New_York'],
  ['Washington', 'US', 'America/New_York'],
  ['Los Angeles', 'US', 'America/Los_Angeles'],
  ['San Francisco', 'US', 'America/Los_Angeles'],
  ['Houston', 'US', 'America/Chicago'],
  ['Ottawa', 'CA', 'America/Toronto'],
  ['London', 'GB', 'Europe/London'],
  ['Paris', 'FR', 'Europe/Paris'],
  ['Bonn', 'DE', 'Europe/Berlin'],
  ['Brussels', 'BE', 'Europe/Brussels'],
  ['Prague', 'CZ', 'Europe/Prague'],
  ['Moscow', 'RU', 'Europe/Moscow'],
  ['Canberra', 'AU', 'Australia/Sydney'],
  ['New Delhi', 'IN', 'Asia/Kolkata'],
  ['Hanoi', 'VN', 'Asia/Ho_Chi_Minh'],
  ['Tokyo', 'JP', 'Asia/Tokyo'],
  ['Tel Aviv', 'IL', 'Asia/Jerusalem'],
  ['Vilnius', 'LT', 'Europe/Vilnius'],
].map(([city, country, timezone]) => ({ name: `Science and Technology Division, ${city}`, city, country, timezone }));

/** Illustrative agreements for the demo; titles and dates are not official records. */
export const AGREEMENTS = [
  {
    partner: 'DFG',
    title: 'Agreement on Cooperation in Research (NSTC–DFG)',
    kind: AgreementKind.Agreement,
    signedOn: '2016-06-01',
    expiresOn: null,
  },
  {
    partner: 'ANR',
    title: 'Memorandum of Understanding on Joint Research Projects (NSTC–ANR)',
    kind: AgreementKind.Mou,
    signedOn: '2018-11-20',
    expiresOn: '2028-11-19',
  },
  {
    partner: 'GACR',
    title: 'Memorandum of Understanding on Bilateral Research Projects (NSTC–GAČR)',
    kind: AgreementKind.Mou,
    signedOn: '2019-03-14',
    expiresOn: '2029-03-13',
  },
  {
    partner: 'LMT',
    title: 'Agreement on Scientific Cooperation (NSTC–LMT)',
    kind: AgreementKind.Agreement,
    signedOn: '2014-10-08',
    expiresOn: null,
  },
  {
    partner: 'ISF',
    title: 'Memorandum of Understanding on Joint Research (NSTC–ISF)',
    kind: AgreementKind.Mou,
    signedOn: '2020-01-15',
    expiresOn: '2030-01-14',
  },
  {
    partner: 'JST',
    title: 'Implementing Arrangement on Strategic International Collaborative Research (NSTC–JST)',
    kind: AgreementKind.ImplementingArrangement,
    signedOn: '2017-09-05',
    expiresOn: null,
  },
];

/** One account per role for trying the system locally. Passwords are for local use only (see README). */
export const DEMO_USERS = [
  {
    email: 'officer.nstc@joint-calls.localhost',
    name: 'Lin Mei-Hua',
    roles: [Role.Officer],
    agency: 'NSTC',
    language: Language.TraditionalChinese,
    institution: 'NSTC',
    country: 'TW',
  },
  {
    email: 'officer.gacr@joint-calls.localhost',
    name: 'Jana Nováková',
    roles: [Role.Officer],
    agency: 'GACR',
    language: Language.English,
    institution: 'GAČR',
    country: 'CZ',
  },
  {
    email: 'officer.dfg@joint-calls.localhost',
    name: 'Katrin Weber',
    roles: [Role.Officer],
    agency: 'DFG',
    language: Language.English,
    institution: 'DFG',
    country: 'DE',
  },
  {
    email: 'officer.lmt@joint-calls.localhost',
    name: 'Rūta Kazlauskienė',
    roles: [Role.Officer],
    agency: 'LMT',
    language: Language.English,
    institution: 'Research Council of Lithuania',
    country: 'LT',
  },
  {
    email: 'officer.isf@joint-calls.localhost',
    name: 'Noa Levi',
    roles: [Role.Officer],
    agency: 'ISF',
    language: Language.English,
    institution: 'Israel Science Foundation',
    country: 'IL',
  },
  {
    email: 'pi.taiwan@joint-calls.localhost',
    name: 'Chen Wei-Ting',
    roles: [Role.Researcher],
    agency: null,
    language: Language.TraditionalChinese,
    institution: 'National Taiwan University',
    country: 'TW',
  },
  {
    email: 'pi.czech@joint-calls.localhost',
    name: 'Petr Svoboda',
    roles: [Role.Researcher],
    agency: null,
    language: Language.English,
    institution: 'Charles University',
    country: 'CZ',
  },
  {
    email: 'reviewer@joint-calls.localhost',
    name: 'Ingrid Larsen',
    roles: [Role.Reviewer, Role.Researcher],
    agency: null,
    language: Language.English,
    institution: 'University of Oslo',
    country: 'NO',
    expertise: ['quantum materials', 'spintronics', 'condensed matter'],
  },
].map((user) => ({ ...user, password: `${user.email.split('@')[0].replace('.', '-')}-demo` }));
