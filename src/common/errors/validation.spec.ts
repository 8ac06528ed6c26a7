import { Type } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { createValidationPipe, InvalidInputException } from './validation';

class Member {
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
}

class Team {
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title!: string;

  @ValidateNested({ each: true })
  @Type(() => Member)
  members!: Member[];
}

const problemsOf = async (body: unknown) => {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Team });
  } catch (error) {
    if (error instanceof InvalidInputException) return error.errors;
    throw error;
  }
  return [];
};

describe('validation problems', () => {
  it('reports an absent required field as required, and nothing else about it', async () => {
    expect(await problemsOf({ members: [{}] })).toEqual([
      { field: 'title', message: 'title is required' },
      { field: 'members.0.email', message: 'members.0.email is required' },
    ]);
  });

  it('reports null for a field that cannot be empty as such', async () => {
    expect(await problemsOf({ title: null, members: [] })).toEqual([{ field: 'title', message: 'title must not be null' }]);
  });

  it('keeps every message about a value that was sent, and names unknown fields', async () => {
    expect(await problemsOf({ title: 'ab', members: [{ email: 'nobody' }], colour: 'red' })).toEqual([
      { field: 'colour', message: 'colour is not a known field' },
      { field: 'title', message: 'title must be longer than or equal to 3 characters' },
      { field: 'members.0.email', message: 'email must be an e-mail address' },
    ]);
  });
});
