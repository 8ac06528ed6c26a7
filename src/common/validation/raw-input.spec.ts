import { DomainError } from '../errors/domain-error';
import { assertSafeInput, MAX_INPUT_DEPTH } from './raw-input';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = level % 2 ? [value] : { child: value };
  return value;
};

const refusal = (input: Parameters<typeof assertSafeInput>[0]) => {
  try {
    assertSafeInput(input);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind, errors: error.errors };
    throw error;
  }
  return undefined;
};

describe(assertSafeInput.name, () => {
  it('accepts ordinary bodies, queries and parameters', () => {
    expect(
      refusal({
        body: { name: 'Wang Ming 王明', team: [{ email: 'petr.svoboda@cuni.cz' }], emoji: '🧪', tab: 'a\tb', empty: '' },
        query: { offset: '20', tags: ['a', 'b'] },
        params: { id: '7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11' },
      }),
    ).toBeUndefined();
  });

  it(`accepts nesting up to ${MAX_INPUT_DEPTH} levels and refuses deeper nesting as malformed`, () => {
    expect(refusal({ body: nested(MAX_INPUT_DEPTH) })).toBeUndefined();
    expect(refusal({ body: nested(MAX_INPUT_DEPTH + 1) })).toEqual({ code: 'INPUT_TOO_DEEP', kind: 'bad-request', errors: [] });
  });

  it('refuses 100,000 levels without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(refusal({ body: deep })?.code).toBe('INPUT_TOO_DEEP');
  });

  it('names every field holding a NUL character or an unpaired surrogate, in the body, the query and the parameters', () => {
    expect(
      refusal({
        body: { name: 'a\u0000b', team: [{ email: '\ud800@x.org' }, { email: 'ok@x.org', note: 'x\udc00' }], fine: '\ud83e\uddea' },
        query: { q: ['ok', 'bad\u0000'] },
        params: { id: '\u0000' },
      }),
    ).toEqual({
      code: 'TEXT_MALFORMED',
      kind: 'bad-request',
      errors: [
        { field: 'name', message: 'name must not contain the NUL character (U+0000)' },
        { field: 'team.0.email', message: 'team.0.email must be well-formed Unicode (it holds an unpaired surrogate)' },
        { field: 'team.1.note', message: 'team.1.note must be well-formed Unicode (it holds an unpaired surrogate)' },
        { field: 'q.1', message: 'q.1 must not contain the NUL character (U+0000)' },
        { field: 'id', message: 'id must not contain the NUL character (U+0000)' },
      ],
    });
  });

  it('checks field names as well as values, and a body that is a bare string', () => {
    expect(refusal({ body: { ['na\u0000me']: 'x' } })?.errors).toEqual([
      { field: 'na\\u0000me', message: 'the field name na\\u0000me must not contain the NUL character (U+0000)' },
    ]);
    expect(refusal({ body: 'text\ud800' })?.errors).toEqual([
      { field: 'body', message: 'body must be well-formed Unicode (it holds an unpaired surrogate)' },
    ]);
  });
});
