import { institutionKey, normaliseInstitution, sameInstitution } from './institutions';

describe(normaliseInstitution.name, () => {
  it.each([
    ['National Taiwan University', 'national taiwan university'],
    ['Natl. Taiwan Univ.', 'national taiwan university'],
    ['  NATIONAL   taiwan university ', 'national taiwan university'],
    ['Univ. of Zürich', 'university zurich'],
    ['Université Paris-Saclay', 'universite paris saclay'],
    ['České vysoké učení technické v Praze', 'ceske vysoke uceni technicke v praze'],
    ['Max-Planck-Institut für Quantenoptik', 'max planck institut quantenoptik'],
    ['The University of Tokyo', 'university tokyo'],
    ['Texas A&M Univ.', 'texas a m university'],
    ['國立臺灣大學', '國立臺灣大學'],
    ['', ''],
    ['...', ''],
  ])('reads %j as %j', (name, normalised) => {
    expect(normaliseInstitution(name)).toBe(normalised);
  });
});

describe(sameInstitution.name, () => {
  const aliases = new Map([
    ['ntu', 'national taiwan university'],
    ['國立臺灣大學', 'national taiwan university'],
    ['cvut', 'ceske vysoke uceni technicke v praze'],
  ]);

  it.each([
    ['National Taiwan University', 'Natl. Taiwan Univ.', true],
    ['NTU', 'National Taiwan University', true],
    ['N.T.U.', 'national taiwan university', false], // "n t u" is no alias
    ['國立臺灣大學', 'NTU', true],
    ['ČVUT', 'Czech Technical University in Prague', false],
    ['ČVUT', 'České vysoké učení technické v Praze', true],
    ['National Tsing Hua University', 'National Taiwan University', false],
    ['', '', false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(sameInstitution(a, b, aliases)).toBe(expected);
    expect(sameInstitution(b, a, aliases)).toBe(expected);
  });

  it('compares by the name an alias stands for', () => {
    expect(institutionKey('NTU', aliases)).toBe('national taiwan university');
    expect(institutionKey('Academia Sinica', aliases)).toBe('academia sinica');
  });
});
