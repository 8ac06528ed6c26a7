import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Language, Role } from '../common/identity/role';
import { prepared } from '../database/prepared';

/** Someone to e-mail: where, how to address them, in which language, and the time zone to show times in. */
export interface Recipient {
  email: string;
  name: string;
  language: Language;
}

export interface Addressee extends Recipient {
  /** Their account, when they have one. */
  userId: string | null;
  timezone: string;
}

/** What is known of where a person is, to show them times in their own zone. */
export interface Whereabouts {
  /** ISO 3166-1 alpha-2 country of their institution, when known. */
  country: string | null;
  language: Language;
  /** The zone of the agency an officer works for; null for anyone else. */
  agencyTimezone: string | null;
  /** The zones of the agencies in the person's country, without repeats: none when no agency is there. */
  countryTimezones: readonly string[];
}

/** Taiwan's zone: the right guess for a Chinese-reading user whose country is unknown. */
const TAIPEI = 'Asia/Taipei';

/**
 * The time zone to show a person's times in. Accounts have no zone of their own: an officer's is their agency's; anyone
 * else's is that of the agencies of their country (CZ → Europe/Prague) when they agree on one. Otherwise UTC, stated
 * as such, is unambiguous. E-mails about a call show its own zones as well.
 */
export function personalTimezone({ country, language, agencyTimezone, countryTimezones }: Whereabouts): string {
  if (agencyTimezone) return agencyTimezone;
  if (countryTimezones.length === 1) return countryTimezones[0];
  if (country === null && language === Language.TraditionalChinese) return TAIPEI;
  return 'UTC';
}

interface AccountRow {
  id: string;
  email: string;
  name: string;
  language: Language;
  country: string | null;
  agency_timezone: string | null;
  country_timezones: string[];
}

/** The accounts, with the zones their times are shown in: their agency's (officers) and those of their country's agencies. */
const ACCOUNTS = `SELECT account.id, account.email, account.name, account.language, account.country, own.timezone AS agency_timezone,
    ARRAY(SELECT DISTINCT local.timezone FROM agency local WHERE local.country = upper(account.country) ORDER BY 1) AS country_timezones
  FROM "user" account LEFT JOIN agency own ON own.id = account.agency_id`;

/** The zones of the agencies of a country, for a person without an account. */
const COUNTRY_TIMEZONES = `SELECT ARRAY(SELECT DISTINCT timezone FROM agency WHERE country = upper($1) ORDER BY 1) AS zones`;

const toAddressee = (row: AccountRow): Addressee => ({
  userId: row.id,
  email: row.email,
  name: row.name,
  language: row.language,
  timezone: personalTimezone({
    country: row.country,
    language: row.language,
    agencyTimezone: row.agency_timezone,
    countryTimezones: row.country_timezones,
  }),
});

/**
 * Who e-mails go to, for every module: accounts by id, people by address (their account's language when they have
 * one), and the officers of agencies. Reads the accounts and agencies tables directly, inside the caller's transaction,
 * so that notifications depends on no feature module.
 */
@Injectable()
export class RecipientDirectory {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Active accounts by id; ids without one are left out. */
  async accounts(ids: readonly string[]): Promise<Map<string, Addressee>> {
    if (ids.length === 0) return new Map();
    const { rows } = await prepared<AccountRow>(this.txHost.tx, `${ACCOUNTS} WHERE account.id = ANY($1::uuid[]) AND account.active`, [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((row) => [row.id, toAddressee(row)]));
  }

  /** A person known by name and address, addressed as their account if they have one, else as given. */
  async person(person: { email: string; name: string; country?: string | null; userId?: string | null }): Promise<Addressee> {
    const [row] = await this.txHost.tx.query<AccountRow[]>(
      `${ACCOUNTS} WHERE ${person.userId ? 'account.id = $1::uuid' : 'account.email = lower($1)'} AND account.active`,
      [person.userId ?? person.email],
    );
    if (row) return toAddressee(row);
    const country = person.country ?? null;
    const zones = country ? (await this.txHost.tx.query<{ zones: string[] }[]>(COUNTRY_TIMEZONES, [country]))[0].zones : [];
    return {
      userId: null,
      email: person.email.toLowerCase(),
      name: person.name,
      language: Language.English,
      timezone: personalTimezone({ country, language: Language.English, agencyTimezone: null, countryTimezones: zones }),
    };
  }

  /** The active officers of the agencies. */
  async officersOf(agencyIds: readonly string[]): Promise<Addressee[]> {
    const rows = await this.txHost.tx.query<AccountRow[]>(
      `${ACCOUNTS} WHERE account.agency_id = ANY($1::uuid[]) AND $2 = ANY(account.roles) AND account.active ORDER BY account.email`,
      [[...new Set(agencyIds)], Role.Officer],
    );
    return rows.map(toAddressee);
  }
}
