/** Abbreviations written out before institutions are compared: "Natl. Taiwan Univ." is "National Taiwan University". */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  univ: 'university',
  uni: 'university',
  inst: 'institute',
  natl: 'national',
  nat: 'national',
  tech: 'technology',
  technol: 'technology',
  acad: 'academy',
  sci: 'science',
  ctr: 'center',
  centre: 'center',
  dept: 'department',
  lab: 'laboratory',
  labs: 'laboratories',
  hosp: 'hospital',
  st: 'saint',
};
/** Words that tell two institutions apart no more than punctuation does. */
const FILLERS = new Set(['the', 'of', 'and', 'for', 'at', 'de', 'du', 'des', 'la', 'le', 'der', 'die', 'und', 'fur']);

/**
 * An institution's name as compared: accents dropped, case folded, punctuation to spaces, abbreviations written out,
 * filler words dropped. "Univ. of Zürich" and "University Zurich" are one; "Universität Zürich" is not (use an alias).
 */
export function normaliseInstitution(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .filter((word) => !FILLERS.has(word))
    .join(' ');
}

/**
 * The admins' alias list: normalised alias → normalised name it stands for ("ntu" → "national taiwan university").
 * One step only: an alias never points at another alias (the aliases service refuses that).
 */
export type InstitutionAliases = ReadonlyMap<string, string>;

/** The one key an institution is compared by: its normalised name, or the name its alias stands for. */
export function institutionKey(name: string, aliases: InstitutionAliases): string {
  const normalised = normaliseInstitution(name);
  return aliases.get(normalised) ?? normalised;
}

/** Whether two names are one institution; an empty name is nobody's institution. */
export function sameInstitution(a: string, b: string, aliases: InstitutionAliases): boolean {
  const key = institutionKey(a, aliases);
  return key !== '' && key === institutionKey(b, aliases);
}
