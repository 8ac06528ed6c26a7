import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { pageLanguage } from './page-language';
import { PageRenderer } from './page-renderer';
import { PAGES } from './pages';

export const PAGE_ASSETS_PATH = '/assets/pages/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The headers of every page and asset. Scripts, styles and images come only from this origin (no inline code: the
 * texts travel as a JSON data block), the DOM takes no HTML strings (Trusted Types), nothing may frame the pages, and no
 * address leaves in a Referer. HSTS is left to whoever terminates TLS for the whole host.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' as const },
  frameguard: { action: 'deny' as const },
  strictTransportSecurity: false,
};

/**
 * The pages as a Fastify plugin, outside Nest's router and its /api/v1 prefix (the paths are those of the links in
 * e-mails; some, like /calls/:id, exist under the prefix too). Encapsulated: its headers apply to its routes only.
 */
export function pagesPlugin(renderer: PageRenderer): FastifyPluginAsync {
  return async (scope: FastifyInstance) => {
    await scope.register(helmet, SECURITY_HEADERS);
    await scope.register(fastifyStatic, { root: join(__dirname, 'assets'), prefix: PAGE_ASSETS_PATH, decorateReply: false });
    for (const page of PAGES) {
      scope.get<{ Params: Record<string, string>; Querystring: { lang?: unknown } }>(page.path, async (request, reply) => {
        const language = pageLanguage(request.query.lang, request.headers['accept-language']);
        // Pages are filled in by their scripts from the API with the reader's session; no copy of them is to be kept.
        void reply.header('cache-control', 'no-store').header('vary', 'accept-language').type('text/html; charset=utf-8');
        if (!Object.values(request.params).every((id) => UUID.test(id))) return reply.status(404).send(renderer.notFound(language));
        return reply.send(renderer.render(page, language, request.params));
      });
    }
  };
}

/** Serves the pages that e-mails link to, in the API process. */
@Injectable()
export class PageServer {
  constructor(private readonly renderer: PageRenderer) {}

  async mount(app: NestFastifyApplication): Promise<void> {
    await app.register(pagesPlugin(this.renderer));
  }
}
