import { createHash, randomUUID } from 'node:crypto';
import { argon2id, hash } from 'argon2';
import { Client } from 'pg';
import { DEMO_USERS } from '../../src/seed/reference.data';
import { logIn, Session } from '../../test/support/actors';
import { PDF } from '../../test/support/calls';

/**
 * Rows written in SQL for the set-up of a benchmark (hundreds of users and proposals in a second), and sessions
 * opened through the API. The rows are what the application itself would have stored; none of this is measured.
 */

/** The NSTC and GAČR officers of the demo seed (prepareDatabase seed 'demo'), signed in. */
export async function logInOfficers(base: string): Promise<{ nstc: Session; gacr: Session }> {
  const officer = (agency: string) => {
    const user = DEMO_USERS.find((candidate) => candidate.agency === agency && candidate.email.startsWith('officer.'))!;
    return logIn(base, user.email, user.password);
  };
  const [nstc, gacr] = await Promise.all([officer('NSTC'), officer('GACR')]);
  return { nstc, gacr };
}

/**
 * argon2id of `password` with deliberately light parameters (4 MiB, 1 pass): argon2.verify() reads the parameters
 * from the hash, so the API's login accepts it, and signing hundreds of researchers in costs seconds, not minutes.
 */
export const lightPasswordHash = (password: string) => hash(password, { type: argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });

export interface Person {
  email: string;
  name: string;
  institution: string;
  country: string;
}

export interface Researcher extends Person {
  id: string;
}

/** `count` people "<stem>-0001@bench.example.test"... of one institution. */
export function people(count: number, stem: string, institution: string, country: string): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return { email: `${stem}-${n}@bench.example.test`, name: `${stem} ${n}`, institution, country };
  });
}

/** Inserts researchers sharing one password hash, in one statement; returns them with their ids, in order. */
export async function insertResearchers(db: Client, list: Person[], passwordHash: string): Promise<Researcher[]> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `INSERT INTO "user" (email, name, password_hash, language, roles, institution, country, version)
     SELECT email, name, $3::text, 'en', '{RESEARCHER}'::role[], institution, country, 1
       FROM unnest($1::text[], $2::text[], $4::text[], $5::text[]) AS t(email, name, institution, country)
     RETURNING id, email`,
    [list.map((p) => p.email), list.map((p) => p.name), passwordHash, list.map((p) => p.institution), list.map((p) => p.country)],
  );
  const ids = new Map(rows.map((row) => [row.email, row.id]));
  return list.map((person) => ({ ...person, id: ids.get(person.email)! }));
}

/**
 * Inserts complete DRAFT proposals in one transaction: content within callInput()'s caps, the home PI `home[i]`
 * (the creator) and the partner PI `partner[i]` both confirmed members with accounts, and per kind in `kinds` an
 * attachment of one chunk holding test/support's PDF. Returns the proposal ids in order.
 */
export async function insertDrafts(
  db: Client,
  { callId, home, partner, kinds, tag }: { callId: string; home: Researcher[]; partner: Researcher[]; kinds: string[]; tag: string },
): Promise<string[]> {
  const ids = home.map(() => randomUUID());
  const both = <T>(pick: (r: Researcher) => T) => [...home.map(pick), ...partner.map(pick)];
  await db.query('BEGIN');
  try {
    await db.query(
      `INSERT INTO proposal (id, call_id, state, title, acronym, abstract, keywords, scientific_field, duration_months,
                             home_budget, partner_budget, created_by_id, version)
       SELECT id, $2::uuid, 'DRAFT', title, acronym, 'A joint project written for the benchmark.', '{benchmark}'::text[],
              'physics', 24, 2500000.00, 2000000.00, creator, 1
         FROM unnest($1::uuid[], $3::text[], $4::text[], $5::uuid[]) AS t(id, title, acronym, creator)`,
      [ids, callId, ids.map((_, i) => `${tag} proposal ${i + 1}`), ids.map((_, i) => `${tag}${i + 1}`.slice(0, 30)), home.map((u) => u.id)],
    );
    await db.query(
      `INSERT INTO team_member (proposal_id, role, side, user_id, name, email, institution, country, confirmed_at)
       SELECT proposal_id, 'PI', side::side, user_id, name, email, institution, country, now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])
              AS t(proposal_id, side, user_id, name, email, institution, country)`,
      [
        [...ids, ...ids],
        [...home.map(() => 'HOME'), ...partner.map(() => 'PARTNER')],
        both((u) => u.id),
        both((u) => u.name),
        both((u) => u.email),
        both((u) => u.institution),
        both((u) => u.country),
      ],
    );
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    for (const kind of kinds) {
      const attachmentIds = ids.map(() => randomUUID());
      await db.query(
        `INSERT INTO attachment (id, proposal_id, kind, filename, content_type, size, sha256, uploaded_by_id)
         SELECT id, proposal_id, $3::text, $4::text, 'application/pdf', $5::int, $6::text, uploader
           FROM unnest($1::uuid[], $2::uuid[], $7::uuid[]) AS t(id, proposal_id, uploader)`,
        [attachmentIds, ids, kind, `${kind}.pdf`, PDF.length, sha256, home.map((u) => u.id)],
      );
      await db.query(`INSERT INTO attachment_chunk (attachment_id, seq, data) SELECT id, 0, $2::bytea FROM unnest($1::uuid[]) AS t(id)`, [
        attachmentIds,
        PDF,
      ]);
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return ids;
}
