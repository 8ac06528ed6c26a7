import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { Language } from '../common/identity/role';
import { MESSAGES } from './messages';
import { Page, PAGES } from './pages';

const PAGE_TEMPLATES_DIR = join(__dirname, 'templates');
const NOT_FOUND = 'not-found';

/** `</script>` and `<!--` cannot end or confuse the JSON data block the texts travel in. */
const jsonForScript = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028|\u2029/g, '');

/**
 * Renders the pages: Handlebars in strict mode (a missing text is an error, never a blank), compiled once at start, so a
 * broken template stops the API from starting rather than a page from opening. `{{{include "name"}}}` inserts
 * `partials/<name>.hbs` with the same texts (a helper rather than Handlebars partials, which Prettier cannot format).
 */
@Injectable()
export class PageRenderer {
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly bodies = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const handlebars = Handlebars.create();
    const compile = (file: string) => handlebars.compile(readFileSync(join(PAGE_TEMPLATES_DIR, file), 'utf8'), { strict: true });
    const partials = new Map(
      readdirSync(join(PAGE_TEMPLATES_DIR, 'partials')).map((file) => [basename(file, '.hbs'), compile(join('partials', file))]),
    );
    handlebars.registerHelper('include', function (this: unknown, name: string) {
      const partial = partials.get(name);
      if (!partial) throw new Error(`no partial named ${name} in ${join(PAGE_TEMPLATES_DIR, 'partials')}`);
      return new handlebars.SafeString(partial(this));
    });
    this.layout = compile('layout.hbs');
    for (const name of [...PAGES.map((page) => page.name), NOT_FOUND]) this.bodies.set(name, compile(`${name}.hbs`));
  }

  /** The page in the language, its route parameters (ids) handed to its script. */
  render(page: Page, language: Language, params: Record<string, string>): string {
    return this.document(page.name, page.title(MESSAGES[language]), language, params);
  }

  notFound(language: Language): string {
    return this.document(NOT_FOUND, MESSAGES[language].site.notFoundTitle, language, {});
  }

  private document(name: string, title: string, language: Language, params: Record<string, string>): string {
    const context = {
      lang: language,
      otherLang: language === Language.English ? Language.TraditionalChinese : Language.English,
      t: MESSAGES[language],
      title,
    };
    // Prettier drops the doctype from a Handlebars file; without it the browser would render in quirks mode.
    return (
      '<!doctype html>\n' +
      this.layout({
        ...context,
        // The not-found page needs no script.
        script: name === NOT_FOUND ? null : `/assets/pages/${name}.js`,
        params: JSON.stringify(params),
        body: this.bodies.get(name)!(context),
        messages: jsonForScript(MESSAGES[language]),
      })
    );
  }
}
