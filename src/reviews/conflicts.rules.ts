import { InstitutionAliases, sameInstitution } from './institutions';

export enum ConflictReason {
  OnTeam = 'ON_TEAM',
  SameInstitution = 'SAME_INSTITUTION',
  SameEmailDomain = 'SAME_EMAIL_DOMAIN',
  Competitor = 'COMPETITOR',
  Declared = 'DECLARED',
  AlreadyAssigned = 'ALREADY_ASSIGNED',
}

export enum DeclaredConflictKind {
  Proposal = 'PROPOSAL',
  Person = 'PERSON',
  Institution = 'INSTITUTION',
}

export interface Conflict {
  reason: ConflictReason;
  message: string;
}

export interface Person {
  userId: string | null;
  name: string;
  email: string;
  institution: string;
}

export interface DeclaredConflictTerms {
  kind: DeclaredConflictKind;
  proposalId?: string | null;
  personEmail?: string | null;
  institution?: string | null;
}

export interface ConflictCheck {
  reviewer: { userId: string; email: string; emailDomain: string; institution: string };
  proposal: { id: string; team: readonly Person[] };
  /** The people of the call's other proposals (submitted, not withdrawn): a reviewer among them is a competitor. */
  competitors: readonly Pick<Person, 'userId' | 'email'>[];
  declared: readonly DeclaredConflictTerms[];
  /** The reviewer holds an assignment to this proposal that is not declined or removed. */
  alreadyAssigned: boolean;
  aliases: InstitutionAliases;
}

/** Public mail services: sharing one says nothing about where two people work. */
export const WEBMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.tw',
  'ymail.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'seznam.cz',
  'email.cz',
  'centrum.cz',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'qq.com',
  '163.com',
  '126.com',
  'hinet.net',
  'msa.hinet.net',
  'naver.com',
  'yandex.ru',
  'mail.ru',
]);

export const domainOf = (email: string) =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const isPerson = (person: Pick<Person, 'userId' | 'email'>, reviewer: ConflictCheck['reviewer']) =>
  (person.userId !== null && person.userId === reviewer.userId) || sameAddress(person.email, reviewer.email);

/**
 * Every reason why the reviewer may not review the proposal, in a fixed order; empty when there is none. Pure: the
 * caller loads the team, the call's other teams, the reviewer's declarations, the assignment and the alias list.
 */
export function conflictsOf({ reviewer, proposal, competitors, declared, alreadyAssigned, aliases }: ConflictCheck): Conflict[] {
  const conflicts: Conflict[] = [];
  const add = (reason: ConflictReason, message: string) => conflicts.push({ reason, message });

  const self = proposal.team.find((member) => isPerson(member, reviewer));
  if (self) add(ConflictReason.OnTeam, `the reviewer is on the proposal's team (${self.name})`);

  const colleagues = proposal.team.filter(
    (member) => member !== self && sameInstitution(member.institution, reviewer.institution, aliases),
  );
  if (colleagues.length > 0)
    add(
      ConflictReason.SameInstitution,
      `the reviewer's institution is that of ${colleagues.map((member) => `${member.name} (${member.institution})`).join(', ')}`,
    );

  const domain = reviewer.emailDomain.trim().toLowerCase();
  const sharing =
    domain === '' || WEBMAIL_DOMAINS.has(domain)
      ? []
      : proposal.team.filter((member) => member !== self && domainOf(member.email) === domain);
  if (sharing.length > 0)
    add(
      ConflictReason.SameEmailDomain,
      `the reviewer's e-mail domain ${domain} is that of ${sharing.map((member) => member.name).join(', ')}`,
    );

  if (competitors.some((person) => isPerson(person, reviewer)))
    add(ConflictReason.Competitor, 'the reviewer is on the team of another proposal in the same call');

  for (const declaration of declared) {
    const hit = declaredHit(declaration, proposal, aliases);
    if (hit) add(ConflictReason.Declared, `the reviewer declared a conflict with ${hit}`);
  }

  if (alreadyAssigned) add(ConflictReason.AlreadyAssigned, 'the reviewer is already assigned to this proposal');
  return conflicts;
}

/** What a declaration names on this proposal, if anything. */
function declaredHit(declaration: DeclaredConflictTerms, proposal: ConflictCheck['proposal'], aliases: InstitutionAliases): string | null {
  switch (declaration.kind) {
    case DeclaredConflictKind.Proposal:
      return declaration.proposalId === proposal.id ? 'this proposal' : null;
    case DeclaredConflictKind.Person: {
      const person = proposal.team.find((member) => declaration.personEmail && sameAddress(member.email, declaration.personEmail));
      return person ? person.name : null;
    }
    case DeclaredConflictKind.Institution: {
      const member = proposal.team.find(
        (candidate) => declaration.institution && sameInstitution(candidate.institution, declaration.institution, aliases),
      );
      return member ? `the institution ${member.institution}` : null;
    }
  }
}
