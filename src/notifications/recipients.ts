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

/**
 * The time zone to show a person's times in when nothing better is known. Accounts have no zone of their own;
 * Taiwan's is the right guess for a Taiwanese institution or a Chinese-reading user, and UTC (stated as such) is
 * unambiguous for others. E-mails about a call show its own zones as well.
 */
export function personalTimezone(person: { country: string | null; language: Language }): string {
  return person.country === 'TW' || (person.country === null && person.language === Language.TraditionalChinese) ? 'Asia/Taipei' : 'UTC';
}

interface AccountRow {
  id: string;
  email: string;
  name: string;
  language: Language;
  country: string | null;
}

const toAddressee = (row: AccountRow): Addressee => ({
  userId: row.id,
  email: row.email,
  name: row.name,
  language: row.language,
  timezone: personalTimezone(row),
});

/**
 * Who e-mails go to, for every module: accounts by id, people by address (their account's language when they have
 * one), and the officers of agencies. Reads the accounts table directly, inside the caller's transaction, so that
 * notifications depends on no feature module.
 */
@Injectable()
export class RecipientDirectory {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Active accounts by id; ids without one are left out. */
  async accounts(ids: readonly string[]): Promise<Map<string, Addressee>> {
    if (ids.length === 0) return new Map();
    const { rows } = await prepared<AccountRow>(
      this.txHost.tx,
      `SELECT id, email, name, language, country FROM "user" WHERE id = ANY($1::uuid[]) AND active`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, toAddressee(row)]));
  }

  /** A person known by name and address, addressed as their account if they have one, else as given. */
  async person(person: { email: string; name: string; country?: string | null; userId?: string | null }): Promise<Addressee> {
    const [row] = await this.txHost.tx.query<AccountRow[]>(
      `SELECT id, email, name, language, country FROM "user" WHERE ${person.userId ? 'id = $1::uuid' : 'email = lower($1)'} AND active`,
      [person.userId ?? person.email],
    );
    if (row) return toAddressee(row);
    return {
      userId: null,
      email: person.email.toLowerCase(),
      name: person.name,
      language: Language.English,
      timezone: personalTimezone({ country: person.country ?? null, language: Language.English }),
    };
  }

  /** The active officers of the agencies. */
  async officersOf(agencyIds: readonly string[]): Promise<Addressee[]> {
    const rows = await this.txHost.tx.query<AccountRow[]>(
      `SELECT id, email, name, language, country FROM "user"
       WHERE agency_id = ANY($1::uuid[]) AND $2 = ANY(roles) AND active ORDER BY email`,
      [[...new Set(agencyIds)], Role.Officer],
    );
    return rows.map(toAddressee);
  }
}
