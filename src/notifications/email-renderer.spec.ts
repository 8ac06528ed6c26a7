import { Test } from '@nestjs/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { Language } from '../common/identity/role';
import {
  DEFAULT_EMAIL_TEMPLATES_DIR,
  EMAIL_TEMPLATES_DIR,
  EmailRenderer,
  EmailTemplatesError,
  formatDateTime,
  inlineCss,
} from './email-renderer';
import { EMAIL_SAMPLES as SAMPLES } from './email-samples.fixture';
import { EMAIL_TYPES, EmailType, EmailVariables } from './email-types';

const LANGUAGES = Object.values(Language);
const HAN = /\p{Script=Han}/u;
const TAG = /<\/?[a-z!][^>]*>/i;
/** The text part wraps at 78 columns: compare sentences with their line breaks as spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

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

    it('has its CSS inlined once, at start-up, exactly as inlining the rendered e-mail would', () => {
      expect(email.html).toBe(inlineCss(renderer.document(type, language, variables)));
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

  describe('times in every zone of the call', () => {
    const bullets = (lines: string[]) => lines.map((line) => ` * ${line}`).join('\n');

    it.each([
      [Language.English, ['Wednesday, 31 March 2027, 17:00 (Asia/Taipei, GMT+8)', 'Wednesday, 31 March 2027, 18:00 (Asia/Tokyo, GMT+9)']],
      [
        Language.TraditionalChinese,
        ['2027年3月31日 星期三 17:00（Asia/Taipei，GMT+8）', '2027年3月31日 星期三 18:00（Asia/Tokyo，GMT+9）'],
      ],
    ])('in %s shows a deadline once per zone, in the order given', (language, shown) => {
      const email = renderer.render(EmailType.DeadlineReminder, language, SAMPLES[EmailType.DeadlineReminder].variables);
      expect(email.text).toContain(`\n\n${bullets(shown)}\n\n`);
      shown.forEach((line) => expect(email.text.split(line)).toHaveLength(2));
      shown.forEach((line) => expect(email.html).toMatch(new RegExp(`<li[^>]*><strong>${line.replace(/[()+]/g, '\\$&')}</strong></li>`)));
    });

    it('shows one line when the partner agency shares the call’s zone', () => {
      const email = renderer.render(EmailType.ProposalInvitation, Language.English, {
        ...SAMPLES[EmailType.ProposalInvitation].variables,
        timezones: ['Asia/Taipei'],
      });
      expect(email.text).toContain('closes on:\n\n * Wednesday, 31 March 2027, 17:00 (Asia/Taipei, GMT+8)\n\nIf you do not know');
    });

    it('shows the new and the previous deadline of an extension in each zone', () => {
      const en = renderer.render(EmailType.DeadlineExtended, Language.English, SAMPLES[EmailType.DeadlineExtended].variables);
      expect(en.text).toContain(
        'New deadline:\n\n' +
          bullets(['Wednesday, 14 April 2027, 17:00 (Asia/Taipei, GMT+8)', 'Wednesday, 14 April 2027, 11:00 (Europe/Prague, GMT+2)']) +
          '\n\nPrevious deadline, no longer valid:\n\n' +
          bullets(['Wednesday, 31 March 2027, 17:00 (Asia/Taipei, GMT+8)', 'Wednesday, 31 March 2027, 11:00 (Europe/Prague, GMT+2)']),
      );
      const zh = renderer.render(EmailType.DeadlineExtended, Language.TraditionalChinese, SAMPLES[EmailType.DeadlineExtended].variables);
      expect(zh.text).toContain(
        '新的截止時間：\n\n' +
          bullets(['2027年4月14日 星期三 17:00（Asia/Taipei，GMT+8）', '2027年4月14日 星期三 11:00（Europe/Prague，GMT+2）']) +
          '\n\n原截止時間（已不適用）：\n\n' +
          bullets(['2027年3月31日 星期三 17:00（Asia/Taipei，GMT+8）', '2027年3月31日 星期三 11:00（Europe/Prague，GMT+2）']),
      );
    });

    it('shows when a proposal was submitted, with its reference', () => {
      const email = renderer.render(EmailType.SubmissionReceipt, Language.English, SAMPLES[EmailType.SubmissionReceipt].variables);
      expect(email.subject).toBe('Proposal received: QUAKE-Q – Quantum sensors for seismic early warning (JC-2027-0042)');
      expect(email.text).toContain(
        bullets(['Tuesday, 30 March 2027, 22:23 (Asia/Taipei, GMT+8)', 'Tuesday, 30 March 2027, 16:23 (Europe/Prague, GMT+2)']),
      );
    });
  });

  describe('eligibility verdict', () => {
    const ineligible = SAMPLES[EmailType.EligibilityVerdict].variables;
    const eligible = {
      ...ineligible,
      eligible: true,
      verdicts: ineligible.verdicts.map((verdict) => ({ ...verdict, eligible: true, reason: 'All requirements are met.' })),
    };

    it('says INELIGIBLE and lists each agency’s verdict and reason', () => {
      const en = renderer.render(EmailType.EligibilityVerdict, Language.English, ineligible);
      expect(en.subject).toBe('Eligibility check of “Quantum sensors for seismic early warning”: ineligible');
      expect(flat(en.text)).toContain('is INELIGIBLE and will not be reviewed');
      expect(en.text).toContain(' * National Science and Technology Council (NSTC): eligible. All requirements');
      expect(en.text).toContain(' * Czech Science Foundation (GAČR): not eligible. The principal investigator');
      expect(en.html).toContain('<strong>Czech Science Foundation (GAČR)</strong>: not eligible.');
      expect(en.text).not.toContain('goes on to review.');

      const zh = renderer.render(EmailType.EligibilityVerdict, Language.TraditionalChinese, ineligible);
      expect(zh.subject).toBe('【雙邊合作研究計畫】申請資格審查結果：計畫「Quantum sensors for seismic early warning」不符資格');
      expect(zh.text).toContain('不符申請資格，將不進入學術審查');
      expect(zh.text).toContain(' * Czech Science Foundation (GAČR)：不符資格。說明：The principal investigator');
      expect(zh.text).toContain(' * National Science and Technology Council (NSTC)：符合資格。說明：All requirements');
    });

    it('says ELIGIBLE and that review follows', () => {
      const en = renderer.render(EmailType.EligibilityVerdict, Language.English, eligible);
      expect(en.subject).toBe('Eligibility check of “Quantum sensors for seismic early warning”: eligible');
      expect(en.text).toContain('is ELIGIBLE and goes on to review.');
      expect(en.text).not.toMatch(/INELIGIBLE|not eligible/);

      const zh = renderer.render(EmailType.EligibilityVerdict, Language.TraditionalChinese, eligible);
      expect(zh.subject).toMatch(/符合資格$/);
      expect(zh.text).toContain('符合申請資格，將進入學術審查');
      expect(zh.text).not.toContain('不符');
    });

    it('says which agency decided and which is awaited, and claims no joint outcome, while one verdict is in', () => {
      const partial = {
        ...ineligible,
        decided: false,
        eligible: false,
        verdicts: [{ agency: 'Czech Science Foundation (GAČR)', eligible: true, reason: 'The contract is in place.' }],
        awaited: ['National Science and Technology Council (NSTC)'],
      };
      const en = renderer.render(EmailType.EligibilityVerdict, Language.English, partial);
      expect(en.subject).toBe(
        'Eligibility check of “Quantum sensors for seismic early warning”: a verdict is recorded, another is awaited',
      );
      expect(en.text).toContain(' * Czech Science Foundation (GAČR): eligible. The contract is in place.');
      expect(en.text).toContain(' * National Science and Technology Council (NSTC): not checked yet.');
      expect(en.text).not.toMatch(/Both agencies|ELIGIBLE|goes on to review/);

      const zh = renderer.render(EmailType.EligibilityVerdict, Language.TraditionalChinese, partial);
      expect(zh.text).toContain(' * National Science and Technology Council (NSTC)：尚未審查。');
      expect(zh.text).not.toContain('均已完成');
    });

    it('escapes what the officers wrote', () => {
      const email = renderer.render(EmailType.EligibilityVerdict, Language.English, {
        ...ineligible,
        verdicts: [{ agency: 'A & B', eligible: false, reason: '<img src=x onerror=alert(1)>' }],
      });
      expect(email.html).toContain('<strong>A &amp; B</strong>: not eligible. &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(email.html).not.toContain('<img');
    });
  });

  describe('submission receipt', () => {
    it('leaves the acronym out, with its punctuation, when the proposal has none', () => {
      const receipt = { ...SAMPLES[EmailType.SubmissionReceipt].variables, acronym: '' };
      const en = renderer.render(EmailType.SubmissionReceipt, Language.English, receipt);
      expect(en.subject).toBe('Proposal received: Quantum sensors for seismic early warning (JC-2027-0042)');
      expect(en.text).toContain('Proposal: Quantum sensors for seismic early warning');
      const zh = renderer.render(EmailType.SubmissionReceipt, Language.TraditionalChinese, receipt);
      expect(zh.subject).toContain('計畫申請收件通知：「Quantum sensors for seismic early warning」');
      expect(zh.text).toContain('計畫名稱：Quantum sensors for seismic early warning\n');
      expect(zh.text).not.toContain('（）');
    });

    it('shows the acronym when there is one', () => {
      const en = renderer.render(EmailType.SubmissionReceipt, Language.English, SAMPLES[EmailType.SubmissionReceipt].variables);
      expect(en.subject).toBe('Proposal received: QUAKE-Q – Quantum sensors for seismic early warning (JC-2027-0042)');
    });
  });

  describe('proposal withdrawn', () => {
    it('names who withdrew it and why, in both languages', () => {
      const withdrawn = SAMPLES[EmailType.ProposalWithdrawn].variables;
      const en = renderer.render(EmailType.ProposalWithdrawn, Language.English, withdrawn);
      expect(en.subject).toBe('Proposal withdrawn: “Quantum sensors for seismic early warning”');
      expect(flat(en.text)).toContain(
        'Chen Mei-ling has withdrawn the joint proposal “Quantum sensors for seismic early warning” submitted',
      );
      expect(en.text).toContain('The reason given: The partner laboratory closes in 2027.');
      const zh = renderer.render(EmailType.ProposalWithdrawn, Language.TraditionalChinese, { ...withdrawn, reason: '' });
      expect(zh.text).toContain('Chen Mei-ling 已撤回向「NSTC–GAČR Joint Research Projects 2027」提出的');
      expect(zh.text).not.toContain('撤回原因');
    });
  });

  describe('call closed', () => {
    it('shows the number of proposals, zero included', () => {
      const variables = { ...SAMPLES[EmailType.CallClosed].variables, submittedCount: 0 };
      expect(renderer.render(EmailType.CallClosed, Language.English, variables).text).toContain('Proposals submitted: 0\n');
      expect(renderer.render(EmailType.CallClosed, Language.TraditionalChinese, variables).subject).toMatch(/（共 0 件申請）$/);
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

    it('fails on a missing condition or list instead of taking the else branch or showing nothing', () => {
      const verdict = SAMPLES[EmailType.EligibilityVerdict].variables;
      const render =
        <T extends EmailType>(type: T, variables: object) =>
        () =>
          renderer.render(type, Language.English, variables as EmailVariables[T]);
      const { eligible: _eligible, ...withoutOutcome } = verdict;
      expect(render(EmailType.EligibilityVerdict, withoutOutcome)).toThrow('{{#if}} takes one defined value, got undefined');
      expect(render(EmailType.EligibilityVerdict, { ...verdict, verdicts: [{ agency: 'GAČR', reason: 'No contract' }] })).toThrow(
        '{{#if}} takes one defined value, got undefined',
      );
      const { verdicts: _verdicts, ...withoutVerdicts } = verdict;
      expect(render(EmailType.EligibilityVerdict, withoutVerdicts)).toThrow('{{#each}} takes an array, got undefined');

      const reminder = SAMPLES[EmailType.DeadlineReminder].variables;
      const { timezones: _timezones, ...withoutZones } = reminder;
      expect(render(EmailType.DeadlineReminder, withoutZones)).toThrow('{{#each}} takes an array, got undefined');
      expect(render(EmailType.DeadlineReminder, { ...reminder, timezones: 'Asia/Taipei' })).toThrow(
        '{{#each}} takes an array, got "Asia/Taipei"',
      );
      expect(render(EmailType.DeadlineReminder, { ...reminder, timezones: [] })).toThrow(
        '{{#each}} got an empty array and has no {{else}} block to show instead',
      );
      const { closesAt: _closesAt, ...withoutDeadline } = reminder;
      expect(render(EmailType.DeadlineReminder, withoutDeadline)).toThrow(/ISO 8601 instant/);
    });

    it('renders the {{else}} of an empty list and keeps false and 0 as values', () => {
      const dir = scratchCopy();
      writeFileSync(
        join(dir, 'welcome.en.hbs'),
        '<title>{{#if flag}}yes{{else}}no{{/if}} {{#unless zero}}zero{{/unless}}</title>{{#each list}}{{this}}{{else}}<p>none</p>{{/each}}',
      );
      const email = EmailRenderer.fromDirectory(dir).render(EmailType.Welcome, Language.English, {
        flag: false,
        zero: 0,
        list: [],
      } as unknown as EmailVariables[EmailType.Welcome]);
      expect(email.subject).toBe('no zero');
      expect(email.text).toContain('none');
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

    it('rejects a layout without its subject, and a link that sets its own inline style', () => {
      const dir = scratchCopy();
      writeFileSync(join(dir, 'layout.hbs'), '<html><title>Joint Calls</title>{{{body}}}</html>');
      writeFileSync(join(dir, 'welcome.en.hbs'), '<title>Hi</title><p>{{link loginUrl "Sign in" inlineStyle=0}}</p>');
      expect(problemsOf(dir)).toEqual([
        'layout.hbs must contain <title>{{subject}}</title>',
        'welcome.en.hbs must not set inlineStyle= on a link: the styles come from the layout',
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
