// In-process GraphQL for plugins: run an operation against the composed
// schema as the viewer of a request (from its headers and cookies, the
// same way /graphql finds it), with fresh dataloaders, no HTTP. The web
// plugin renders its pages from the same types any API client sees, so it
// depends on no other plugin's internals.

import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLError } from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Kernel } from '../kernel.ts';
import { RequestViewer } from '../hooks/core-hooks.ts';
import { Loaders, type MeadowContext, type Viewer } from './context.ts';
import { suspensionOf, toClientError } from './server.ts';
import { suspendedRefusal } from './suspension-guard.ts';

export interface InProcessOptions {
  /** The request's headers (authorization, cookie, accept-language …). */
  headers?: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  /** Run as this viewer instead of the one the headers name (null: signed out). */
  viewer?: Viewer | null;
  /** The Fastify request and reply, when a mutation must set a cookie (signIn). */
  request?: FastifyRequest;
  reply?: FastifyReply;
}

export interface InProcessResult<T> {
  data?: T | null;
  /** With stable `extensions.code`, as /graphql answers them. */
  errors?: readonly GraphQLError[];
}

export interface InProcessGraphQL {
  execute<T = any>(query: string, variables?: Record<string, unknown>, options?: InProcessOptions): Promise<InProcessResult<T>>;
  /** Who the headers and cookies name (null when signed out). */
  viewerOf(headers: Record<string, string | string[] | undefined>, cookies?: Record<string, string | undefined>): Promise<Viewer | null>;
}

// graphql's CommonJS build, the one the schema's classes come from: Node
// loads it for every `import 'graphql'` (the package has no "exports"), but
// Vite-based test runners hand transformed files the .mjs build, and
// graphql refuses a schema made by the other copy.
const { execute, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Parsed and validated documents, by query text (plugins send a few fixed queries). */
const MAX_CACHED = 500;

export function createInProcessGraphQL(kernel: () => Kernel): InProcessGraphQL {
  const documents = new Map<string, DocumentNode>();
  const viewerOf = (headers: Record<string, string | string[] | undefined>, cookies: Record<string, string | undefined> = {}) =>
    kernel().bus.applyFilter(RequestViewer, null, { headers, cookies });

  const documentOf = (query: string): DocumentNode | readonly GraphQLError[] => {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (err) {
      return [err as GraphQLError];
    }
    const errors = validate(kernel().schema, document);
    if (errors.length) return errors;
    if (documents.size >= MAX_CACHED) documents.delete(documents.keys().next().value!);
    documents.set(query, document);
    return document;
  };

  return {
    viewerOf,
    async execute(query, variables, options = {}) {
      const k = kernel();
      const document = documentOf(query);
      if (!('kind' in document)) return { errors: document.map((e) => toClientError(e, k)) };
      const viewer = options.viewer !== undefined ? options.viewer : await viewerOf(options.headers ?? {}, options.cookies ?? {});
      const contextValue: MeadowContext = {
        viewer,
        loaders: new Loaders(),
        em: k.db.em(),
        requestId: options.request ? String(options.request.id) : randomUUID(),
        request: options.request,
        reply: options.reply,
      };
      const refusal = await suspendedRefusal(k.schema, document, null, viewer, suspensionOf(k));
      if (refusal) return { errors: [toClientError(refusal, k)] };
      const result = await execute({ schema: k.schema, document, variableValues: variables, contextValue });
      return result.errors?.length ? { data: result.data as any, errors: result.errors.map((e) => toClientError(e, k)) } : { data: result.data as any };
    },
  };
}
