import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { Language } from '../common/identity/role';
import { MESSAGES } from './messages';
import { PageRenderer } from './page-renderer';
import { PAGE_ASSETS_PATH, pagesPlugin } from './page-server';
import { PAGES } from './pages';

const ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CSP =
  "default-src 'none';script-src 'self';style-src 'self';connect-src 'self';img-src 'self';form-action 'self';base-uri 'none';" +
  "frame-ancestors 'none';require-trusted-types-for 'script';trusted-types 'none'";
const pathOf = (path: string) => path.replace(/:[A-Za-z]+/g, ID);

describe('The pages', () => {
  let fastify: FastifyInstance;
  const get = (url: string, headers: Record<string, string> = {}) => fastify.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    fastify = new FastifyAdapter().getInstance();
    await fastify.register(pagesPlugin(new PageRenderer()));
    fastify.get('/api/v1/outside', async () => ({ ok: true }));
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  describe.each(PAGES.map((page) => [page.name, page] as const))('%s', (_name, page) => {
    it('forbids inline code, framing, Referer and caching', async () => {
      const response = await get(pathOf(page.path));
      expect(response.headers).toMatchObject({
        'content-security-policy': CSP,
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cache-control': 'no-store',
        'content-type': 'text/html; charset=utf-8',
      });
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });

    it('has no inline script, style or event handler, only the texts as a JSON data block', async () => {
      const html = (await get(pathOf(page.path))).body;
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attributes]) => attributes.trim());
      expect(scripts).toEqual([`type='module' src='${PAGE_ASSETS_PATH}${page.name}.js'`, "type='application/json' id='messages'"]);
      expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    });

    it.each(Object.values(Language))('is in %s, labels every field and has one h1', async (language) => {
      const html = (await get(`${pathOf(page.path)}?lang=${language}`)).body;
      expect(html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang='${language}'>`));
      expect(html).toContain(`<title>${page.title(MESSAGES[language])} · Joint Calls</title>`);
      expect(html.match(/<h1\b/g)).toHaveLength(1);
      const inputs = [...html.matchAll(/<input\b[^>]*\bid='([^']+)'/g)].map(([, id]) => id);
      expect(inputs.filter((id) => !html.includes(`<label for='${id}'>`))).toEqual([]);
      const texts = JSON.parse(/<script type='application\/json' id='messages'>(.*?)<\/script>/s.exec(html)![1]) as unknown;
      expect(texts).toEqual(MESSAGES[language]);
    });

    it('hands its route parameters to its script', async () => {
      const html = (await get(pathOf(page.path))).body;
      const params = Object.fromEntries([...page.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => [name, ID]));
      expect(html).toContain(`data-params='${JSON.stringify(params).replace(/"/g, '&quot;')}'`);
    });
  });

  it('takes the language from ?lang=, then Accept-Language, else English', async () => {
    const langOf = async (url: string, acceptLanguage?: string) =>
      /<html lang='([^']+)'>/.exec((await get(url, acceptLanguage ? { 'accept-language': acceptLanguage } : {})).body)![1];
    expect(await langOf('/sign-in?lang=zh-TW', 'en')).toBe('zh-TW');
    expect(await langOf('/sign-in', 'zh-TW,zh;q=0.9')).toBe('zh-TW');
    expect(await langOf('/sign-in?lang=fr', 'de')).toBe('en');
    expect((await get('/sign-in')).headers.vary).toBe('accept-language');
  });

  it('answers a page of its own, in the language, for an id that cannot exist', async () => {
    const response = await get('/proposals/42/invitation?lang=zh-TW');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-security-policy']).toBe(CSP);
    expect(response.body).toContain(`<h1>${MESSAGES[Language.TraditionalChinese].site.notFoundTitle}</h1>`);
    expect(response.body).not.toMatch(/<script\b[^>]*\bsrc=/);
  });

  it('serves every stylesheet, script and module the pages load, with their types', async () => {
    const html = (await Promise.all(PAGES.map((page) => get(pathOf(page.path))))).map((response) => response.body).join('\n');
    const linked = [...html.matchAll(/(?:src|href)='(\/assets\/[^']+)'/g)].map(([, url]) => url);
    const imported = linked
      .filter((url) => url.endsWith('.js'))
      .flatMap((url) => [
        ...readFileSync(join(__dirname, 'assets', url.slice(PAGE_ASSETS_PATH.length)), 'utf8').matchAll(/from '\.\/([^']+)'/g),
      ])
      .map(([, file]) => `${PAGE_ASSETS_PATH}${file}`);
    const types = { css: 'text/css; charset=utf-8', js: 'application/javascript; charset=utf-8', svg: 'image/svg+xml' };
    for (const url of new Set([...linked, ...imported])) {
      const response = await get(url);
      expect({
        url,
        status: response.statusCode,
        type: response.headers['content-type'],
        csp: response.headers['content-security-policy'],
      }).toEqual({
        url,
        status: 200,
        type: types[url.split('.').pop() as keyof typeof types],
        csp: CSP,
      });
    }
    expect(linked).toEqual(expect.arrayContaining([`${PAGE_ASSETS_PATH}pages.css`, `${PAGE_ASSETS_PATH}icon.svg`]));
  });

  it('leaves the headers of routes outside the plugin alone', async () => {
    const response = await get('/api/v1/outside');
    expect(response.headers['content-security-policy']).toBeUndefined();
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
