// Builds a WebPageContext for one request: who is asking (once per
// request), the instance's branding, the page's language, and GraphQL run
// in-process as that viewer. Used for Fastify routes and for the
// federation HTML fallback (a Web Request) alike.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PluginContext, Viewer } from '../../core/index.ts';
import type { WebInstance, WebPageContext, WebViewer } from './contracts.ts';
import { chooseLocale, LOCALE_COOKIE, translator, type MessageKey } from './i18n/index.ts';
import type { Assets } from './assets.ts';

export interface IncomingRequest {
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
  /** Present for Fastify routes (mutations that set cookies). */
  request?: FastifyRequest;
  reply?: FastifyReply;
}

/** GraphQL answered with errors; `code` is the first error's code (NOT_FOUND, FORBIDDEN …). */
export class WebGraphQLError extends Error {
  readonly code: string;
  readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[];
  constructor(errors: readonly { message: string; extensions?: Record<string, unknown> }[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'WebGraphQLError';
    this.errors = errors;
    this.code = String(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  }
}

const SHELL = `query WebShell {
  instance { name description logoUrl colors { primary accent background } defaultLocale publicUrl rules contactEmail contactUrl enabledPlugins registrations }
  me { id handle displayName role locale }
}`;

export function parseCookieHeader(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // A cookie that is not valid percent-encoding is ignored.
    }
  }
  return out;
}

export async function buildPageContext(ctx: PluginContext, assets: Assets, incoming: IncomingRequest, params: Record<string, string> = {}): Promise<WebPageContext> {
  const viewer: Viewer | null = await ctx.graphql.viewerOf(incoming.headers, incoming.cookies);
  const shell = await ctx.graphql.execute<{ instance: WebInstance; me: WebViewer | null }>(SHELL, {}, { viewer });
  if (!shell.data?.instance) throw new WebGraphQLError(shell.errors ?? [{ message: 'The instance query failed' }]);
  const { instance, me } = shell.data;
  const acceptLanguage = incoming.headers['accept-language'];
  const locale = chooseLocale({
    account: me?.locale,
    cookie: incoming.cookies[LOCALE_COOKIE],
    acceptLanguage: Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage,
    instanceDefault: instance.defaultLocale,
  });
  const translate = translator(locale);
  return {
    url: incoming.url,
    params,
    locale,
    viewer: me,
    instance,
    t: (key, values) => translate(key as MessageKey, values),
    text: (byLocale) => byLocale[locale] ?? byLocale.en,
    asset: (name) => assets.url(name),
    async gql(query, variables) {
      const result = await ctx.graphql.execute(query, variables, { viewer, request: incoming.request, reply: incoming.reply });
      if (result.errors?.length) throw new WebGraphQLError(result.errors);
      return result.data as any;
    },
  };
}
