import fc from 'fast-check';
import { OpenApi, resolveSchema, Schema } from './openapi';

/**
 * fast-check arbitraries for requests built from the OpenAPI document: values that fit a field's schema, mixed
 * with the hostile classes found so far (and the ones an attacker tries first). A generated body is mostly valid,
 * so that requests get past validation into the services, with one or a few fields turned hostile.
 */

/** JSON text emitted as it is: numbers JSON.stringify cannot write (1e400, -0, 2^53+1) and unpaired surrogates. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, child]) => `${JSON.stringify(key)}:${toJson(child)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const HOSTILE_TEXT = [
  '',
  ' ',
  '   leading and trailing   ',
  'Wang Ming\r\nBcc: intruder@example.org',
  'Title\r\nSubject: you won',
  'line\nbreak',
  '\t',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE proposal; --",
  "' OR '1'='1",
  '{{constructor.constructor("return process")()}}',
  '{{{body}}}',
  '${7*7}',
  '=HYPERLINK("http://attacker.example")',
  '\u202egnp.exe',
  '\u200b',
  '\ufeff',
  'é'.normalize('NFD'),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀',
  '臺灣科技大學',
  'x'.repeat(201),
  'x'.repeat(5_000),
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '-1',
  '0x10',
  ' 12 ',
  '1e400',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:6379/',
  'https://user:password@example.org/hook',
  'user@[127.0.0.1]',
  '"quoted"@example.org',
  'a@b',
  'victim@example.org\r\nBcc: intruder@example.org',
  'Etc/../../etc/passwd',
  '2027-02-30T25:61:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '2027-03-31T17:00:00',
  '2027-03-31',
  '9999-12-31T23:59:59.999+14:00',
  'zh-TW\r\n',
  'ZZZ',
  'TWD ',
];

/** Amounts: over-precise, negative, exponent, locale-formatted, out of any budget, not digits at all. */
export const HOSTILE_AMOUNTS = [
  '1250000.001',
  '0.001',
  '1.999999999999999999999',
  '-0.01',
  '-1250000.00',
  '1e6',
  '1E+400',
  '1,250,000.00',
  '1 250 000',
  '１２３.００',
  '٣٠٠٠٠٠٠',
  '99999999999999999999999999999999.99',
  '.5',
  '5.',
  '+5.00',
  '0x1F',
  'NaN',
];

/** Numbers past every range, negative, fractional, and literals JSON.stringify cannot write. */
export const HOSTILE_NUMBERS: unknown[] = [
  -1,
  -0,
  1.5,
  0.1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e19,
  -1e19,
  1e308,
  Number.MIN_VALUE,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('99999999999999999999999'),
  new RawJson('-0.0'),
  new RawJson('1.0000000000000000000001'),
  new RawJson('9007199254740993'),
  new RawJson('1E5'),
];

/** Values of the wrong shape for any field. */
const WRONG_SHAPES: unknown[] = [
  null,
  true,
  [],
  {},
  [null],
  { $gt: '' },
  new RawJson('{"__proto__":{"isAdmin":true}}'),
  new RawJson('{"constructor":{"prototype":{"isAdmin":true}}}'),
  new RawJson('"\\ud800"'),
  new RawJson('"a\\u0000b"'),
  new RawJson('"\\udfff\\ud800"'),
];

/** Fields a client must never set, sent as unknown keys: the server owns them. */
export const MASS_ASSIGNMENT_KEYS = [
  'id',
  'state',
  'status',
  'version',
  'ownerId',
  'createdById',
  'userId',
  'agencyId',
  'homeAgencyId',
  'roles',
  'active',
  'passwordHash',
  'isHome',
  'submittedAt',
  'createdAt',
  'approvals',
  'secret',
  'eligibility',
  'team',
  '__proto__',
  'constructor',
];

/** Line breaks and control characters, for fields that reach e-mail headers, subjects and CSV cells. */
export const LINE_BREAKS = [
  'Wang Ming\r\nBcc: intruder@example.org',
  'Title\r\nSubject: you won',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  'next\u0085line',
  'line\u2028separator',
  'escape\u001b[31mred',
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_TEXT), weight: 3 },
  { arbitrary: fc.constantFrom(...LINE_BREAKS), weight: 3 },
  { arbitrary: fc.constantFrom(...HOSTILE_AMOUNTS), weight: 3 },
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 3 },
  { arbitrary: fc.constantFrom(...WRONG_SHAPES), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
);

const isoInstant = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('Z', '+08:00'),
      date
        .toISOString()
        .replace('.000Z', '-05:30')
        .replace(/\.\d{3}Z$/, '+14:00'),
    ),
  );
const soon = fc.integer({ min: -48, max: 24 * 400 }).map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString());

/** A value that fits the schema (its example, an enum member, a date, a short string...). */
function fitting(document: OpenApi, schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  const resolved = resolveSchema(document, schema) ?? {};
  const choices: fc.Arbitrary<unknown>[] = [];
  if (resolved.example !== undefined) choices.push(fc.constant(resolved.example));
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  const type = [resolved.type].flat()[0];
  if (resolved.properties) return objectOf(document, resolved, depth + 1);
  switch (type) {
    case 'array':
      choices.push(fc.array(fitting(document, resolved.items, depth + 1), { maxLength: 4 }));
      break;
    case 'integer':
    case 'number':
      choices.push(fc.integer({ min: 0, max: 60 }), fc.integer());
      break;
    case 'boolean':
      choices.push(fc.boolean());
      break;
    case 'string':
      if (resolved.format === 'date-time') choices.push(isoInstant, soon);
      else if (resolved.format === 'date') choices.push(isoInstant.map((instant) => instant.slice(0, 10)));
      else if (resolved.format === 'binary') choices.push(fc.constant('binary'));
      else
        choices.push(
          fc.string({ minLength: resolved.minLength ?? 1, maxLength: Math.max(resolved.minLength ?? 1, 30) }),
          fc.uuid(),
          fc.emailAddress(),
          fc.constantFrom('3000000.00', '0.00', '12.5', 'TW', 'DE', 'TWD', 'EUR', 'Europe/Berlin', 'Asia/Taipei'),
        );
      break;
    default:
      choices.push(fc.jsonValue({ maxDepth: 2 }));
  }
  return fc.oneof(...choices);
}

/** A field's value: mostly fitting, sometimes hostile, rarely nested deeper than expected. */
function fieldValue(document: OpenApi, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fitting(document, schema, depth), weight: 12 },
    { arbitrary: hostileValue, weight: 2 },
    { arbitrary: fc.array(hostileValue, { maxLength: 3 }), weight: depth > 3 ? 0 : 1 },
  );
}

/** An object of the schema's properties, each present or not, with unknown and server-owned keys now and then. */
export function objectOf(document: OpenApi, schema: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 5) return fc.constant({});
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, fieldValue(document, property, depth)]),
  );
  // Required fields are present more often than not, so that requests pass validation often enough.
  const known = fc.oneof(
    { arbitrary: fc.record(properties, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) }), weight: 4 },
    { arbitrary: fc.record(properties, { requiredKeys: [] }), weight: 1 },
  );
  const extra = fc.dictionary(
    fc.oneof(fc.constantFrom(...MASS_ASSIGNMENT_KEYS), fc.string({ maxLength: 12 })),
    fc.oneof(hostileValue, fc.jsonValue({ maxDepth: 1 })),
    { maxKeys: 2 },
  );
  return fc
    .tuple(known, fc.option(extra, { freq: 6 }))
    .map(([record, added]) => (added ? { ...record, ...Object.fromEntries(Object.entries(added)) } : record));
}

/** Mostly a valid-ish value of the example; what a fuzzer would start from. */
export function bodyFor(document: OpenApi, schema: Schema | undefined): fc.Arbitrary<unknown> {
  if (!schema?.properties) return fc.oneof(fc.constant({}), fc.jsonValue({ maxDepth: 3 }), objectOf(document, { properties: {} }));
  return fc.oneof({ arbitrary: objectOf(document, schema), weight: 9 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
}

type Json = null | boolean | number | string | RawJson | Json[] | { [key: string]: Json };

/** Where a value sits in a body: the keys and indexes leading to it. */
export function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return at.length > 0 ? [at] : [];
  const children = Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]));
  return at.length > 0 ? [at, ...children] : children;
}

type Mutation =
  { kind: 'replace'; pick: number; value: unknown } | { kind: 'delete'; pick: number } | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      key: fc.constantFrom(...MASS_ASSIGNMENT_KEYS),
      value: fc.oneof(hostileValue, fc.constantFrom('ADMIN', 'AWARDED', 'SUBMITTED', true, 1, '7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11')),
    }),
    weight: 2,
  },
);

/**
 * A valid body with a few mutations: a field turned hostile, a field removed, a server-owned field added. One in
 * four is sent unmutated, so the happy path runs too. This is how requests get deep into the services.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.oneof({ arbitrary: fc.constant([]), weight: 1 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 }),
    )
    .map(([base, mutations]) => {
      const body = structuredCloneJson(base);
      for (const change of mutations) {
        if (change.kind === 'add') {
          if (body && typeof body === 'object' && !Array.isArray(body)) (body as Record<string, unknown>)[change.key] = change.value;
          continue;
        }
        const paths = pathsOf(body);
        if (paths.length === 0) continue;
        const path = paths[change.pick % paths.length];
        const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body) as Record<
          string | number,
          unknown
        >;
        const last = path[path.length - 1];
        if (change.kind === 'replace') parent[last] = change.value;
        else if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      }
      return body;
    });
}

function structuredCloneJson(value: unknown): Json {
  if (value instanceof RawJson) return value;
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, structuredCloneJson(child)]));
  return value as Json;
}
