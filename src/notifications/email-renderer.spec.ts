import { Test } from '@nestjs/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { Language } from '../users/role';
import { DEFAULT_EMAIL_TEMPLATES_DIR, EMAIL_TEMPLATES_DIR, EmailRenderer, EmailTemplatesError, formatDateTime } from './email-renderer';
import { EMAIL_TYPES, EmailType, EmailVariables } from './email-types';

const LANGUAGES = Object.values(Language);
const HAN = /\p{Script=Han}/u;
const TAG = /<\/?[a-z!][^>]*>/i;

/** One sample per type (a new EmailType fails to compile until it has one), with the link its e-mail must carry. */
const SAMPLES: { [T in EmailType]: { variables: EmailVariables[T]; url: string } } = {
  [EmailType.Welcome]: {
    variables: { name: 'Jana Nováková', loginUrl: 'https://jointcalls.example.org/login' },
    url: 'https://jointcalls.example.org/login',
  },
  [EmailType.PasswordReset]: {
    variables: {
      name: '王小明',
      resetUrl: 'https://jointcalls.example.org/reset-password?token=Zm9v&lang=zh-TW',
      expiresAt: '2026-12-01T09:00:00Z',
      timezone: 'Asia/Taipei',
    },
    url: 'https://jointcalls.example.org/reset-password?token=Zm9v&lang=zh-TW',
  },
};

const FOOTERS: Record<Language, string> = {
  [Language.English]: 'This is an automated message',
  [Language.TraditionalChinese]: '本信件由國科會雙邊合作研究計畫系統（Joint Calls）自動發送',
};

const CASES = EMAIL_TYPES.flatMap((type) => LANGUAGES.map((language) => [type, language] as const));

/** A scratch copy of the real templates, to break on purpose. */
function copyOfTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'email-templates-'));
  cpSync(DEFAULT_EMAIL_TEMPLATES_DIR, dir, { recursive: true });
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    EmailRenderer.fromDirectory(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(EmailTemplatesError);
    return (error as EmailTemplatesError).problems;
  }
  throw new Error('the templates were accepted');
}

describe(EmailRenderer.name, () => {
  const renderer = new EmailRenderer();
  const scratch: string[] = [];
  const scratchCopy = () => {
    const dir = copyOfTemplates();
    scratch.push(dir);
    return dir;
  };
  afterEach(() => scratch.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe.each(CASES)('%s in %s', (type, language) => {
    const { variables, url } = SAMPLES[type];
    const email = renderer.render(type, language, variables);

    it('has a one-line subject in the language', () => {
      expect(email.subject).not.toBe('');
      expect(email.subject).toBe(email.subject.trim());
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(HAN.test(email.subject)).toBe(language === Language.TraditionalChinese);
    });

    it('is a complete HTML document with its CSS inlined', () => {
      expect(email.html).toMatch(/^<!DOCTYPE html>/);
      expect(email.html).toContain(`<html lang="${language}">`);
      expect(email.html).toContain(`<title>${Handlebars.Utils.escapeExpression(email.subject)}</title>`);
      expect(email.html).not.toMatch(/<style[\s>]/i);
      expect(email.html).toMatch(/<td class="email-body" style="[^"]*padding: 32px/);
      expect(email.html).toMatch(/<a href="[^"]+" class="button" style="[^"]*background-color: #14477a/);
      expect(email.html).not.toMatch(/<title>[\s\S]*<title>/);
    });

    it('carries the variables, escaped, into the HTML', () => {
      expect(email.html).toContain(Handlebars.Utils.escapeExpression(variables.name));
      expect(email.html).toContain(`href="${Handlebars.Utils.escapeExpression(url)}"`);
      expect(email.html).toContain(FOOTERS[language]);
    });

    it('has a plain-text part with the name, the link and the footer', () => {
      expect(email.text).not.toMatch(TAG);
      expect(email.text).toContain(variables.name);
      expect(email.text).toContain(`[${url}]`);
      expect(email.text).toContain(FOOTERS[language]);
      expect(email.text).not.toContain('Joint Calls\n國科會'); // the header stays out of the text
      expect(email.text.split('\n').filter((line) => line.length > 78 && !line.includes(url) && !HAN.test(line))).toEqual([]);
    });

    it('shows the other language nowhere in the body or footer', () => {
      const other = LANGUAGES.find((candidate) => candidate !== language)!;
      expect(email.text).not.toContain(FOOTERS[other]);
    });
  });

  describe('password reset expiry', () => {
    const expiring = (timezone: string, expiresAt = '2026-12-01T09:00:00Z') => ({
      ...SAMPLES[EmailType.PasswordReset].variables,
      expiresAt,
      timezone,
    });

    it.each([
      [Language.English, 'Asia/Taipei', 'Tuesday, 1 December 2026, 17:00 (Asia/Taipei, GMT+8)'],
      [Language.English, 'Europe/Prague', 'Tuesday, 1 December 2026, 10:00 (Europe/Prague, GMT+1)'],
      [Language.English, 'Asia/Tokyo', 'Tuesday, 1 December 2026, 18:00 (Asia/Tokyo, GMT+9)'],
      [Language.TraditionalChinese, 'Asia/Taipei', '2026年12月1日 星期二 17:00（Asia/Taipei，GMT+8）'],
      [Language.TraditionalChinese, 'Europe/Prague', '2026年12月1日 星期二 10:00（Europe/Prague，GMT+1）'],
    ])('in %s shows the instant in %s', (language, timezone, shown) => {
      const email = renderer.render(EmailType.PasswordReset, language, expiring(timezone));
      expect(email.text).toContain(shown);
      expect(email.html).toContain(`<strong>${shown}</strong>`);
    });

    it('follows summer time', () => {
      const email = renderer.render(EmailType.PasswordReset, Language.English, expiring('Europe/Prague', '2026-07-01T09:00:00Z'));
      expect(email.text).toContain('Wednesday, 1 July 2026, 11:00 (Europe/Prague, GMT+2)');
    });

    it('refuses a time zone it does not know and an instant without an offset', () => {
      expect(() => renderer.render(EmailType.PasswordReset, Language.English, expiring('Mars/Olympus_Mons'))).toThrow(/unknown time zone/);
      expect(() => renderer.render(EmailType.PasswordReset, Language.English, expiring('Asia/Taipei', '2026-12-01T09:00'))).toThrow(
        /ISO 8601 instant with its offset/,
      );
      expect(() => renderer.render(EmailType.PasswordReset, Language.English, expiring('Asia/Taipei', '1 December 2026'))).toThrow(
        /ISO 8601 instant with its offset/,
      );
    });

    it('reads any offset', () => {
      expect(formatDateTime('2026-12-01T17:00:00+08:00', 'Europe/Prague', Language.English)).toBe(
        'Tuesday, 1 December 2026, 10:00 (Europe/Prague, GMT+1)',
      );
      expect(formatDateTime(new Date('2026-12-01T09:00:00Z'), 'Asia/Kolkata', Language.TraditionalChinese)).toBe(
        '2026年12月1日 星期二 14:30（Asia/Kolkata，GMT+5:30）',
      );
    });
  });

  describe('escaping', () => {
    const hostile = '<script>alert("x")</script> & Co';

    it('escapes variables in the HTML and keeps them verbatim in the text', () => {
      const email = renderer.render(EmailType.Welcome, Language.English, {
        name: hostile,
        loginUrl: 'https://jointcalls.example.org/login',
      });
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(email.text).toContain(`Dear ${hostile},`);
    });

    it('refuses a link that is not http(s) or mailto', () => {
      expect(() => renderer.render(EmailType.Welcome, Language.English, { name: 'Eve', loginUrl: 'javascript:alert(1)' })).toThrow(
        /refuses the javascript: URL/,
      );
      expect(() => renderer.render(EmailType.Welcome, Language.English, { name: 'Eve', loginUrl: '/login' })).toThrow(/absolute URL/);
    });

    it('makes a subject of one line with entities decoded, so that no header can be injected', () => {
      const dir = scratchCopy();
      writeFileSync(join(dir, 'welcome.en.hbs'), '<title>\n  Welcome, {{name}} &amp; team\n</title>\n<p>Hello</p>\n');
      const email = EmailRenderer.fromDirectory(dir).render(EmailType.Welcome, Language.English, {
        name: 'Eve\r\nBcc: victim@example.org\u2028<b>',
        loginUrl: 'https://jointcalls.example.org/login',
      });
      expect(email.subject).toBe('Welcome, Eve Bcc: victim@example.org <b> & team');
      expect(email.html).toContain('<title>Welcome, Eve Bcc: victim@example.org &lt;b&gt; &amp; team</title>');
    });

    it('fails on a missing variable instead of leaving a blank', () => {
      const render = (variables: object) => () =>
        renderer.render(EmailType.Welcome, Language.English, variables as EmailVariables[EmailType.Welcome]);
      expect(render({ loginUrl: 'https://jointcalls.example.org/login' })).toThrow(/"name" not defined/);
      expect(render({ name: 'Eve' })).toThrow(/takes a URL, a label and optionally class="…", got undefined/);
      expect(() =>
        renderer.render(EmailType.PasswordReset, Language.English, {
          name: 'Eve',
          resetUrl: 'https://x.example.org/',
        } as EmailVariables[EmailType.PasswordReset]),
      ).toThrow(/ISO 8601 instant/);
    });
  });

  describe('start-up check', () => {
    it('accepts the shipped templates', () => {
      expect(renderer.templatesDir).toBe(DEFAULT_EMAIL_TEMPLATES_DIR);
      expect(readFileSync(join(DEFAULT_EMAIL_TEMPLATES_DIR, 'layout.hbs'), 'utf8')).toContain('{{{body}}}');
    });

    it('lists every missing template', () => {
      const dir = scratchCopy();
      unlinkSync(join(dir, 'password-reset.zh-TW.hbs'));
      unlinkSync(join(dir, 'layout.hbs'));
      expect(problemsOf(dir)).toEqual(['missing template layout.hbs', 'missing template password-reset.zh-TW.hbs']);
      expect(() => EmailRenderer.fromDirectory(dir)).toThrow(/incomplete or invalid:\n {2}- missing template layout\.hbs\n/);
    });

    it('rejects templates for an unknown type or language', () => {
      const dir = scratchCopy();
      writeFileSync(join(dir, 'welcome.fr.hbs'), '<title>Bienvenue</title>');
      writeFileSync(join(dir, 'newsletter.en.hbs'), '<title>News</title>');
      writeFileSync(join(dir, 'welcome.hbs'), '<title>Welcome</title>');
      writeFileSync(join(dir, 'NOTES.txt'), 'not a template: ignored');
      expect(problemsOf(dir)).toEqual([
        expect.stringMatching(/^unexpected template newsletter\.en\.hbs: names are <type>\.<language>\.hbs/),
        expect.stringMatching(/^unexpected template welcome\.fr\.hbs/),
        expect.stringMatching(/^unexpected template welcome\.hbs/),
      ]);
    });

    it('rejects a template without exactly one <title>, with a syntax error or an unknown helper', () => {
      const dir = scratchCopy();
      writeFileSync(join(dir, 'welcome.en.hbs'), '<p>Hello {{name}}</p>');
      writeFileSync(join(dir, 'welcome.zh-TW.hbs'), '<title>歡迎</title><p>{{#if name}}{{name}}</p>');
      writeFileSync(join(dir, 'password-reset.en.hbs'), '<title>Reset</title><p>{{datetme expiresAt timezone}}</p>');
      writeFileSync(join(dir, 'layout.hbs'), '<html>{{body}}</html>');
      expect(problemsOf(dir)).toEqual([
        'layout.hbs must contain {{{body}}} where the e-mail body goes',
        expect.stringMatching(/^password-reset\.en\.hbs is not a valid template: .*unknown helper datetme/),
        'welcome.en.hbs must contain exactly one <title>…</title> element, the subject (found 0)',
        expect.stringMatching(/^welcome\.zh-TW\.hbs is not a valid template: /),
      ]);
    });

    it('says so when the directory cannot be read', () => {
      expect(problemsOf(join(tmpdir(), 'no-such-email-templates'))).toEqual([expect.stringMatching(/^cannot read the directory: ENOENT/)]);
    });
  });

  describe('in Nest', () => {
    it('is injected with the templates beside it', async () => {
      const module = await Test.createTestingModule({ providers: [EmailRenderer] }).compile();
      expect(module.get(EmailRenderer).templatesDir).toBe(DEFAULT_EMAIL_TEMPLATES_DIR);
    });

    it('reads another directory given as EMAIL_TEMPLATES_DIR', async () => {
      const dir = scratchCopy();
      const module = await Test.createTestingModule({
        providers: [EmailRenderer, { provide: EMAIL_TEMPLATES_DIR, useValue: dir }],
      }).compile();
      const email = module.get(EmailRenderer).render(EmailType.Welcome, Language.TraditionalChinese, SAMPLES[EmailType.Welcome].variables);
      expect(email.subject).toBe('【雙邊合作研究計畫】歡迎使用 Joint Calls 系統');
    });
  });
});
