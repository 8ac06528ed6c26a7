import { FastifyInstance } from 'fastify';
import { createApiAdapter } from '../app.setup';
import { Language } from '../common/identity/role';
import { EMAIL_SAMPLES, SAMPLE_LINKS } from '../notifications/email-samples.fixture';
import { EmailRenderer } from '../notifications/email-renderer';
import { EMAIL_TYPES, EmailType, RenderedEmail } from '../notifications/email-types';
import { PAGE_PATHS } from '../notifications/links';
import { PageRenderer } from './page-renderer';
import { pagesPlugin } from './page-server';

const LANGUAGES = Object.values(Language);
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
  '&lt;': '<',
  '&gt;': '>',
};
const SOME_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** Every link of an e-mail: the href of each anchor of its HTML and every URL of its plain text. */
function linksIn(email: RenderedEmail): string[] {
  const hrefs = [...email.html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map(([, href]) =>
    href.replace(/&[#\w]+;/g, (entity) => ENTITIES[entity] ?? entity),
  );
  const urls = [...email.text.matchAll(/\bhttps?:\/\/[^\s\]]+/g)].map(([url]) => url);
  return [...new Set([...hrefs, ...urls])];
}

/** The API's own Fastify with the pages plugin: the router the links must resolve against. */
async function pagesRouter(): Promise<FastifyInstance> {
  const fastify = createApiAdapter().getInstance();
  await fastify.register(pagesPlugin(new PageRenderer()));
  await fastify.ready();
  return fastify;
}

describe('Links in e-mails', () => {
  const emails = new EmailRenderer();
  let router: FastifyInstance;

  beforeAll(async () => {
    router = await pagesRouter();
  });
  afterAll(() => router.close());

  const open = (url: URL) => router.inject({ method: 'GET', url: `${url.pathname}${url.search}` });

  describe.each(EMAIL_TYPES.flatMap((type) => LANGUAGES.map((language) => [type, language] as const)))('%s in %s', (type, language) => {
    const email = emails.render(type, language, EMAIL_SAMPLES[type].variables);
    const links = linksIn(email).map((link) => new URL(link));

    it('carries its link, and only links to this site', () => {
      expect(links.map(String)).toContain(EMAIL_SAMPLES[type].url);
      expect(links.filter((url) => url.origin !== new URL(SAMPLE_LINKS.base).origin)).toEqual([]);
    });

    it('keeps tokens in the fragment, never in the query a server would log', () => {
      expect(links.filter((url) => url.searchParams.has('token'))).toEqual([]);
      const secret = [
        EmailType.PasswordReset,
        EmailType.EmailVerification,
        EmailType.ProposalInvitation,
        EmailType.ReviewerAccount,
      ].includes(type);
      expect(links.every((url) => url.hash.startsWith('#token=') === secret)).toBe(true);
    });

    it('opens a page of the site in the link’s language', async () => {
      for (const url of links) {
        const response = await open(url);
        expect({ url: url.href, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
          url: url.href,
          status: 200,
          type: 'text/html; charset=utf-8',
        });
        expect(response.body).toContain(`<html lang='${url.searchParams.get('lang') ?? Language.English}'>`);
      }
    });
  });

  it('finds no page where there is none, so a broken link fails the checks above', async () => {
    for (const path of [`/proposals/${SOME_ID}/nothing`, '/login', `/calls/${SOME_ID}/`, '/proposals']) {
      expect({ path, status: (await router.inject({ method: 'GET', url: path })).statusCode }).toEqual({ path, status: 404 });
    }
  });

  /** Pages whose feature does not exist yet; each gets its template when its module comes (see README.md). */
  const RESERVED: (keyof typeof PAGE_PATHS)[] = [];

  it.each(Object.keys(PAGE_PATHS) as (keyof typeof PAGE_PATHS)[])('serves the page %s, unless it is reserved for later', async (name) => {
    const response = await router.inject({ method: 'GET', url: `${PAGE_PATHS[name](SOME_ID)}?lang=en` });
    expect(response.statusCode).toBe(RESERVED.includes(name) ? 404 : 200);
  });
});
