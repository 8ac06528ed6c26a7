import { Inject, Injectable, Optional } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { compile as compileHtmlToText } from 'html-to-text';
import juice from 'juice';
import { Language } from '../common/identity/role';
import { EMAIL_TYPES, EmailType, EmailVariables, RenderedEmail } from './email-types';

/** Injection token to read the templates from another directory than the one beside this file. */
export const EMAIL_TEMPLATES_DIR = Symbol('EMAIL_TEMPLATES_DIR');

/** `src/notifications/templates` under Jest, `dist/src/notifications/templates` once built (nest-cli.json copies the .hbs assets). */
export const DEFAULT_EMAIL_TEMPLATES_DIR = join(__dirname, 'templates');

const LANGUAGES: readonly Language[] = Object.values(Language);
const LAYOUT_FILE = 'layout.hbs';
const TEMPLATE_EXTENSION = '.hbs';
const TITLE = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i;
const TITLE_GLOBAL = new RegExp(TITLE.source, 'gi');

/** Helpers are the only ones templates may call: a misspelt helper is a start-up error, not a blank in an e-mail. */
const HELPERS = ['datetime', 'link', 'lang'] as const;
const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpers: Object.fromEntries(HELPERS.map((name) => [name, true])),
  knownHelpersOnly: true,
};

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
type Template = Handlebars.TemplateDelegate;

/** Runtime data of every template, readable as `@language` in a template and `options.data` in a helper. */
interface RenderData {
  language: Language;
  /** The subject, in the layout's `<title>`. */
  subject?: string;
}

/** One e-mail type in one language, compiled at start-up: the subject, and the whole document set in the layout. */
interface CompiledEmail {
  subject: Template;
  /** The document with the layout's CSS inlined into style attributes, once, when the templates were loaded. */
  html: Template;
  /** The same document without inlining: the source of the plain-text part. */
  document: Template;
}

/**
 * Renders the e-mails of {@link EmailType} in each {@link Language} from `templates/<type>.<language>.hbs`:
 * the `<title>` element of a template is the subject, the rest its body, set in `templates/layout.hbs`.
 *
 * All templates are read and compiled once, on construction, which fails with the list of what is missing,
 * unexpected or invalid, so that a gap is found when the application starts and not when a mail is due. The
 * layout's CSS is inlined then too, into each template set in the layout, Handlebars expressions and all (juice
 * leaves them alone): inlining every e-mail as it was sent took 1.8 ms of CPU, most of the cost of an e-mail.
 */
@Injectable()
export class EmailRenderer {
  private readonly handlebars: typeof Handlebars;
  private readonly emails: ReadonlyMap<string, CompiledEmail>;

  constructor(@Optional() @Inject(EMAIL_TEMPLATES_DIR) readonly templatesDir: string = DEFAULT_EMAIL_TEMPLATES_DIR) {
    const linkStyles: string[] = [];
    this.handlebars = createHandlebars(linkStyles);
    this.emails = loadTemplates(this.handlebars, templatesDir, linkStyles);
  }

  static fromDirectory(templatesDir: string): EmailRenderer {
    return new EmailRenderer(templatesDir);
  }

  render<T extends EmailType>(type: T, language: Language, variables: EmailVariables[T]): RenderedEmail {
    const email = this.compiled(type, language);
    const subject = toSubject(email.subject(variables, { data: { language } satisfies RenderData }));
    const data: RenderData = { language, subject };
    return {
      subject,
      html: withDoctype(email.html(variables, { data })),
      text: htmlToText(withDoctype(email.document(variables, { data }))),
    };
  }

  /** The e-mail's HTML document before its CSS is inlined (what the plain text is made from). */
  document<T extends EmailType>(type: T, language: Language, variables: EmailVariables[T]): string {
    const email = this.compiled(type, language);
    const subject = toSubject(email.subject(variables, { data: { language } satisfies RenderData }));
    return withDoctype(email.document(variables, { data: { language, subject } satisfies RenderData }));
  }

  private compiled(type: EmailType, language: Language): CompiledEmail {
    const email = this.emails.get(templateKey(type, language));
    if (!email) throw new Error(`No e-mail template for type "${String(type)}" in language "${String(language)}"`);
    return email;
  }
}

/** Thrown on construction when the templates directory lacks a template, holds an unexpected one or an invalid one. */
export class EmailTemplatesError extends Error {
  constructor(
    readonly directory: string,
    readonly problems: string[],
  ) {
    super(`E-mail templates in ${directory} are incomplete or invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EmailTemplatesError';
  }
}

/** Prettier, which formats the templates, drops a doctype from Handlebars files: mail clients want one for standards mode. */
function withDoctype(html: string): string {
  const trimmed = html.trimStart();
  return /^<!doctype\b/i.test(trimmed) ? trimmed : `<!DOCTYPE html>\n${trimmed}`;
}

function templateKey(type: EmailType, language: Language): string {
  return `${type}.${language}`;
}

/** The layout's `<title>`: the subject, given to the layout as `@subject`. */
const LAYOUT_TITLE = '{{subject}}';
const BODY = '{{{body}}}';
/** `{{link …}}` expressions, whose anchors exist only once rendered; `class='…'` or `class="…"` among their arguments. */
const LINK = /\{\{link\s[^}]*\}\}/g;
const LINK_CLASS = /\sclass=(?:'([^']*)'|"([^"]*)")/;
const LINK_MARK = /<a href="#jc-link-(\d+)"([^>]*)>jc-link-\1<\/a>/g;
const STYLE_ATTRIBUTE = /\sstyle="([^"]*)"/;

function loadTemplates(handlebars: typeof Handlebars, dir: string, linkStyles: string[]): Map<string, CompiledEmail> {
  let files: string[];
  try {
    files = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(TEMPLATE_EXTENSION))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new EmailTemplatesError(dir, [`cannot read the directory: ${(error as Error).message}`]);
  }

  const problems: string[] = [];
  const read = (file: string, check: (source: string) => string | null): string | null => {
    const source = readFileSync(join(dir, file), 'utf8');
    try {
      // compile() is lazy: precompile() parses now and rejects unknown helpers.
      handlebars.precompile(source, COMPILE_OPTIONS);
    } catch (error) {
      problems.push(`${file} is not a valid template: ${(error as Error).message.replace(/\s+/g, ' ')}`);
      return null;
    }
    const problem = check(source);
    if (problem) {
      problems.push(`${file} ${problem}`);
      return null;
    }
    return source;
  };

  let layout: string | null = null;
  const sources = new Map<string, string>();
  for (const file of files) {
    if (file === LAYOUT_FILE) {
      layout = read(file, (source) =>
        !source.includes(BODY)
          ? `must contain ${BODY} where the e-mail body goes`
          : !source.includes(`<title>${LAYOUT_TITLE}</title>`)
            ? `must contain <title>${LAYOUT_TITLE}</title>`
            : null,
      );
      continue;
    }
    const name = file.slice(0, -TEMPLATE_EXTENSION.length);
    const dot = name.lastIndexOf('.');
    const type = name.slice(0, dot) as EmailType;
    const language = name.slice(dot + 1) as Language;
    if (dot < 0 || !EMAIL_TYPES.includes(type) || !LANGUAGES.includes(language)) {
      problems.push(
        `unexpected template ${file}: names are <type>.<language>.hbs, with a type among ${EMAIL_TYPES.join(', ')} ` +
          `and a language among ${LANGUAGES.join(', ')}`,
      );
      continue;
    }
    const source = read(file, (text) => {
      const titles = text.match(TITLE_GLOBAL)?.length ?? 0;
      if (titles !== 1) return `must contain exactly one <title>…</title> element, the subject (found ${titles})`;
      return /\binlineStyle=/.test(text) ? 'must not set inlineStyle= on a link: the styles come from the layout' : null;
    });
    if (source) sources.set(templateKey(type, language), source);
  }

  if (!files.includes(LAYOUT_FILE)) problems.push(`missing template ${LAYOUT_FILE}`);
  for (const type of EMAIL_TYPES) {
    for (const language of LANGUAGES) {
      if (!files.includes(`${templateKey(type, language)}${TEMPLATE_EXTENSION}`)) {
        problems.push(`missing template ${templateKey(type, language)}${TEMPLATE_EXTENSION}`);
      }
    }
  }
  if (problems.length > 0 || !layout) throw new EmailTemplatesError(dir, problems);

  const emails = new Map<string, CompiledEmail>();
  const frame = layout.replace(`<title>${LAYOUT_TITLE}</title>`, '<title>{{@subject}}</title>');
  for (const [key, source] of sources) {
    const title = TITLE.exec(source)!;
    const body = (source.slice(0, title.index) + source.slice(title.index + title[0].length)).trim();
    const document = frame.replace(BODY, () => body);
    emails.set(key, {
      subject: handlebars.compile(title[1], COMPILE_OPTIONS),
      html: handlebars.compile(inlineOnce(document, linkStyles), COMPILE_OPTIONS),
      document: handlebars.compile(document, COMPILE_OPTIONS),
    });
  }
  return emails;
}

/**
 * The layout's CSS inlined into a template's source (juice keeps Handlebars expressions as they are). A `{{link}}`
 * makes its anchor only when rendered: it stands in as an anchor of its class while juice runs, and the style juice
 * gives that anchor goes back to the link as `inlineStyle=<n>`, an index into `linkStyles`, for the helper to set.
 */
function inlineOnce(source: string, linkStyles: string[]): string {
  const links: string[] = [];
  const marked = source.replace(LINK, (link) => {
    const index = links.push(link) - 1;
    const className = LINK_CLASS.exec(link);
    const classAttribute = className ? ` class="${className[1] ?? className[2]}"` : '';
    return `<a href="#jc-link-${index}"${classAttribute}>jc-link-${index}</a>`;
  });
  return inlineCss(marked).replace(LINK_MARK, (_mark, index: string, attributes: string) => {
    const style = STYLE_ATTRIBUTE.exec(attributes);
    const link = links[Number(index)];
    return style ? `${link.slice(0, -2)} inlineStyle=${linkStyles.push(style[1]) - 1}}}` : link;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** `linkStyles`: the style attributes of links, by the `inlineStyle=` index that inlining gave them (see inlineOnce). */
function createHandlebars(linkStyles: readonly string[]): typeof Handlebars {
  const handlebars = Handlebars.create();

  /** `{{datetime instant timezone}}`: an ISO 8601 instant as the date and time in an IANA zone, in the template's language. */
  handlebars.registerHelper('datetime', (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    if (args.length !== 2) throw new Error(`{{datetime}} takes an instant and a time zone, got ${args.length} arguments`);
    return formatDateTime(args[0], args[1], languageOf(options));
  });

  /** `{{link url label class="button"}}`: an anchor to an http(s) or mailto URL; url, label and class are escaped. */
  handlebars.registerHelper('link', (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    const [url, label = url] = args;
    const { class: className, inlineStyle } = options.hash as Record<string, unknown>;
    if (args.length > 2 || typeof url !== 'string' || typeof label !== 'string' || !['string', 'undefined'].includes(typeof className)) {
      throw new Error(`{{link}} takes a URL, a label and optionally class="…", got ${describe(args)} ${describe([className])}`);
    }
    checkUrl(url);
    const escape = handlebars.escapeExpression;
    const classAttribute = className === undefined ? '' : ` class="${escape(className as string)}"`;
    // Set by inlining at start-up, never by a template: an attribute value juice wrote, HTML-encoded already.
    const style = typeof inlineStyle === 'number' ? linkStyles[inlineStyle] : undefined;
    const styleAttribute = style === undefined ? '' : ` style="${style}"`;
    return new handlebars.SafeString(`<a href="${escape(url)}"${classAttribute}${styleAttribute}>${escape(label)}</a>`);
  });

  /** `{{#lang "zh-TW"}}…{{/lang}}`: the block only in e-mails of that language; for the shared layout. */
  handlebars.registerHelper('lang', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    const [language] = args;
    if (args.length !== 1 || !LANGUAGES.includes(language as Language)) {
      throw new Error(`{{#lang}} takes one of ${LANGUAGES.join(', ')}, got ${describe(args)}`);
    }
    return language === languageOf(options) ? options.fn(this) : options.inverse(this);
  });

  // Strict mode fails on a missing `{{name}}` but not on a missing argument of a block helper: `{{#if eligible}}` would
  // quietly take the else branch and `{{#each timezones}}` show no deadline at all. These wrap the built-in ones.
  const builtIn = { if: handlebars.helpers.if, unless: handlebars.helpers.unless, each: handlebars.helpers.each };
  /** What a block without `{{else}}` gets as `options.inverse` (untyped in @types). */
  const noInverse = (handlebars.VM as unknown as { noop: unknown }).noop;

  for (const name of ['if', 'unless'] as const) {
    /** `{{#if value}}…{{else}}…{{/if}}` and `{{#unless}}`: as built in, but the value must be defined. */
    handlebars.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.pop() as Handlebars.HelperOptions;
      if (args.length !== 1 || args[0] === undefined) throw new Error(`{{#${name}}} takes one defined value, got ${describe(args)}`);
      return builtIn[name].call(this, args[0], options) as string;
    });
  }

  /** `{{#each list}}…{{else}}…{{/each}}`: as built in, but for an array only, and an empty one only with an `{{else}}`. */
  handlebars.registerHelper('each', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    const [list] = args;
    if (args.length !== 1 || !Array.isArray(list)) throw new Error(`{{#each}} takes an array, got ${describe(args)}`);
    if (list.length === 0 && options.inverse === noInverse) {
      throw new Error('{{#each}} got an empty array and has no {{else}} block to show instead');
    }
    return builtIn.each.call(this, list, options) as string;
  });

  return handlebars;
}

function languageOf(options: Handlebars.HelperOptions): Language {
  const language = (options.data as Partial<RenderData> | undefined)?.language;
  if (!language || !LANGUAGES.includes(language)) throw new Error(`Template rendered without a language (@language)`);
  return language;
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`{{link}} needs an absolute URL, got ${JSON.stringify(url)}`);
  }
  if (!['https:', 'http:', 'mailto:'].includes(protocol)) throw new Error(`{{link}} refuses the ${protocol} URL ${JSON.stringify(url)}`);
}

function describe(values: unknown[]): string {
  return values.map((value) => (value === undefined ? 'undefined' : JSON.stringify(value))).join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** An instant with its offset: an ISO 8601 string without one would be read in the server's own zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

type DateTimeParts = Record<'weekday' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'timeZoneName', string>;

const DATETIME_LOCALES: Record<Language, string> = {
  [Language.English]: 'en-GB',
  [Language.TraditionalChinese]: 'zh-TW',
};

/** Put together from parts, so that the layout stays the same whatever the ICU version. */
const DATETIME_LAYOUTS: Record<Language, (parts: DateTimeParts, timeZone: string) => string> = {
  // Tuesday, 1 December 2026, 17:00 (Asia/Taipei, GMT+8)
  [Language.English]: (p, zone) => `${p.weekday}, ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${zone}, ${p.timeZoneName})`,
  // 2026年12月1日 星期二 17:00（Asia/Taipei，GMT+8）
  [Language.TraditionalChinese]: (p, zone) =>
    `${p.year}年${p.month}月${p.day}日 ${p.weekday} ${p.hour}:${p.minute}（${zone}，${p.timeZoneName}）`,
};

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The date and time of an instant in a time zone, spelt out with the weekday, the 24-hour time, the IANA zone
 * and its UTC offset on that day, so that a deadline reads the same to a researcher in Taipei, Prague or Tokyo.
 */
export function formatDateTime(instant: unknown, timeZone: unknown, language: Language): string {
  const date = toDate(instant);
  if (typeof timeZone !== 'string' || timeZone === '') throw new Error(`{{datetime}} needs an IANA time zone, got ${String(timeZone)}`);
  const key = `${language} ${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(DATETIME_LOCALES[language], {
        timeZone,
        weekday: 'long',
        year: 'numeric',
        month: language === Language.English ? 'long' : 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'shortOffset',
      });
    } catch {
      throw new Error(`{{datetime}}: unknown time zone ${JSON.stringify(timeZone)}`);
    }
    dateTimeFormats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value])) as DateTimeParts;
  return DATETIME_LAYOUTS[language](parts, timeZone);
}

function toDate(instant: unknown): Date {
  const date = instant instanceof Date ? instant : typeof instant === 'string' && ISO_INSTANT.test(instant) ? new Date(instant) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new Error(`{{datetime}} needs an ISO 8601 instant with its offset (e.g. 2026-12-01T09:00:00Z), got ${String(instant)}`);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------------------------
// Subject, HTML and text

const subjectText = compileHtmlToText({ wordwrap: false });

// eslint-disable-next-line no-control-regex -- \s leaves out the C0 and C1 control characters
const WHITESPACE_AND_CONTROLS = /[\s\u0000-\u001f\u007f-\u009f]+/g;

/** The text of a `<title>`, entities decoded, on one line: no CR, LF or other control character can reach the header. */
function toSubject(titleHtml: string): string {
  const subject = subjectText(titleHtml).replace(WHITESPACE_AND_CONTROLS, ' ').trim();
  if (!subject) throw new Error('E-mail subject (the <title> of its template) is empty');
  return subject;
}

/** The layout's CSS into style attributes, as e-mail clients need it. */
export function inlineCss(html: string): string {
  return juice(html, {
    removeStyleTags: true,
    preserveMediaQueries: true,
    preserveFontFaces: false,
    applyAttributesTableElements: true,
    applyWidthAttributes: true,
    applyHeightAttributes: false,
  });
}

/** The plain-text part: the body and footer of the layout (not its header), links as "label [url]", no images. */
const htmlToText = compileHtmlToText({
  wordwrap: 78,
  baseElements: { selectors: ['.email-body', '.email-footer'], returnDomByDefault: true },
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: '.html-only', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['[', ']'] } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: '.email-body', format: 'block' },
    { selector: '.email-footer', format: 'block', options: { leadingLineBreaks: 2 } },
  ],
});
