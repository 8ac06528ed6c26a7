import { validateSync } from 'class-validator';
import { IsSingleLine } from './single-line';

class Named {
  @IsSingleLine()
  name!: string;

  @IsSingleLine({ each: true })
  keywords: string[] = [];
}

const problemsOf = (fields: Partial<Named>) =>
  validateSync(Object.assign(new Named(), fields)).flatMap((error) => Object.values(error.constraints ?? {}));

describe(IsSingleLine.name, () => {
  it.each(['Wang Ming', '王小明', 'Zoë Ødegård-Núñez', 'O’Brien, Jr.', ''])('takes %j', (name) => {
    expect(problemsOf({ name })).toEqual([]);
  });

  it.each(['Wang\r\nBcc: x@example.org', 'a\nb', 'a\rb', 'a\tb', 'a\u0085b', 'a\u2028b', 'a\u2029b', 'a\u001bb', 'a\u007fb'])(
    'refuses %j, naming the field',
    (name) => {
      expect(problemsOf({ name })).toEqual(['name must be a single line without control characters']);
    },
  );

  it('checks each item of an array', () => {
    expect(problemsOf({ name: 'ok', keywords: ['fine', 'not\nfine'] })).toEqual([
      'keywords must be a single line without control characters',
    ]);
  });
});
