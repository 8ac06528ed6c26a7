import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { declaredProblemCodes, errorCatalogue } from './error-catalogue';

const SRC = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the error catalogue', () => {
  const files = sourceFiles(SRC);
  const catalogues = files.filter((file) => file.endsWith('.errors.ts'));

  it('loads every module catalogue without two modules declaring one code', async () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(8);
    for (const file of catalogues) await import(file);
    // The framework's codes by status are reserved as well.
    await import('./problem.js');
    const codes = [...declaredProblemCodes().keys()];
    expect(new Set(codes).size).toBe(codes.length);
    expect(declaredProblemCodes().get('PROPOSAL_NOT_FOUND')).toBe('proposals');
    expect(declaredProblemCodes().get('NOT_FOUND')).toBe('http');
  });

  it('refuses a code another module already declared', () => {
    errorCatalogue('first-module', { SPEC_ONLY_CODE: { kind: 'conflict', message: 'once' } });
    expect(() => errorCatalogue('second-module', { SPEC_ONLY_CODE: { kind: 'conflict', message: 'twice' } })).toThrow(
      'Problem code SPEC_ONLY_CODE is declared by both first-module and second-module',
    );
  });

  it('refuses a code that is not UPPER_SNAKE_CASE', () => {
    expect(() => errorCatalogue('a-module', { notUpper: { kind: 'conflict', message: 'no' } })).toThrow(/not UPPER_SNAKE_CASE/);
  });

  it('gives the catalogue message, or the one of the moment, and the fields at fault', () => {
    const { SPEC_WIDGET_BROKEN } = errorCatalogue('widgets', { SPEC_WIDGET_BROKEN: { kind: 'invalid', message: 'The widget is broken' } });
    expect(SPEC_WIDGET_BROKEN()).toMatchObject({
      code: 'SPEC_WIDGET_BROKEN',
      kind: 'invalid',
      message: 'The widget is broken',
      errors: [],
    });
    const fields = [{ field: 'size', message: 'too big' }];
    expect(SPEC_WIDGET_BROKEN(fields)).toMatchObject({ message: 'The widget is broken', errors: fields });
    expect(SPEC_WIDGET_BROKEN('Cracked', fields)).toMatchObject({ message: 'Cracked', errors: fields });
  });

  it('is the only place where problem codes are written: no module builds a DomainError by hand', () => {
    const byHand = files
      .filter((file) => !file.endsWith('error-catalogue.ts'))
      .filter((file) => /new DomainError\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(byHand).toEqual([]);
  });
});
